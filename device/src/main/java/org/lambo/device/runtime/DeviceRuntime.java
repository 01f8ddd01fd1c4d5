package org.lambo.device.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
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
import org.lambo.ontology.DeviceMessages.DeviceCommand;
import org.lambo.ontology.DeviceMessages.DeviceResult;
import org.lambo.ontology.DeviceMessages.DeviceTelemetry;
import org.lambo.ontology.DeviceMessages.Work;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device on the testbed's broker: it announces its presence (retained {@code online}, last will
 * {@code offline/lost}), publishes telemetry with its calibrated speed, and runs the commands that
 * arrive on its {@code commands} topic, answering each on its {@code results} topic.
 *
 * <p>A command is <b>really executed</b>: its task's F x scale cycles run on the {@link Workload}
 * kernel on one of the device's worker threads, and the measured CPU time (full size) is the task's
 * busy time. A UE device runs {@link Work#LOCAL} tasks (compute time = busy time, energy
 * P_L x busy); a server device runs {@link Work#SERVE} tasks under their share (compute time = busy /
 * share, as a processor-sharing CPU gives the task that fraction of itself; energy P_L x busy, the
 * server's own draw). The command's input bytes (D x scale / 8) arrive with it and are counted.
 *
 * <p>Bad payloads (malformed, unknown type, another device's id) are rejected and counted by the
 * {@link EnvelopeDispatcher}, never thrown; a well-formed command for the other role is answered with a
 * failed result saying so and counted too. The device never crashes on input.
 */
public final class DeviceRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRuntime.class);

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
     * Creates the device (not yet connected). {@code calibration} is this CPU's measured speed; emulated
     * devices of one process share one, since they share the CPU.
     */
    public DeviceRuntime(DeviceConfig config, Calibration calibration) {
        this.config = Objects.requireNonNull(config, "config");
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        this.workload = new Workload(config.scale());
        this.topic = new Topic(config.testbed(), config.role(), config.deviceId(), Channel.COMMANDS);
        this.dispatcher = EnvelopeDispatcher.builder(codec).rejects(rejects)
                .on(DeviceBodies.COMMAND, DeviceCommand.class, this::onCommand)
                .build();
        EnvelopeFactory stamps = new EnvelopeFactory(config.deviceId(), Clock.systemUTC());
        MqttLinkOptions.Builder options = MqttLinkOptions.builder(config.brokerUri(), config.deviceId())
                .keepAlive(config.keepAlive())
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
        link.connect(patience);
        long period = config.telemetryPeriod().toMillis();
        ticker.scheduleAtFixedRate(this::publishTelemetry, 0, period, TimeUnit.MILLISECONDS);
        LOG.info("{} {} online at {}: {} cycles/s, scale {}", config.role(), config.deviceId(), config.brokerUri(),
                String.format("%.3g", calibration.cyclesPerSecond()), config.scale());
        return this;
    }

    public DeviceConfig config() { return config; }

    public String deviceId() { return config.deviceId(); }

    /** Rejections so far: bad payloads (by reason) and refused commands (under {@code HANDLER_FAILED}). */
    public RejectCounter rejects() { return rejects; }

    /** Bad payloads and refused commands, the {@code rejected} of the telemetry. */
    public long rejected() { return rejects.total() + refused.get(); }

    public long completed() { return completed.get(); }

    public DeviceTelemetry telemetry() {
        return new DeviceTelemetry(calibration.cyclesPerSecond(), calibration.spread(), running.get(), completed.get(), rejected());
    }

    private void publishTelemetry() {
        try {
            sender.send(topic.on(Channel.TELEMETRY), DeviceBodies.TELEMETRY, telemetry());
        } catch (RuntimeException e) {
            LOG.debug("{}: telemetry not sent: {}", config.deviceId(), e.toString());
        }
    }

    /** On Paho's thread: check the command and queue it on a worker; never runs the task here. */
    private void onCommand(Topic on, Envelope<DeviceCommand> e) {
        DeviceCommand c = e.body();
        Work expected = config.role() == Role.UE ? Work.LOCAL : Work.SERVE;
        if (c.work() != expected) {
            refused.incrementAndGet();
            answer(failed(c, config.role() + " device " + config.deviceId() + " runs " + expected + " work, not " + c.work()));
            return;
        }
        try {
            running.incrementAndGet();
            workers.execute(() -> run(c));
        } catch (RejectedExecutionException x) {
            running.decrementAndGet();
            answer(failed(c, "device " + config.deviceId() + " is shutting down"));
        }
    }

    private void run(DeviceCommand c) {
        try {
            int received = Base64.getDecoder().decode(c.input()).length;
            Execution x = workload.execute(c.task().cycles());
            double busy = Math.max(x.busySeconds(), 1e-9); // a task of a few cycles still took some time
            double compute = c.work() == Work.SERVE ? busy / c.share() : busy;
            double energy = config.energy().localPowerW() * busy;
            completed.incrementAndGet();
            answer(new DeviceResult(c.commandId(), c.task().taskId(), true, busy, compute, energy, received, ""));
        } catch (RuntimeException ex) {
            answer(failed(c, "device " + config.deviceId() + " could not run it: " + ex.getMessage()));
        } finally {
            running.decrementAndGet();
        }
    }

    private DeviceResult failed(DeviceCommand c, String reason) {
        return new DeviceResult(c.commandId(), c.task().taskId(), false, 0, 0, 0, 0, reason);
    }

    private void answer(DeviceResult r) {
        try {
            sender.send(topic.on(Channel.RESULTS), DeviceBodies.RESULT, r);
        } catch (RuntimeException ex) {
            LOG.warn("{}: result of {} not sent: {}", config.deviceId(), r.commandId(), ex.toString());
        }
    }

    /** Stops the telemetry and the workers and closes the link cleanly (retained {@code offline/closed}). */
    @Override
    public void close() {
        ticker.shutdownNow();
        workers.shutdownNow();
        link.close();
    }
}
