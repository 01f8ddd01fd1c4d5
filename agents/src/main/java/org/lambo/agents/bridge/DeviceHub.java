package org.lambo.agents.bridge;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.lambo.device.protocol.DeviceBodies;
import org.lambo.mqtt.client.ConnectionListener;
import org.lambo.mqtt.client.EnvelopeSender;
import org.lambo.mqtt.client.MqttLink;
import org.lambo.mqtt.client.MqttLinkOptions;
import org.lambo.mqtt.payload.DeviceStatus;
import org.lambo.mqtt.payload.Envelope;
import org.lambo.mqtt.payload.EnvelopeCodec;
import org.lambo.mqtt.payload.EnvelopeDispatcher;
import org.lambo.mqtt.payload.EnvelopeFactory;
import org.lambo.mqtt.payload.RejectCounter;
import org.lambo.mqtt.topic.Channel;
import org.lambo.mqtt.topic.Ids;
import org.lambo.mqtt.topic.Role;
import org.lambo.mqtt.topic.Topic;
import org.lambo.mqtt.topic.TopicFilter;
import org.lambo.ontology.DeviceMessages.DeviceCommand;
import org.lambo.ontology.DeviceMessages.DeviceResult;
import org.lambo.ontology.DeviceMessages.DeviceTelemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The testbed's side of the device protocol, shared by every bridge agent of a JVM: one MQTT link (client id
 * {@code lambo-bridge-<testbed>}, role {@code bridge}), the devices' presence and telemetry, and the commands in
 * flight. {@link #run} sends a command to a listed device and completes with its {@link DeviceResult}; it fails at once
 * for a device that is offline (closed, never connected, or {@code lost} with its grace spent: see {@link #reachable}),
 * and fails every command in flight on a device whose status turns offline, with that reason: at once when the device
 * closed, and when its last will ({@code lost}) came only if it is still offline after {@link #lostGrace()} of the
 * hub's own connected time.
 *
 * <p>Why the grace: a {@code lost} will also comes when the <em>broker</em> restarts (mosquitto publishes the will of
 * every client when it stops, SIGTERM included: seen with 2.0.11). The device's persistent QoS-1 session keeps the
 * command queued, or its outbox keeps the result, so a device that is back online within the grace still answers
 * ({@code BrokerRestartTrialIT}); failing its commands at once lost them.
 *
 * <p>Only devices on the {@link DeviceMap} exist for the hub: a message from another id, or from a listed id under the
 * other role, is dropped and counted ({@link #strangers()}), and no command is ever sent to one. Bad payloads are
 * rejected and counted by the {@link EnvelopeDispatcher}.
 *
 * <p><b>What a device may say.</b> Every envelope's {@code deviceId} must be its topic's device (the dispatcher); every
 * telemetry and result value must lie in {@link DeviceRanges} (else the message is rejected and counted by field,
 * {@link #outOfRange()}); a result must answer a command in flight to that device (else it is counted:
 * {@link #unknownResults()}, {@link #finishedResults()}).
 *
 * <p><b>No command lost.</b> QoS 1 and persistent sessions carry a command across a broker restart, but an end-to-end
 * check costs little: while a command has no result the hub sends it again (a new envelope, the same {@code commandId})
 * after {@link #RESEND_FIRST}, doubling to {@link #RESEND_MAX}; the device runs a command id once and answers a repeat
 * with the result it already sent (or nothing while it runs). So a command or a result lost anywhere (a broker without
 * persistence, a session the broker forgot, a device's outbox that died with it) costs one resend interval.
 *
 * <p><b>No resend into a backlog.</b> A device takes its commands in the order they were sent. When a command's resend
 * is due while its device is visibly working through older commands (a result came from it within the interval, and no
 * command sent to it after this one has been answered), the command is most likely queued ahead of the device, not
 * lost: the resend is held back ({@link #deferredResends()}) and checked again after the same interval. It is sent once
 * the device answers a newer command (this command or its result was lost) or is silent for an interval, as before.
 * Under a backlog of seconds the resends had multiplied the traffic (61,375 for 25,000 commands at 5000 a second
 * through Moquette, docs/BENCHMARKS.md); a lost command still costs about one interval once the device has reached it.
 * Thread-safe.
 */
public final class DeviceHub implements AutoCloseable {
    /** The prefix of the hub's client id: {@code lambo-bridge-<testbed>} ({@link #clientId}). */
    public static final String CLIENT_ID_PREFIX = "lambo-bridge-";
    /**
     * The default of how long (of the hub's connected time) a device whose will ({@code lost}) came may take to be
     * online again before its commands fail: a device's first reconnection to a restarting broker can hang for the
     * link's connect timeout (5 s) before its backoff retries, so 5 s was observed to be too short.
     */
    public static final Duration DEFAULT_LOST_GRACE = Duration.ofSeconds(10);
    /** The longest lost grace a hub takes. */
    public static final Duration MAX_LOST_GRACE = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(DeviceHub.class);
    private static final long NOT_CONNECTED = Long.MIN_VALUE;
    private static final long GRACE_CHECK_MS = 250;
    /**
     * The first resend of a command without a result comes this long after the broker acknowledged it; then the
     * interval doubles.
     */
    public static final Duration RESEND_FIRST = Duration.ofSeconds(1);
    /** The longest interval between resends of a command. */
    public static final Duration RESEND_MAX = Duration.ofSeconds(8);
    /** How many finished command ids the hub remembers, to tell a late result from an unknown one. */
    private static final int FINISHED_MEMORY = 100_000;
    /** How many rejections of each kind are logged (the rest are only counted). */
    private static final int LOGGED = 10;

    /** A device's presence as last announced; {@code reason} is {@code never connected} until its first status. */
    public record Presence(boolean online, String reason) {}

    private final DeviceMap devices;
    private final String testbed;
    /**
     * This trial's id, a random nonce put into every command ({@link DeviceCommand#trial()}): a device remembers the
     * commands it ran per trial, so a later trial's command of the same id (same scenario and seed) runs again.
     */
    private final String trial = newTrialId();

    private final double scale;
    private final Duration lostGrace;
    private final EnvelopeCodec codec = DeviceBodies.codec();
    private final RejectCounter rejects = new RejectCounter();
    private final MqttLink link;
    private final EnvelopeSender sender;
    private final Map<String, Presence> presence = new ConcurrentHashMap<>();
    private final Map<String, DeviceTelemetry> telemetry = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong strangers = new AtomicLong();
    private final Map<String, AtomicLong> outOfRange = new ConcurrentHashMap<>();
    private final AtomicLong unknownResults = new AtomicLong();
    private final AtomicLong finishedResults = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final AtomicLong deferredResends = new AtomicLong();
    /** The order of the commands sent, across devices: a device takes its own in this order. */
    private final AtomicLong sendOrder = new AtomicLong();
    /** What each device has answered lately, to hold back resends into its backlog. */
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();
    /** Finished command ids, oldest first; guarded by itself. */
    private final Map<String, Boolean> finished = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > FINISHED_MEMORY;
        }
    };
    /** The highest slot of a command sent so far: when a dropout began and ended, in the trial's terms. */
    private final AtomicInteger slot = new AtomicInteger(-1);
    /** Each device's times offline, oldest first; guarded by itself. */
    private final Map<String, List<Dropout>> dropouts = new LinkedHashMap<>();

    private final long createdNanos = System.nanoTime();
    private final ScheduledExecutorService resender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "device-hub-resend");
        t.setDaemon(true);
        return t;
    });
    /** {@link System#nanoTime()} of the link's current connection, {@link #NOT_CONNECTED} while it has none. */
    private final AtomicLong connectedSince = new AtomicLong(NOT_CONNECTED);

    private volatile boolean closed;
    /** {@link System#nanoTime()} when each device's last {@code lost} will came. */
    private final Map<String, Long> lostAt = new ConcurrentHashMap<>();

    private record Pending(
            String deviceId, DeviceCommand command, CompletableFuture<DeviceResult> result, long order) {}

    /** A device's latest answers: when any result last came from it, and the latest-sent command it answered. */
    private static final class Progress {
        volatile long lastResultNanos;
        final AtomicLong newestAnswered = new AtomicLong(-1);
    }

    /**
     * A time a device was offline: from {@code fromS} (seconds since the hub started) to {@code toS} (NaN while it
     * lasts), why, and the highest slot of a command the hub had sent at either end (-1: before the first).
     */
    public record Dropout(String deviceId, String reason, double fromS, int fromSlot, double toS, int toSlot) {
        public boolean ended() {
            return !Double.isNaN(toS);
        }

        /** Its length in seconds, up to {@code nowS} while it lasts. */
        public double seconds(double nowS) {
            return (ended() ? toS : nowS) - fromS;
        }
    }

    /**
     * @param brokerUri where the devices are
     * @param testbed the topics' testbed level
     * @param devices the devices of the trial
     * @param scale the devices' workload scale: a command's input is D x scale / 8 bytes
     */
    public DeviceHub(String brokerUri, String testbed, DeviceMap devices, double scale, long seed) {
        this(MqttLinkOptions.builder(brokerUri, clientId(testbed)), testbed, devices, scale, DEFAULT_LOST_GRACE, seed);
    }

    /**
     * As above, on a link configured by {@code linkOptions} (credentials, TLS; its client id should be
     * {@link #clientId}{@code (testbed)}), with a {@code lostGrace} in [0, {@link #MAX_LOST_GRACE}].
     */
    public DeviceHub(
            MqttLinkOptions.Builder linkOptions,
            String testbed,
            DeviceMap devices,
            double scale,
            Duration lostGrace,
            long seed) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.testbed = testbed;
        if (!(scale > 0 && scale <= 1)) throw new IllegalArgumentException("scale must be in (0, 1], got " + scale);
        this.scale = scale;
        this.lostGrace = checkLostGrace(lostGrace);
        this.link =
                MqttLink.create(linkOptions.random(new SplittableRandom(seed)).build());
        this.sender = new EnvelopeSender(link, codec, new EnvelopeFactory(clientId(testbed), Clock.systemUTC()));
        EnvelopeDispatcher in = EnvelopeDispatcher.builder(codec)
                .rejects(rejects)
                .on(DeviceStatus.TYPE, DeviceStatus.class, this::onStatus)
                .on(DeviceBodies.TELEMETRY, DeviceTelemetry.class, this::onTelemetry)
                .on(DeviceBodies.RESULT, DeviceResult.class, this::onResult)
                .build();
        link.addConnectionListener(new ConnectionListener() {
            @Override
            public void connected(boolean reconnect) {
                connectedSince.set(System.nanoTime());
            }

            @Override
            public void disconnected(Throwable cause) {
                connectedSince.set(NOT_CONNECTED);
            }
        });
        for (Channel c : List.of(Channel.STATUS, Channel.TELEMETRY, Channel.RESULTS)) {
            link.subscribe(TopicFilter.of(testbed).channel(c).filter(), 1, m -> in.handle(m.topic(), m.payload()));
        }
    }

    /**
     * The hub's MQTT client id on testbed {@code testbed}: {@code lambo-bridge-<testbed>}. Each testbed's hub has its
     * own persistent session, so trials of different testbeds can share a broker; a valid id (at most 64 characters, so
     * a testbed id of at most 51).
     */
    public static String clientId(String testbed) {
        return Ids.require("the bridge's client id", CLIENT_ID_PREFIX + testbed);
    }

    /** Checks a lost grace: in [0, {@link #MAX_LOST_GRACE}]. */
    public static Duration checkLostGrace(Duration grace) {
        if (grace == null || grace.isNegative() || grace.compareTo(MAX_LOST_GRACE) > 0) {
            throw new IllegalArgumentException("the device lost grace must be in [0, " + MAX_LOST_GRACE.toMillis()
                    + "] ms, got " + (grace == null ? "null" : grace.toMillis() + " ms"));
        }
        return grace;
    }

    /** How long a device whose will ({@code lost}) came stays {@link #reachable}, of the hub's connected time. */
    public Duration lostGrace() {
        return lostGrace;
    }

    /** Connects within {@code patience}. */
    public DeviceHub connect(Duration patience) {
        link.connect(patience);
        return this;
    }

    /**
     * Waits up to {@code patience} for every listed device to be ready: online, and its telemetry (its calibrated
     * speed, which its agent states as f) received. Returns those that are not.
     */
    public List<String> awaitReady(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            List<String> missing = all().stream()
                    .filter(id -> !presence(id).online() || !telemetry.containsKey(id))
                    .toList();
            if (missing.isEmpty() || System.nanoTime() > deadline) return missing;
            Thread.sleep(20);
        }
    }

    private List<String> all() {
        List<String> ids = new java.util.ArrayList<>(devices.servers());
        ids.addAll(devices.ues());
        return ids;
    }

    public DeviceMap devices() {
        return devices;
    }

    /** This trial's id: 16 random hex digits, drawn once per hub (a hub serves one trial; a resumed one draws anew). */
    public String trial() {
        return trial;
    }

    private static final java.security.SecureRandom TRIAL_IDS = new java.security.SecureRandom();

    /** A fresh trial id: 16 hex digits from {@link java.security.SecureRandom}. */
    static String newTrialId() {
        return String.format("%016x", TRIAL_IDS.nextLong());
    }

    public double scale() {
        return scale;
    }

    public Presence presence(String deviceId) {
        return presence.getOrDefault(deviceId, new Presence(false, "never connected"));
    }

    public boolean online(String deviceId) {
        return presence(deviceId).online();
    }

    /**
     * Whether a command for the device may still be answered: it is online, or its will ({@code lost}) came less than
     * {@link #lostGrace()} of the hub's connected time ago, as when the broker restarts. A UE's task waits for such a
     * device; the orchestrator still plans only with {@link #online} servers.
     */
    public boolean reachable(String deviceId) {
        Presence p = presence(deviceId);
        if (p.online()) return true;
        Long lost = lostAt.get(deviceId);
        if (lost == null || !p.reason().equals(DeviceStatus.lost().reason())) return false;
        long since = connectedSince.get();
        long listened = since == NOT_CONNECTED ? 0 : System.nanoTime() - Math.max(lost, since);
        return listened < lostGrace.toNanos();
    }

    public Optional<DeviceTelemetry> telemetry(String deviceId) {
        return Optional.ofNullable(telemetry.get(deviceId));
    }

    /** Bad payloads, by reason. */
    public RejectCounter rejects() {
        return rejects;
    }

    /** Messages dropped because their sender is not a listed device of that role. */
    public long strangers() {
        return strangers.get();
    }

    /**
     * Sends {@code command} to listed device {@code deviceId}; the future completes with the device's result, or fails
     * ({@link DeviceUnavailableException}) when the device is offline, goes offline, or does not answer within
     * {@code timeout}.
     */
    public CompletableFuture<DeviceResult> run(String deviceId, DeviceCommand command, Duration timeout) {
        Optional<Role> role = devices.role(deviceId);
        if (role.isEmpty())
            return CompletableFuture.failedFuture(
                    new DeviceUnavailableException("device " + deviceId + " is not on the device list"));
        Presence p = presence(deviceId);
        boolean lost = !p.online() && reachable(deviceId);
        if (!p.online() && !lost)
            return CompletableFuture.failedFuture(
                    new DeviceUnavailableException("device " + deviceId + " is offline (" + p.reason() + ")"));
        CompletableFuture<DeviceResult> result = new CompletableFuture<>();
        Pending sent = new Pending(deviceId, command, result, sendOrder.getAndIncrement());
        if (pending.putIfAbsent(command.commandId(), sent) != null) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("command " + command.commandId() + " is already in flight"));
        }
        slot.accumulateAndGet(command.slot(), Math::max);
        result.whenComplete((r, e) -> {
            pending.remove(command.commandId());
            synchronized (finished) {
                finished.put(command.commandId(), Boolean.TRUE);
            }
        });
        try { // not orTimeout: its TimeoutException has no message, and every failure says why in words
            var timer = resender.schedule(
                    () -> result.completeExceptionally(
                            new DeviceUnavailableException("device " + deviceId + " did not answer command "
                                    + command.commandId() + " within " + timeout.toMillis() + " ms")),
                    timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            result.whenComplete((r, e) -> timer.cancel(false));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new DeviceUnavailableException("the bridge closed"));
        }
        Topic to = new Topic(testbed, role.get(), deviceId, Channel.COMMANDS);
        try {
            // the resend clock starts when the broker has the command (PUBACK), not while it waits in the bridge's own
            // outbox
            sender.send(to, DeviceBodies.COMMAND, command).whenComplete((ok, e) -> resendLater(to, sent, RESEND_FIRST));
        } catch (RuntimeException e) {
            result.completeExceptionally(
                    new DeviceUnavailableException("command to " + deviceId + " not sent: " + reason(e)));
        }
        if (lost) {
            // its session queues the command: it runs if the device is back within the grace
            afterLostGrace(
                    deviceId,
                    () -> result.completeExceptionally(
                            new DeviceUnavailableException("device " + deviceId + " is offline (" + p.reason() + ")")));
        }
        return result;
    }

    /**
     * Sends the command again after {@code wait} unless it has its result by then, or its device is still working
     * through older commands (then it checks again after {@code wait}); the device runs a repeat at most once.
     */
    private void resendLater(Topic to, Pending p, Duration wait) {
        if (closed) return;
        DeviceCommand command = p.command();
        CompletableFuture<DeviceResult> result = p.result();
        try {
            resender.schedule(
                    () -> {
                        if (result.isDone() || closed) return;
                        if (behindOlderCommands(p, wait)) {
                            deferredResends.incrementAndGet();
                            resendLater(to, p, wait);
                            return;
                        }
                        if (link.isConnected()) { // while the hub is cut off its outbox holds the first send anyway
                            try {
                                sender.send(to, DeviceBodies.COMMAND, command);
                                resent.incrementAndGet();
                            } catch (RuntimeException e) {
                                LOG.debug("resend of " + command.commandId() + " not queued: " + reason(e));
                            }
                        }
                        Duration next = wait.multipliedBy(2);
                        resendLater(to, p, next.compareTo(RESEND_MAX) > 0 ? RESEND_MAX : next);
                    },
                    wait.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /**
     * Whether the command's device answered something within {@code wait} but nothing sent after this command: it is
     * then most likely still busy with older ones, this command queued ahead of it.
     */
    private boolean behindOlderCommands(Pending p, Duration wait) {
        Progress g = progress.get(p.deviceId());
        return g != null
                && g.newestAnswered.get() < p.order()
                && System.nanoTime() - g.lastResultNanos < wait.toNanos();
    }

    /** A throwable's message, or its class when it has none: never the word {@code null}. */
    static String reason(Throwable e) {
        if (e == null) return "unknown error";
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private boolean listed(Topic topic) {
        if (devices.role(topic.deviceId()).filter(r -> r == topic.role()).isPresent()) return true;
        long n = strangers.incrementAndGet();
        if (n <= 10)
            LOG.warn("dropped a message from " + topic.role() + " device '" + topic.deviceId()
                    + "', not on the device list as such (" + topic + ")");
        return false;
    }

    private void onStatus(Topic topic, Envelope<DeviceStatus> e) {
        if (!listed(topic)) return;
        DeviceStatus s = e.body();
        Presence before = presence.put(topic.deviceId(), new Presence(s.online(), s.reason()));
        recordDropout(topic.deviceId(), before, s);
        if (!s.online()) {
            LOG.info("device " + topic.deviceId() + " is offline (" + s.reason() + ")");
            if (s.equals(DeviceStatus.lost())) {
                lostAt.put(topic.deviceId(), System.nanoTime());
                // perhaps only the broker went away: the device's session and outbox may still deliver
                afterLostGrace(topic.deviceId(), () -> failInFlight(topic.deviceId(), s.reason()));
            } else {
                failInFlight(topic.deviceId(), s.reason());
            }
        }
    }

    /**
     * Runs {@code failure} once the device is neither {@link #online} nor {@link #reachable} (its grace spent), unless
     * it is online first. Checked every {@value #GRACE_CHECK_MS} ms.
     */
    private void afterLostGrace(String deviceId, Runnable failure) {
        CompletableFuture.delayedExecutor(GRACE_CHECK_MS, TimeUnit.MILLISECONDS).execute(() -> {
            if (online(deviceId)) return;
            if (reachable(deviceId) && !closed) afterLostGrace(deviceId, failure);
            else failure.run();
        });
    }

    private double sinceStartS() {
        return (System.nanoTime() - createdNanos) / 1e9;
    }

    /** Opens a dropout when an online device goes offline, closes it when it is back. */
    private void recordDropout(String deviceId, Presence before, DeviceStatus now) {
        boolean wasOnline = before != null && before.online();
        synchronized (dropouts) {
            List<Dropout> list = dropouts.computeIfAbsent(deviceId, d -> new ArrayList<>());
            Dropout open = list.isEmpty() || list.get(list.size() - 1).ended() ? null : list.get(list.size() - 1);
            if (wasOnline && !now.online() && open == null) {
                list.add(new Dropout(deviceId, now.reason(), sinceStartS(), slot.get(), Double.NaN, -1));
            } else if (open != null && now.online()) {
                list.set(
                        list.size() - 1,
                        new Dropout(deviceId, open.reason(), open.fromS(), open.fromSlot(), sinceStartS(), slot.get()));
            } else if (open != null && !open.reason().equals(now.reason())) {
                // lost, then closed for good (or the reverse): keep when it began, say how it stands
                list.set(
                        list.size() - 1,
                        new Dropout(deviceId, now.reason(), open.fromS(), open.fromSlot(), Double.NaN, -1));
            }
        }
    }

    /** Every device's times offline after having been online (a dropout that lasts has {@code toS} NaN), by device. */
    public Map<String, List<Dropout>> dropouts() {
        synchronized (dropouts) {
            Map<String, List<Dropout>> copy = new LinkedHashMap<>();
            dropouts.forEach((id, l) -> {
                if (!l.isEmpty()) copy.put(id, List.copyOf(l));
            });
            return Collections.unmodifiableMap(copy);
        }
    }

    /** Seconds since the hub started (the clock of {@link Dropout}). */
    public double nowS() {
        return sinceStartS();
    }

    /** Telemetry and results rejected for a value outside {@link DeviceRanges}, by field. */
    public Map<String, Long> outOfRange() {
        Map<String, Long> m = new java.util.TreeMap<>();
        outOfRange.forEach((f, n) -> m.put(f, n.get()));
        return m;
    }

    /** Results that answered no command the hub ever sent to that device. */
    public long unknownResults() {
        return unknownResults.get();
    }

    /** Results for commands that had already ended (answered, failed or timed out): late answers and repeats. */
    public long finishedResults() {
        return finishedResults.get();
    }

    /** The hub's successful connections to the broker so far (1 while it never lost its connection). */
    public long connections() {
        return link.connections();
    }

    /** Commands sent again because their result had not come. */
    public long resent() {
        return resent.get();
    }

    /**
     * Resends held back because the device was still answering older commands (each check counts once; the command is
     * checked again after the same interval).
     */
    public long deferredResends() {
        return deferredResends.get();
    }

    private void rejectOutOfRange(Topic topic, String why) {
        long n = outOfRange
                .computeIfAbsent(DeviceRanges.field(why), f -> new AtomicLong())
                .incrementAndGet();
        if (n <= LOGGED) LOG.warn("rejected a message on " + topic + ": " + why);
    }

    private void failInFlight(String deviceId, String reason) {
        pending.values().stream().filter(p -> p.deviceId().equals(deviceId)).forEach(p -> p.result()
                .completeExceptionally(
                        new DeviceUnavailableException("device " + deviceId + " went offline (" + reason + ")")));
    }

    private void onTelemetry(Topic topic, Envelope<DeviceTelemetry> e) {
        if (!listed(topic)) return;
        Optional<String> bad = DeviceRanges.check(e.body());
        if (bad.isPresent()) {
            rejectOutOfRange(topic, bad.get());
            return;
        }
        telemetry.put(topic.deviceId(), e.body());
    }

    private void onResult(Topic topic, Envelope<DeviceResult> e) {
        if (!listed(topic)) return;
        DeviceResult r = e.body();
        Progress g = progress.computeIfAbsent(topic.deviceId(), d -> new Progress());
        g.lastResultNanos = System.nanoTime();
        Pending p = pending.get(r.commandId());
        if (p != null
                && p.deviceId().equals(topic.deviceId())
                && !p.command().trial().equals(r.trial())) {
            long n = unknownResults.incrementAndGet(); // a result of another trial's command of the same id
            if (n <= LOGGED)
                LOG.warn("result " + r.commandId() + " from " + topic.deviceId() + " is of trial " + r.trial()
                        + ", not of this trial " + p.command().trial() + "; dropped");
            return;
        }
        if (p == null || !p.deviceId().equals(topic.deviceId())) {
            boolean late;
            synchronized (finished) {
                late = p == null && finished.containsKey(r.commandId());
            }
            long n = (late ? finishedResults : unknownResults).incrementAndGet();
            if (late)
                LOG.debug("result " + r.commandId() + " from " + topic.deviceId()
                        + " came after its command ended (a repeat or late)");
            else if (n <= LOGGED)
                LOG.warn("result " + r.commandId() + " from " + topic.deviceId()
                        + " answers no command sent to it; dropped");
            return;
        }
        g.newestAnswered.accumulateAndGet(p.order(), Math::max);
        Optional<String> bad = DeviceRanges.check(p.command(), r);
        if (bad.isPresent()) {
            rejectOutOfRange(topic, bad.get());
            p.result()
                    .completeExceptionally(new DeviceUnavailableException("device " + topic.deviceId()
                            + " sent an unbelievable result for " + r.commandId() + ": " + bad.get()));
            return;
        }
        p.result().complete(r);
    }

    @Override
    public void close() {
        closed = true;
        resender.shutdownNow();
        link.close();
        pending.values()
                .forEach(p -> p.result().completeExceptionally(new DeviceUnavailableException("the bridge closed")));
    }

    /** A device cannot run a command: offline, gone, unlisted or silent. */
    public static final class DeviceUnavailableException extends RuntimeException {
        public DeviceUnavailableException(String message) {
            super(message);
        }
    }
}
