package org.lambo.device.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.lambo.device.cpu.Calibration;
import org.lambo.device.cpu.Execution;
import org.lambo.device.cpu.Workload;
import org.lambo.device.protocol.DeviceBodies;
import org.lambo.mqtt.client.EnvelopeSender;
import org.lambo.mqtt.client.MqttLink;
import org.lambo.mqtt.client.MqttLinkOptions;
import org.lambo.mqtt.client.Presence;
import org.lambo.mqtt.client.TlsOptions;
import org.lambo.mqtt.payload.Envelope;
import org.lambo.mqtt.payload.EnvelopeCodec;
import org.lambo.mqtt.payload.EnvelopeDispatcher;
import org.lambo.mqtt.payload.EnvelopeFactory;
import org.lambo.mqtt.payload.RejectCounter;
import org.lambo.mqtt.topic.Channel;
import org.lambo.mqtt.topic.Role;
import org.lambo.mqtt.topic.Topic;
import org.lambo.mqtt.topic.TopicFilter;
import org.lambo.ontology.DeviceMessages.DeviceCommand;
import org.lambo.ontology.DeviceMessages.DeviceResult;
import org.lambo.ontology.DeviceMessages.DeviceTelemetry;
import org.lambo.ontology.DeviceMessages.PeerNotice;
import org.lambo.ontology.DeviceMessages.TaskInput;
import org.lambo.ontology.DeviceMessages.Work;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device on the testbed's broker: it announces its presence (retained {@code online}, last will
 * {@code offline/lost}), publishes telemetry with its calibrated speed, and runs the commands that arrive on its
 * {@code commands} topic, answering each on its {@code results} topic.
 *
 * <p>A command is <b>really executed</b>: its task's F x scale cycles run on the {@link Workload} kernel on one of the
 * device's worker threads, and the measured CPU time (full size) is the task's busy time. A UE device runs
 * {@link Work#LOCAL} tasks (compute time = busy time, energy P_L x busy); a server device runs {@link Work#SERVE} tasks
 * under their share (compute time = busy / share, as a processor-sharing CPU gives the task that fraction of itself;
 * energy P_L x busy, the server's own draw). The input bytes (D x scale / 8) of a command without a {@code peer} arrive
 * with it and are counted.
 *
 * <p><b>Offloading between devices.</b> When both ends of an offloaded task are devices, the UE device moves the task's
 * bytes itself: on an {@link Work#UPLOAD} command it publishes a {@link TaskInput} on the server device's {@code peer}
 * topic (QoS 1, through the broker). The server device, holding a {@link Work#SERVE} command naming that UE device as
 * its {@code peer}, runs the task when the bytes have arrived (either may come first; each waits
 * {@link DeviceConfig#peerPatience()} for the other). It answers the UE device on the UE's {@code peer} topic twice
 * ({@link PeerNotice}): a receipt the moment the input arrives, and a completion notice when the task has run, which it
 * sends once {@code busy / share} of wall time has passed since the task began (the processor-sharing CPU the model
 * assumes gives the task that fraction of itself; the worker thread is free meanwhile). The UE device measures, on its
 * own clock: the <em>upload time</em>, from publishing the input to the receipt (the bytes' transfer plus one small
 * message back), and the <em>end-to-end latency</em>, from publishing the input to the completion notice. Both are
 * reported full size like the compute times: the upload by the ratio of the task's full input (D / 8 bytes) to the
 * bytes sent, the server phase divided by the scale. Energy: transmit power x upload time.
 *
 * <p>Bad payloads (malformed, unknown type, another device's id, a peer message whose envelope is not its topic's
 * sender) are rejected and counted by the {@link EnvelopeDispatcher}, never thrown; a well-formed command for the other
 * role is answered with a failed result saying so and counted too. The device never crashes on input.
 *
 * <p><b>Repeats.</b> The bridge sends a command again while it has no result; the device runs a command id once: a
 * repeat of a command still running is ignored, one of a command already answered gets the same result again. It
 * remembers answers by slot ({@link CommandMemory}): beyond {@value #REMEMBERED} answers it forgets whole slots, the
 * oldest first, so a command it does not remember is new only if its slot is after every slot it forgot; one of a slot
 * it forgot may be a repeat of a command it ran (under a flood of resends, the bridge's, each a second after the broker
 * took the command) and fails at once ("too late ..."), however many commands came between. Its first answer, if it was
 * sent, went out before on the same topic and reaches the bridge first (MQTT keeps a client's messages on a topic in
 * order), so the bridge keeps that one; the failure speaks only when the first answer was lost. The memory lives in the
 * process: a device restarted mid-trial does not know what it ran before (docs/MQTT.md). Likewise a UE device sends an
 * upload's input again (1 s, doubling to 8 s) until the completion notice comes, and a server device answers a repeated
 * input with its receipt and, once the task ended, its completion notice again, running the task once.
 *
 * <p><b>Trials.</b> The memory of commands is the current trial's ({@link TrialMemory}). An input and a notice name
 * their trial too ({@link TaskInput#trial()}, {@link PeerNotice#trial()}: the UE device's command's), and both devices
 * key the halves of an offloaded task and the served tasks by trial, UE device and task: a later trial of the same
 * scenario and seed uses the same task ids, and its input may reach the server device before the server's first command
 * of it does. Such an input is held for its own trial's command (never answered with the notice of the earlier trial's
 * task of the same id); an input of a trial that ended on this device runs nothing and is answered with a failed notice
 * saying so; when a trial begins, the halves of the one that ended are dropped.
 */
public final class DeviceRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRuntime.class);
    /**
     * How many answers a device remembers (whole slots, {@link CommandMemory}) and how many served peers' tasks, to
     * answer repeats.
     */
    static final int REMEMBERED = 4096;

    private static final long RESEND_FIRST_MS = 1_000;
    private static final long RESEND_MAX_MS = 8_000;
    /**
     * A device's reconnection delays: 200 ms doubling to at most 4 s (half jitter), so a device is back within a few
     * seconds of its broker, well inside the bridge's lost grace (10 s); the link's default (30 s) would outlast it
     * after a restart that took a few seconds.
     */
    public static final org.lambo.mqtt.client.Backoff RECONNECT =
            new org.lambo.mqtt.client.Backoff(Duration.ofMillis(200), Duration.ofSeconds(4), 2.0, 0.5);

    private final DeviceConfig config;
    private final Calibration calibration;
    private final Workload workload;
    private final Topic topic;
    private final EnvelopeCodec codec = DeviceBodies.codec();
    private final RejectCounter rejects = new RejectCounter();
    private final EnvelopeDispatcher dispatcher;
    private final MqttLink link;
    private final EnvelopeSender sender;
    private final ExecutorService workers;
    private final ScheduledExecutorService ticker;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    /**
     * Offloaded tasks' halves waiting for each other, by {@code trial/ueDevice/taskId} (a UE device's uploads by
     * {@code server|trial/ueDevice/taskId}); guarded by itself.
     */
    private final Map<String, Object> transfers = new HashMap<>();
    /**
     * A server device's served peers' tasks by {@code trial/ueDevice/taskId}: null while running, then the completion
     * notice; guarded by {@link #transfers}.
     */
    private final Map<String, PeerNotice> served = bounded();
    /**
     * The commands taken, running and answered, by slot, to run each command id once however late its repeat comes;
     * guarded by itself.
     */
    private final TrialMemory commands = new TrialMemory(REMEMBERED);

    private final AtomicLong repeats = new AtomicLong();

    private static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > REMEMBERED;
            }
        };
    }

    /** A server's SERVE command waiting for its input, or an input waiting for its command. */
    private record AwaitingInput(DeviceCommand command, ScheduledFuture<?> expiry) {}

    private record ArrivedInput(TaskInput input, ScheduledFuture<?> expiry) {}
    /** A UE device's upload in flight: when it was sent and when the receipt came (0: not yet). */
    private static final class Upload {
        final DeviceCommand command;
        final long sentNanos;
        long receiptNanos;
        ScheduledFuture<?> expiry;

        Upload(DeviceCommand command, long sentNanos) {
            this.command = command;
            this.sentNanos = sentNanos;
        }
    }

    /**
     * Creates the device (not yet connected). {@code calibration} is this CPU's measured speed; emulated devices of one
     * process share one, since they share the CPU.
     */
    public DeviceRuntime(DeviceConfig config, Calibration calibration) {
        this.config = Objects.requireNonNull(config, "config");
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        this.workload = new Workload(config.scale());
        this.topic = new Topic(config.testbed(), config.role(), config.deviceId(), Channel.COMMANDS);
        this.dispatcher = EnvelopeDispatcher.builder(codec)
                .rejects(rejects)
                .on(DeviceBodies.COMMAND, DeviceCommand.class, this::onCommand)
                .on(DeviceBodies.INPUT, TaskInput.class, this::onInput)
                .on(DeviceBodies.NOTICE, PeerNotice.class, this::onNotice)
                .build();
        EnvelopeFactory stamps = new EnvelopeFactory(config.deviceId(), Clock.systemUTC());
        MqttLinkOptions.Builder options = MqttLinkOptions.builder(config.brokerUri(), config.deviceId())
                .keepAlive(config.keepAlive())
                .backoff(RECONNECT)
                .random(new SplittableRandom(config.deviceId().hashCode()));
        if (config.username() != null) options.credentials(config.username(), config.password());
        config.tlsCaFile().ifPresent(ca -> options.tls(TlsOptions.caFile(ca)));
        Presence.announce(options, topic, codec, stamps);
        this.link = MqttLink.create(options.build());
        this.sender = new EnvelopeSender(link, codec, stamps);
        this.workers = Executors.newFixedThreadPool(config.workers(), daemon(config.deviceId() + "-work"));
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon(config.deviceId() + "-telemetry"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }

    /** Connects (within {@code patience}), subscribes to its commands, and starts the telemetry. */
    public DeviceRuntime start(Duration patience) {
        link.subscribe(topic.name(), 1, m -> dispatcher.handle(m.topic(), m.payload()));
        // lambo/{testbed}/{role}/{id}/peer/+: each peer writes under its own id, which the ACL pins to its user
        link.subscribe(
                TopicFilter.of(topic).channel(Channel.PEER).filter(),
                1,
                m -> dispatcher.handle(m.topic(), m.payload()));
        link.connect(patience);
        long period = config.telemetryPeriod().toMillis();
        ticker.scheduleAtFixedRate(this::publishTelemetry, 0, period, TimeUnit.MILLISECONDS);
        LOG.info(
                "{} {} online at {}: {} cycles/s, scale {}",
                config.role(),
                config.deviceId(),
                config.brokerUri(),
                String.format("%.3g", calibration.cyclesPerSecond()),
                config.scale());
        return this;
    }

    public DeviceConfig config() {
        return config;
    }

    public String deviceId() {
        return config.deviceId();
    }

    /** Rejections so far: bad payloads (by reason) and refused commands (under {@code HANDLER_FAILED}). */
    public RejectCounter rejects() {
        return rejects;
    }

    /** Bad payloads and refused commands, the {@code rejected} of the telemetry. */
    public long rejected() {
        return rejects.total() + refused.get();
    }

    public long completed() {
        return completed.get();
    }

    /**
     * Repeated commands and inputs (the bridge's or a UE device's resends): answered again or ignored, never run twice.
     */
    public long repeats() {
        return repeats.get();
    }

    /** Halves of offloaded tasks waiting for their other half: commands or inputs on a server, uploads on a UE. */
    public int transfersInFlight() {
        synchronized (transfers) {
            return transfers.size();
        }
    }

    public DeviceTelemetry telemetry() {
        return new DeviceTelemetry(
                calibration.cyclesPerSecond(), calibration.spread(), running.get(), completed.get(), rejected());
    }

    private void publishTelemetry() {
        try {
            sender.send(topic.on(Channel.TELEMETRY), DeviceBodies.TELEMETRY, telemetry());
        } catch (RuntimeException e) {
            LOG.debug("{}: telemetry not sent: {}", config.deviceId(), e.toString());
        }
    }

    /** On Paho's thread: check the command and queue it on a worker (or start its upload); never runs the task here. */
    private void onCommand(Topic on, Envelope<DeviceCommand> e) {
        DeviceCommand c = e.body();
        TrialMemory.Admission seen;
        int forgotten;
        String before;
        String current;
        synchronized (commands) {
            before = commands.current();
            seen = commands.admit(c.trial(), c.commandId(), c.slot());
            forgotten = commands.forgottenSlot();
            current = commands.current();
        }
        if (!current.equals(before)) {
            if (before == null) LOG.info("{}: trial {} begins", config.deviceId(), current);
            else
                LOG.info(
                        "{}: trial {} begins; trial {} ended (its commands are no longer run or answered)",
                        config.deviceId(),
                        current,
                        before);
            if (before != null) dropHalvesOf(before);
        }
        switch (seen.verdict()) {
            case ENDED -> {
                refused.incrementAndGet();
                send(failed(
                        c,
                        "command " + c.commandId() + " is of trial " + c.trial() + ", which ended: device "
                                + config.deviceId() + " runs trial " + current + " now, so it does not run it"));
                return;
            }
            case RUNNING -> {
                repeats.incrementAndGet(); // still running: its result will come
                return;
            }
            case ANSWERED -> {
                repeats.incrementAndGet();
                send(seen.answer()); // the first answer was lost, or crossed the repeat
                return;
            }
            case TOO_LATE -> {
                refused.incrementAndGet();
                answer(failed(
                        c,
                        "command " + c.commandId() + " of slot " + c.slot() + " came too late: device "
                                + config.deviceId() + " has forgotten commands up to slot " + forgotten
                                + ", so it may have run this one already (a resend) and does not run it again"));
                return;
            }
            case NEW -> {
                // runs below
            }
        }
        boolean mine =
                config.role() == Role.UE ? c.work() == Work.LOCAL || c.work() == Work.UPLOAD : c.work() == Work.SERVE;
        if (!mine) {
            refused.incrementAndGet();
            String runs = config.role() == Role.UE ? "LOCAL and UPLOAD" : "SERVE";
            answer(failed(
                    c, config.role() + " device " + config.deviceId() + " runs " + runs + " work, not " + c.work()));
            return;
        }
        if (c.work() == Work.UPLOAD) {
            upload(c);
        } else if (c.peer().isEmpty()) {
            execute(c, Base64.getDecoder().decode(c.input()).length);
        } else {
            serveWhenInputArrives(c);
        }
    }

    /**
     * Drops what waits of trial {@code ended} (its halves of offloaded tasks: commands, inputs, uploads) and the served
     * tasks: its results would not be sent, and a task id of the new trial is not a repeat of them.
     */
    private void dropHalvesOf(String ended) {
        int dropped = 0;
        synchronized (transfers) {
            served.clear();
            for (var it = transfers.values().iterator(); it.hasNext(); ) {
                Object half = it.next();
                ScheduledFuture<?> expiry;
                String trial;
                if (half instanceof AwaitingInput a) {
                    trial = a.command().trial();
                    expiry = a.expiry();
                } else if (half instanceof ArrivedInput a) {
                    trial = a.input().trial();
                    expiry = a.expiry();
                } else if (half instanceof Upload u) {
                    trial = u.command.trial();
                    expiry = u.expiry;
                } else continue;
                if (!trial.equals(ended)) continue;
                it.remove();
                if (expiry != null) expiry.cancel(false);
                dropped++;
            }
        }
        if (dropped > 0)
            LOG.info("{}: {} halves of offloaded tasks of ended trial {} dropped", config.deviceId(), dropped, ended);
    }

    private void execute(DeviceCommand c, int receivedBytes) {
        try {
            running.incrementAndGet();
            workers.execute(() -> run(c, receivedBytes));
        } catch (RejectedExecutionException x) {
            running.decrementAndGet();
            fail(c, "device " + config.deviceId() + " is shutting down");
        }
    }

    private void run(DeviceCommand c, int receivedBytes) {
        boolean handedOver = false; // to the ticker, which then ends the task
        try {
            long start = System.nanoTime();
            Execution x = workload.execute(c.task().cycles());
            double busy = Math.max(x.busySeconds(), 1e-9); // a task of a few cycles still took some time
            double compute = c.work() == Work.SERVE ? busy / c.share() : busy;
            double energy = config.energy().localPowerW() * busy;
            DeviceResult result = new DeviceResult(
                    c.commandId(),
                    c.task().taskId(),
                    true,
                    busy,
                    compute,
                    energy,
                    receivedBytes,
                    0,
                    compute,
                    "",
                    c.trial());
            Runnable finish = () -> {
                try {
                    completed.incrementAndGet();
                    answer(result);
                    if (!c.peer().isEmpty())
                        endPeer(
                                c,
                                new PeerNotice(c.task().taskId(), true, true, receivedBytes, compute, "", c.trial()));
                } finally {
                    running.decrementAndGet();
                }
            };
            // a served task with a UE device waiting: it ends once busy / share of wall time has passed since it
            // began, as on a processor-sharing CPU; the worker is free meanwhile (the ticker ends the task)
            long left = c.peer().isEmpty() ? 0 : (long) (x.cpuNanos() / c.share()) - (System.nanoTime() - start);
            if (left > 0) {
                ticker.schedule(finish, left, TimeUnit.NANOSECONDS);
                handedOver = true;
            } else {
                handedOver = true;
                finish.run();
            }
        } catch (RejectedExecutionException ex) {
            fail(c, "device " + config.deviceId() + " is shutting down");
        } catch (RuntimeException ex) {
            fail(c, "device " + config.deviceId() + " could not run it: " + reason(ex));
        } finally {
            if (!handedOver) running.decrementAndGet();
        }
    }

    // ---- server device: a SERVE command and its input from the UE device, in either order

    /** The key of an offloaded task's halves: its trial, UE device and task (trial and device id hold no '/'). */
    private static String transferKey(String trial, String ueDevice, String taskId) {
        return trial + "/" + ueDevice + "/" + taskId;
    }

    private void serveWhenInputArrives(DeviceCommand c) {
        String key = transferKey(c.trial(), c.peer(), c.task().taskId());
        TaskInput ready = null;
        synchronized (transfers) {
            Object there = transfers.get(key);
            if (there instanceof ArrivedInput a) {
                transfers.remove(key);
                a.expiry().cancel(false);
                ready = a.input();
                served.put(key, null);
            } else if (there == null) {
                transfers.put(key, new AwaitingInput(c, later(() -> expireCommand(key))));
                return;
            }
        }
        if (ready == null) {
            answer(failed(
                    c,
                    "device " + config.deviceId() + " already holds a command for task "
                            + c.task().taskId() + " from " + c.peer()));
        } else {
            serveWith(c, ready);
        }
    }

    /**
     * On Paho's thread: an offloaded task's input from a UE device. Receipt first, then the task if its command is
     * here.
     */
    private void onInput(Topic on, Envelope<TaskInput> e) {
        TaskInput in = e.body();
        String ue = e.deviceId();
        if (config.role() != Role.SERVER) {
            refused.incrementAndGet();
            LOG.warn(
                    "{}: input of {} from {} refused: a {} device takes no uploads",
                    config.deviceId(),
                    in.taskId(),
                    ue,
                    config.role());
            return;
        }
        String endedTrial = null;
        synchronized (commands) {
            if (commands.hasEnded(in.trial())) endedTrial = commands.current();
        }
        if (endedTrial != null) { // a late input (a resend) of a trial that ended here: never matched, never run
            refused.incrementAndGet();
            String why = "input of task " + in.taskId() + " from " + ue + " is of trial " + in.trial()
                    + ", which ended: device " + config.deviceId() + " runs trial " + endedTrial
                    + " now, so it does not run it";
            LOG.warn("{}: {}", config.deviceId(), why);
            notifyPeer(ue, new PeerNotice(in.taskId(), true, false, 0, 0, why, in.trial()));
            return;
        }
        String key = transferKey(in.trial(), ue, in.taskId());
        DeviceCommand waiting = null;
        PeerNotice ended = null;
        synchronized (transfers) {
            Object there = transfers.get(key);
            if (there instanceof AwaitingInput a) {
                transfers.remove(key);
                a.expiry().cancel(false);
                waiting = a.command();
                served.put(key, null);
            } else if (there != null
                    || served.containsKey(key)) { // a resend: the receipt again, and the end if there is one
                repeats.incrementAndGet();
                ended = served.get(key);
            } else if (transfers.size() >= REMEMBERED) { // a flood of inputs no command asked for: hold no more
                refused.incrementAndGet();
                LOG.warn(
                        "{}: input of {} from {} dropped: {} transfers already wait",
                        config.deviceId(),
                        in.taskId(),
                        ue,
                        transfers.size());
                return;
            } else {
                transfers.put(key, new ArrivedInput(in, later(() -> expireInput(key))));
            }
        }
        notifyPeer(
                ue,
                new PeerNotice(
                        in.taskId(),
                        false,
                        true,
                        in.inputBytes(),
                        0,
                        "",
                        in.trial())); // the receipt, then the end if there is one
        if (ended != null) notifyPeer(ue, ended);
        if (waiting != null) serveWith(waiting, in);
    }

    private void serveWith(DeviceCommand c, TaskInput in) {
        if (in.inputBytes() != c.inputBytes()) {
            fail(
                    c,
                    "device " + config.deviceId() + " received " + in.inputBytes() + " input bytes from " + c.peer()
                            + ", expected " + c.inputBytes());
        } else {
            execute(c, in.inputBytes());
        }
    }

    private void expireCommand(String key) {
        Object gone;
        synchronized (transfers) {
            gone = transfers.get(key) instanceof AwaitingInput ? transfers.remove(key) : null;
        }
        if (gone instanceof AwaitingInput a) {
            fail(
                    a.command(),
                    "device " + config.deviceId() + " got no input from "
                            + a.command().peer() + " within "
                            + config.peerPatience().toMillis() + " ms");
        }
    }

    private void expireInput(String key) {
        synchronized (transfers) {
            if (transfers.get(key)
                    instanceof ArrivedInput) { // e.g. the server agent refused the task: no command comes
                transfers.remove(key);
                LOG.info(
                        "{}: input {} dropped: no command for it within {} ms",
                        config.deviceId(),
                        key,
                        config.peerPatience().toMillis());
            }
        }
    }

    // ---- UE device: the upload of an offloaded task and its measurement

    private void upload(DeviceCommand c) {
        String key = transferKey(c.trial(), config.deviceId(), c.task().taskId());
        String server = c.peer();
        Upload u;
        synchronized (transfers) {
            if (transfers.containsKey(server + "|" + key)) {
                fail(
                        c,
                        "device " + config.deviceId() + " is already uploading task "
                                + c.task().taskId() + " to " + server);
                return;
            }
            u = new Upload(c, System.nanoTime());
            transfers.put(server + "|" + key, u);
            u.expiry = later(() -> expireUpload(server + "|" + key));
        }
        try {
            TaskInput in = new TaskInput(
                    c.task().taskId(),
                    DeviceBodies.payload(c.task().taskId(), c.inputBytes()),
                    c.inputBytes(),
                    c.trial());
            Topic to = Topic.peer(config.testbed(), Role.SERVER, server, config.deviceId());
            sender.send(to, DeviceBodies.INPUT, in);
            resendInput(server + "|" + key, u, to, in, RESEND_FIRST_MS);
        } catch (RuntimeException ex) {
            synchronized (transfers) {
                transfers.remove(server + "|" + key);
            }
            u.expiry.cancel(false);
            fail(c, "device " + config.deviceId() + " could not send the input to " + server + ": " + reason(ex));
        }
    }

    /** Sends an upload's input again after {@code waitMs} while the upload waits for its completion notice. */
    private void resendInput(String key, Upload u, Topic to, TaskInput in, long waitMs) {
        try {
            ticker.schedule(
                    () -> {
                        synchronized (transfers) {
                            if (transfers.get(key) != u) return; // ended
                        }
                        try {
                            sender.send(to, DeviceBodies.INPUT, in);
                        } catch (RuntimeException ex) {
                            LOG.debug("{}: input of {} not resent: {}", config.deviceId(), in.taskId(), reason(ex));
                        }
                        resendInput(key, u, to, in, Math.min(RESEND_MAX_MS, 2 * waitMs));
                    },
                    waitMs,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException ex) {
            // closing
        }
    }

    /** On Paho's thread: the server device's receipt or completion notice for one of this UE device's uploads. */
    private void onNotice(Topic on, Envelope<PeerNotice> e) {
        long now = System.nanoTime();
        PeerNotice n = e.body();
        String key = e.deviceId() + "|" + transferKey(n.trial(), config.deviceId(), n.taskId());
        Upload u;
        synchronized (transfers) {
            u = transfers.get(key) instanceof Upload x ? x : null;
            if (u != null && !n.done()) {
                if (u.receiptNanos == 0) u.receiptNanos = now;
                return;
            }
            if (u != null) transfers.remove(key);
        }
        if (u == null) { // late (the upload gave up waiting), of another trial, or not for this device's uploads
            LOG.info(
                    "{}: notice for {} of trial {} from {} dropped: no such upload in flight",
                    config.deviceId(),
                    n.taskId(),
                    n.trial(),
                    e.deviceId());
            return;
        }
        u.expiry.cancel(false);
        DeviceCommand c = u.command;
        if (!n.completed()) {
            fail(c, "server device " + e.deviceId() + ": " + n.reason());
            return;
        }
        long receipt = u.receiptNanos == 0 ? now : u.receiptNanos; // QoS 1 in order: the receipt comes first
        double fullBytes = Math.ceil(c.task().bits() / 8);
        double uploadS = (receipt - u.sentNanos) / 1e9 * fullBytes / c.inputBytes();
        double latencyS = uploadS + (now - receipt) / 1e9 / config.scale();
        double energy = config.energy().uploadJoules(uploadS);
        completed.incrementAndGet();
        answer(new DeviceResult(
                c.commandId(),
                c.task().taskId(),
                true,
                0,
                n.computeTimeS(),
                energy,
                c.inputBytes(),
                uploadS,
                latencyS,
                "",
                c.trial()));
    }

    private void expireUpload(String key) {
        Object gone;
        synchronized (transfers) {
            gone = transfers.get(key) instanceof Upload ? transfers.remove(key) : null;
        }
        if (gone instanceof Upload u) {
            fail(
                    u.command,
                    "device " + config.deviceId() + " heard " + (u.receiptNanos == 0 ? "no receipt" : "no completion")
                            + " from " + u.command.peer() + " within "
                            + config.peerPatience().toMillis() + " ms");
        }
    }

    private ScheduledFuture<?> later(Runnable r) {
        return ticker.schedule(r, config.peerPatience().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void notifyPeer(String ueDevice, PeerNotice n) {
        try {
            sender.send(Topic.peer(config.testbed(), Role.UE, ueDevice, config.deviceId()), DeviceBodies.NOTICE, n);
        } catch (RuntimeException ex) {
            LOG.warn("{}: notice for {} to {} not sent: {}", config.deviceId(), n.taskId(), ueDevice, ex.toString());
        }
    }

    /** Answers the bridge with a failed result and, for a served task with a peer, tells the UE device too. */
    private void fail(DeviceCommand c, String reason) {
        answer(failed(c, reason));
        if (c.work() == Work.SERVE && !c.peer().isEmpty())
            endPeer(c, new PeerNotice(c.task().taskId(), true, false, 0, 0, reason, c.trial()));
    }

    /** Tells a served task's UE device how it ended, and remembers it for a resent input. */
    private void endPeer(DeviceCommand c, PeerNotice done) {
        synchronized (transfers) {
            served.put(transferKey(c.trial(), c.peer(), c.task().taskId()), done);
        }
        notifyPeer(c.peer(), done);
    }

    private DeviceResult failed(DeviceCommand c, String reason) {
        return new DeviceResult(c.commandId(), c.task().taskId(), false, 0, 0, 0, 0, 0, 0, reason, c.trial());
    }

    /**
     * Sends a command's result and remembers it for a repeat of the command (if the command was accepted); the result
     * of a command of a trial that ended meanwhile is not sent (that trial's bridge is gone, and a later trial's bridge
     * may wait for a command of the same id).
     */
    private void answer(DeviceResult r) {
        synchronized (commands) {
            if (!commands.answered(r.trial(), r)) {
                LOG.info(
                        "{}: result of {} of ended trial {} not sent (trial {} runs now)",
                        config.deviceId(),
                        r.commandId(),
                        r.trial(),
                        commands.current());
                return;
            }
        }
        send(r);
    }

    private void send(DeviceResult r) {
        try {
            sender.send(topic.on(Channel.RESULTS), DeviceBodies.RESULT, r);
        } catch (RuntimeException ex) {
            LOG.warn("{}: result of {} not sent: {}", config.deviceId(), r.commandId(), ex.toString());
        }
    }

    /** A throwable's message, or its class when it has none: a failure's reason is never the word {@code null}. */
    static String reason(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** Stops the telemetry and the workers and closes the link cleanly (retained {@code offline/closed}). */
    @Override
    public void close() {
        ticker.shutdownNow();
        workers.shutdownNow();
        link.close();
    }
}
