package org.lambo.mqtt.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.client.mqttv3.persist.MqttDefaultFilePersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT 3.1.1 connection of a device or a bridge, on Eclipse Paho's async client, with the testbed's delivery
 * guarantees built in:
 *
 * <ul>
 *   <li><b>Persistent session</b>: {@code cleanSession=false} under a stable client id, so the broker keeps the
 *       subscriptions and queues QoS-1 messages while the client is away; Paho's in-flight state lives in memory or in
 *       files under {@link MqttLinkOptions#persistenceDir()}.
 *   <li><b>Presence</b>: an optional last will (retained) that the broker publishes when the client vanishes without a
 *       DISCONNECT, an {@code online} message (retained) after every connection and an {@code offline} one on
 *       {@link #close()}.
 *   <li><b>Explicit reconnection</b> (Paho's automatic reconnect is off): on connection loss the link waits
 *       {@link Backoff} delays (exponential, capped, jittered from the passed-in random) between attempts, forever
 *       until {@link #close()}; after each connection it re-subscribes every subscription (a broker that lost its
 *       state, e.g. restarted without persistence, knows none), then publishes {@code online}, then sends the outbox.
 *   <li><b>Outbox</b>: every publish goes through an ordered in-memory queue; while disconnected it holds the messages,
 *       and a QoS-1 message whose delivery failed (connection lost before its PUBACK) goes back into it in its original
 *       place. So a QoS-1 message is delivered at least once (duplicates possible, as QoS 1 allows: receivers use the
 *       envelope's {@code seq}); the outbox is lost if the process dies.
 *   <li><b>No Nagle stall</b>: every socket has {@code TCP_NODELAY} ({@link NoDelaySockets}), on {@code tcp://} and
 *       {@code ssl://} alike, so a command and its result are not held back by Nagle's algorithm meeting delayed ACKs.
 * </ul>
 *
 * Threads: one link thread does every connection change, subscription and send; listeners are called on Paho's callback
 * thread. All public methods are thread-safe.
 */
public final class MqttLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);

    /** Where the link stands. */
    public enum State {
        NEW,
        CONNECTING,
        CONNECTED,
        DISCONNECTED,
        CLOSED
    }

    private record Subscription(String filter, int qos, MessageListener listener) {}

    /** A message waiting in the outbox or in flight; ordered by {@code order} so a retried message keeps its place. */
    private static final class Pending implements Comparable<Pending> {
        final String topic;
        final byte[] payload;
        final int qos;
        final boolean retained;
        final long order;
        final CompletableFuture<Void> future = new CompletableFuture<>();

        Pending(String topic, byte[] payload, int qos, boolean retained, long order) {
            this.topic = topic;
            this.payload = payload;
            this.qos = qos;
            this.retained = retained;
            this.order = order;
        }

        @Override
        public int compareTo(Pending o) {
            return Long.compare(order, o.order);
        }
    }

    /** One send of a pending message: settles exactly once, whatever Paho reports later. */
    private record Attempt(Pending pending, AtomicBoolean settled) {}

    private final MqttLinkOptions options;
    private final MqttClientPersistence persistence;
    private volatile MqttAsyncClient client; // replaced only on the link thread, after a connect that Paho left hanging
    private final MqttConnectOptions connectOptions;
    private final ScheduledExecutorService thread;
    private final Backoff.Sequence backoff;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final PriorityBlockingQueue<Pending> outbox = new PriorityBlockingQueue<>();
    private final AtomicLong order = new AtomicLong();
    private final AtomicInteger inflight = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final IMqttActionListener deliveryListener = new DeliveryListener();
    private volatile State state = State.NEW;
    private volatile Thread linkThread;
    private boolean reconnectScheduled; // link thread only

    private MqttLink(MqttLinkOptions options) {
        this.options = options;
        this.persistence = options.persistenceDir()
                .<MqttClientPersistence>map(d -> new MqttDefaultFilePersistence(d.toString()))
                .orElseGet(MemoryPersistence::new);
        this.client = newClient();
        this.connectOptions = connectOptions(options);
        this.backoff = options.backoff().sequence(options.random());
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mqtt-link-" + options.clientId());
            t.setDaemon(true);
            linkThread = t;
            return t;
        });
    }

    private MqttAsyncClient newClient() {
        try {
            MqttAsyncClient c = new MqttAsyncClient(options.serverUri(), options.clientId(), persistence);
            c.setCallback(new Callback(c));
            return c;
        } catch (MqttException | IllegalArgumentException e) {
            throw new MqttLinkException.Config(
                    "cannot create an MQTT client for " + options.serverUri() + ": " + e.getMessage(), e);
        }
    }

    /**
     * After a connect that did not finish in time, Paho can stay "connecting" for good and refuse every later connect
     * with "connect already in progress" (eclipse/paho.mqtt.java issues 81 and 128). So the attempt is abandoned and
     * the Paho client replaced by a fresh one on the same persistence (file persistence keeps the in-flight messages;
     * with memory persistence their sends fail and return to the outbox).
     */
    private void abandonHangingConnect() {
        MqttAsyncClient old = client;
        try {
            old.disconnectForcibly(0, 0, false);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("{}: forcible disconnect of a hanging connect: {}", options.clientId(), e.toString());
        }
        try {
            old.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("{}: closing a hanging client: {}", options.clientId(), e.toString());
        }
        client = newClient();
        LOG.warn("{}: a connect attempt hung; replaced the MQTT client", options.clientId());
    }

    /** A link with these options, not yet connected: subscribe first, then {@link #connect(Duration)}. */
    public static MqttLink create(MqttLinkOptions options) {
        return new MqttLink(Objects.requireNonNull(options, "options"));
    }

    /**
     * Paho's connect options for {@code o}; every socket comes from a {@link NoDelaySockets} factory
     * ({@code TCP_NODELAY}: no Nagle stall on a command and its result), TLS ones from the trust of {@code o.tls()}.
     */
    static MqttConnectOptions connectOptions(MqttLinkOptions o) {
        MqttConnectOptions c = new MqttConnectOptions();
        c.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        c.setCleanSession(false);
        c.setAutomaticReconnect(false);
        c.setKeepAliveInterval((int) Math.max(1, o.keepAlive().toSeconds()));
        c.setConnectionTimeout((int) Math.max(1, (o.connectTimeout().toMillis() + 999) / 1000));
        c.setMaxInflight(o.maxInflight());
        o.username().ifPresent(c::setUserName);
        o.password().ifPresent(c::setPassword);
        o.tls()
                .ifPresentOrElse(
                        t -> {
                            c.setSocketFactory(NoDelaySockets.tls(t.socketFactory()));
                            c.setHttpsHostnameVerificationEnabled(t.verifyHostname());
                        },
                        () -> c.setSocketFactory(NoDelaySockets.plain()));
        return c;
    }

    // ------------------------------------------------------------------ public API

    public MqttLinkOptions options() {
        return options;
    }

    /** The Paho client now in use (tests read its socket). */
    MqttAsyncClient pahoClient() {
        return client;
    }

    public State state() {
        return state;
    }

    public boolean isConnected() {
        return state == State.CONNECTED;
    }

    /** Messages acknowledged by the broker (PUBACK for QoS 1, written for QoS 0) since creation. */
    public long delivered() {
        return delivered.get();
    }

    /** QoS-1 sends that failed with the connection and went back into the outbox. */
    public long retried() {
        return retried.get();
    }

    /** Successful connections so far (the first one included). */
    public long connections() {
        return connections.get();
    }

    /** Messages waiting to be sent. */
    public int outboxSize() {
        return outbox.size();
    }

    /** Messages sent and awaiting their acknowledgement. */
    public int inflight() {
        return inflight.get();
    }

    public void addConnectionListener(ConnectionListener l) {
        connectionListeners.add(Objects.requireNonNull(l, "listener"));
    }

    /**
     * Connects, retrying with backoff while the broker is unreachable, for at most {@code patience}. Throws
     * {@link MqttLinkException.NotAuthorized}, {@link MqttLinkException.Tls} or {@link MqttLinkException.Config} at
     * once (retrying cannot help), {@link MqttLinkException.Unreachable} when patience ran out. After the first success
     * the link stays connected by itself until {@link #close()}.
     */
    public void connect(Duration patience) {
        Objects.requireNonNull(patience, "patience");
        long deadline = System.nanoTime() + patience.toNanos();
        onLinkThread(() -> {
            if (state == State.CLOSED) throw new MqttLinkException.Closed("link " + options.clientId() + " is closed");
            if (state != State.NEW)
                throw new IllegalStateException(
                        "connect() succeeds once per link (it then reconnects by itself); state is " + state);
            while (true) {
                try {
                    attempt(false);
                    return null;
                } catch (MqttLinkException.Unreachable e) {
                    Duration wait = backoff.next();
                    if (System.nanoTime() + wait.toNanos() > deadline) {
                        state = State.NEW;
                        throw new MqttLinkException.Unreachable(
                                "broker " + options.serverUri() + " unreachable after " + backoff.attempts()
                                        + " attempts in " + patience + ": " + e.getMessage(),
                                e.pahoReasonCode(),
                                e);
                    }
                    LOG.info(
                            "{}: broker {} unreachable ({}); retrying in {} ms",
                            options.clientId(),
                            options.serverUri(),
                            e.getMessage(),
                            wait.toMillis());
                    Thread.sleep(wait.toMillis());
                } catch (MqttLinkException e) {
                    state = State.NEW;
                    throw e;
                }
            }
        });
    }

    /**
     * Subscribes {@code listener} to {@code filter} at {@code qos} and remembers it for every later connection. On a
     * connected link it waits for the broker's answer and throws {@link MqttLinkException.SubscriptionRefused} if
     * refused; before {@link #connect} it only records it, so no message of a persistent session is missed. One
     * listener per filter; a second subscribe replaces it.
     */
    public void subscribe(String filter, int qos, MessageListener listener) {
        requireFilter(filter);
        requireQos(qos);
        Objects.requireNonNull(listener, "listener");
        if (state == State.CLOSED) throw new MqttLinkException.Closed("link " + options.clientId() + " is closed");
        Subscription s = new Subscription(filter, qos, listener);
        subscriptions.put(filter, s);
        onLinkThread(() -> {
            if (state == State.CONNECTED) subscribeNow(List.of(s));
            return null;
        });
    }

    /** Forgets a subscription and, when connected, unsubscribes it at the broker. */
    public void unsubscribe(String filter) {
        if (subscriptions.remove(filter) == null) return;
        onLinkThread(() -> {
            if (state == State.CONNECTED) {
                try {
                    client.unsubscribe(filter)
                            .waitForCompletion(options.operationTimeout().toMillis());
                } catch (MqttException e) {
                    LOG.warn("{}: unsubscribe {} failed: {}", options.clientId(), filter, e.toString());
                }
            }
            return null;
        });
    }

    /**
     * Queues a message and returns a future completed when the broker acknowledged it (QoS 1) or it was written (QoS
     * 0). Never blocks. While disconnected the outbox keeps QoS-0 messages too and sends them after the reconnection;
     * only a QoS-0 send that fails on the wire is not retried. The future fails with
     * {@link MqttLinkException.OutboxFull} when the outbox is full, {@link MqttLinkException.Closed} when the link is
     * or gets closed first.
     */
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained) {
        requirePublishable(topic);
        Objects.requireNonNull(payload, "payload");
        requireQos(qos);
        if (state == State.CLOSED)
            return CompletableFuture.failedFuture(
                    new MqttLinkException.Closed("link " + options.clientId() + " is closed"));
        if (outbox.size() >= options.outboxCapacity()) {
            return CompletableFuture.failedFuture(
                    new MqttLinkException.OutboxFull("outbox of " + options.clientId() + " holds " + outbox.size()
                            + " messages (capacity " + options.outboxCapacity() + "); dropped a message to " + topic));
        }
        Pending p = new Pending(topic, payload.clone(), qos, retained, order.getAndIncrement());
        outbox.add(p);
        scheduleDrain();
        return p.future;
    }

    /**
     * Closes the link: waits up to the operation timeout for the outbox and the in-flight messages to be acknowledged,
     * publishes the {@code offline} announcement, disconnects cleanly (so the broker does not send the will), and fails
     * whatever is left with {@link MqttLinkException.Closed}. Idempotent. Do not call it from a
     * {@link MessageListener}: it waits for Paho, whose callback thread that is.
     */
    @Override
    public void close() {
        if (state == State.CLOSED || thread.isShutdown()) return;
        try {
            onLinkThread(() -> {
                if (state == State.CLOSED) return null;
                boolean connected = state == State.CONNECTED;
                long deadline = System.nanoTime() + options.operationTimeout().toNanos();
                if (connected) {
                    while ((!outbox.isEmpty() || inflight.get() > 0)
                            && state == State.CONNECTED
                            && System.nanoTime() < deadline) {
                        drain();
                        Thread.sleep(2);
                    }
                    options.offline().ifPresent(a -> {
                        try {
                            client.publish(a.topic(), a.payload(), 1, true)
                                    .waitForCompletion(
                                            options.operationTimeout().toMillis());
                        } catch (MqttException e) {
                            LOG.warn("{}: could not publish offline status: {}", options.clientId(), e.toString());
                        }
                    });
                }
                state = State.CLOSED;
                try {
                    if (client.isConnected())
                        client.disconnect(500)
                                .waitForCompletion(options.operationTimeout().toMillis());
                } catch (MqttException e) {
                    LOG.debug("{}: disconnect: {}", options.clientId(), e.toString());
                }
                try {
                    client.close(true);
                } catch (MqttException e) {
                    LOG.debug("{}: close: {}", options.clientId(), e.toString());
                }
                MqttLinkException closed = new MqttLinkException.Closed(
                        "link " + options.clientId() + " closed before the message was sent");
                for (Pending p; (p = outbox.poll()) != null; ) p.future.completeExceptionally(closed);
                return null;
            });
        } finally {
            state = State.CLOSED;
            thread.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ link thread

    /** One connection attempt and what follows a success. Link thread only. */
    private void attempt(boolean reconnect) {
        state = State.CONNECTING;
        options.will().ifPresent(w -> connectOptions.setWill(w.topic(), w.payload(), 1, true));
        if (!client.isConnected()) {
            try {
                IMqttToken t = client.connect(connectOptions);
                t.waitForCompletion(
                        options.connectTimeout().toMillis()); // Paho's own timeout covers only the TCP connect
            } catch (MqttException e) {
                state = State.DISCONNECTED;
                int code = e.getReasonCode();
                if (code == MqttException.REASON_CODE_CLIENT_TIMEOUT
                        || code == MqttException.REASON_CODE_CONNECT_IN_PROGRESS) {
                    abandonHangingConnect();
                }
                throw classify(e);
            }
        }
        try {
            subscribeNow(new ArrayList<>(subscriptions.values()));
        } catch (MqttLinkException.SubscriptionRefused e) {
            LOG.error("{}: {}", options.clientId(), e.getMessage());
        } catch (MqttLinkException e) {
            // the connection dropped again while subscribing: drop it for good and count this as a failed attempt
            state = State.DISCONNECTED;
            try {
                client.disconnectForcibly(0, 1_000);
            } catch (MqttException ignored) {
                // already down
            }
            throw new MqttLinkException.Unreachable(
                    "connection to " + options.serverUri() + " dropped while re-subscribing: " + e.getMessage(),
                    e.pahoReasonCode(),
                    e);
        }
        state = State.CONNECTED;
        backoff.reset();
        connections.incrementAndGet();
        options.online().ifPresent(a -> {
            try {
                client.publish(a.topic(), a.payload(), 1, true);
            } catch (MqttException e) {
                LOG.warn("{}: could not publish online status: {}", options.clientId(), e.toString());
            }
        });
        LOG.info(
                "{}: {} to {} ({} subscriptions, {} queued)",
                options.clientId(),
                reconnect ? "reconnected" : "connected",
                options.serverUri(),
                subscriptions.size(),
                outbox.size());
        for (ConnectionListener l : connectionListeners) {
            try {
                l.connected(reconnect);
            } catch (RuntimeException e) {
                LOG.warn("{}: connection listener failed", options.clientId(), e);
            }
        }
        drain();
    }

    private void subscribeNow(List<Subscription> subs) {
        if (subs.isEmpty()) return;
        String[] filters = subs.stream().map(Subscription::filter).toArray(String[]::new);
        int[] qos = subs.stream().mapToInt(Subscription::qos).toArray();
        int[] granted;
        try {
            IMqttToken t = client.subscribe(filters, qos);
            t.waitForCompletion(options.operationTimeout().toMillis());
            granted = t.getGrantedQos();
        } catch (MqttException e) {
            throw new MqttLinkException(
                    "subscribing to " + List.of(filters) + " failed: " + e.getMessage(), e.getReasonCode(), e);
        }
        List<String> refused = new ArrayList<>();
        for (int k = 0; k < filters.length && k < granted.length; k++) if (granted[k] == 0x80) refused.add(filters[k]);
        if (!refused.isEmpty()) {
            refused.forEach(subscriptions::remove);
            throw new MqttLinkException.SubscriptionRefused("broker refused the subscription to " + refused + " for "
                    + options.clientId() + " (check its ACL)");
        }
    }

    private void onConnectionLost(Throwable cause) {
        // NEW: the first connect() failed and reported it; connected: a stale report about an earlier connection
        if (state == State.CLOSED || state == State.NEW || client.isConnected()) return;
        state = State.DISCONNECTED;
        LOG.warn("{}: connection to {} lost: {}", options.clientId(), options.serverUri(), String.valueOf(cause));
        for (ConnectionListener l : connectionListeners) {
            try {
                l.disconnected(cause);
            } catch (RuntimeException e) {
                LOG.warn("{}: connection listener failed", options.clientId(), e);
            }
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (reconnectScheduled || state == State.CLOSED) return;
        reconnectScheduled = true;
        Duration wait = backoff.next();
        LOG.info("{}: reconnecting in {} ms (attempt {})", options.clientId(), wait.toMillis(), backoff.attempts());
        try {
            thread.schedule(
                    () -> {
                        reconnectScheduled = false;
                        if (state == State.CLOSED || state == State.CONNECTED || state == State.NEW) return;
                        try {
                            attempt(true);
                        } catch (MqttLinkException e) {
                            LOG.warn("{}: reconnection failed: {}", options.clientId(), e.getMessage());
                        }
                        if (state != State.CONNECTED && state != State.CLOSED) scheduleReconnect();
                    },
                    wait.toNanos(),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            reconnectScheduled = false; // closing
        }
    }

    private void scheduleDrain() {
        try {
            thread.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // closed meanwhile: close() fails whatever is left in the outbox
        }
    }

    /** Sends from the outbox while connected and under the in-flight limit. Link thread only. */
    private void drain() {
        while (state == State.CONNECTED && inflight.get() < options.maxInflight()) {
            Pending p = outbox.poll();
            if (p == null) return;
            MqttMessage m = new MqttMessage(p.payload);
            m.setQos(p.qos);
            m.setRetained(p.retained);
            inflight.incrementAndGet();
            try {
                client.publish(p.topic, m, new Attempt(p, new AtomicBoolean()), deliveryListener);
            } catch (MqttException e) {
                inflight.decrementAndGet();
                if (isTransient(e)) {
                    outbox.add(p);
                    return;
                }
                p.future.completeExceptionally(new MqttLinkException(
                        "publish to " + p.topic + " failed: " + e.getMessage(), e.getReasonCode(), e));
            }
        }
    }

    private static boolean isTransient(MqttException e) {
        int c = e.getReasonCode();
        return c == MqttException.REASON_CODE_CLIENT_NOT_CONNECTED
                || c == MqttException.REASON_CODE_MAX_INFLIGHT
                || c == MqttException.REASON_CODE_CLIENT_DISCONNECTING
                || c == MqttException.REASON_CODE_CONNECTION_LOST
                || c == MqttException.REASON_CODE_CONNECT_IN_PROGRESS
                || c == MqttException.REASON_CODE_WRITE_TIMEOUT;
    }

    private MqttLinkException classify(MqttException e) {
        int code = e.getReasonCode();
        String where = options.clientId() + " at " + options.serverUri();
        if (code == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                || code == MqttException.REASON_CODE_NOT_AUTHORIZED) {
            return new MqttLinkException.NotAuthorized(
                    "broker refused " + where + ": " + e.getMessage()
                            + (options.username().isPresent()
                                    ? " (user '" + options.username().get() + "')"
                                    : " (no user name given)"),
                    code,
                    e);
        }
        if (code == MqttException.REASON_CODE_INVALID_CLIENT_ID
                || code == MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION) {
            return new MqttLinkException.Config("broker refused " + where + ": " + e.getMessage(), null);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return new MqttLinkException.Tls(
                        "TLS handshake with " + options.serverUri() + " failed: " + t.getMessage(), code, e);
            }
        }
        Throwable root = e.getCause() == null ? e : e.getCause();
        return new MqttLinkException.Unreachable(
                where + ": " + e.getMessage() + (root != e ? " (" + root + ")" : ""), code, e);
    }

    /** Runs {@code task} on the link thread and waits; runs it inline when already there. */
    private <T> T onLinkThread(java.util.concurrent.Callable<T> task) {
        if (Thread.currentThread() == linkThread) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new MqttLinkException("interrupted: " + e, -1, e);
            }
        }
        try {
            return thread.submit(task).get();
        } catch (RejectedExecutionException e) {
            throw new MqttLinkException.Closed("link " + options.clientId() + " is closed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttLinkException("interrupted while waiting for link " + options.clientId(), -1, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new MqttLinkException(String.valueOf(c), -1, c);
        }
    }

    // ------------------------------------------------------------------ Paho callbacks

    private final class Callback implements MqttCallbackExtended {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void connectionLost(Throwable cause) {
            if (owner != client) return; // a replaced client's last words
            try {
                thread.execute(() -> onConnectionLost(cause));
            } catch (RejectedExecutionException e) {
                // closed
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // never throw from here: Paho would drop the connection
            boolean routed = false;
            ReceivedMessage m = new ReceivedMessage(
                    topic, message.getPayload(), message.getQos(), message.isRetained(), message.isDuplicate());
            for (Subscription s : subscriptions.values()) {
                if (!matches(s.filter(), topic)) continue;
                routed = true;
                try {
                    s.listener().onMessage(m);
                } catch (Exception | LinkageError | AssertionError e) {
                    LOG.warn(
                            "{}: listener of {} failed on a message from {}", options.clientId(), s.filter(), topic, e);
                }
            }
            if (!routed)
                LOG.debug(
                        "{}: message on {} matches no subscription (an old session's?); dropped",
                        options.clientId(),
                        topic);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}
    }

    private static boolean matches(String filter, String topic) {
        try {
            return MqttTopic.isMatched(filter, topic);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private final class DeliveryListener implements IMqttActionListener {
        @Override
        public void onSuccess(IMqttToken token) {
            if (!(token.getUserContext() instanceof Attempt a) || !a.settled().compareAndSet(false, true)) return;
            inflight.decrementAndGet();
            delivered.incrementAndGet();
            a.pending().future.complete(null);
            if (!outbox.isEmpty()) scheduleDrain();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            if (!(token.getUserContext() instanceof Attempt a) || !a.settled().compareAndSet(false, true)) return;
            inflight.decrementAndGet();
            Pending p = a.pending();
            if (p.qos > 0 && state != State.CLOSED) {
                retried.incrementAndGet();
                outbox.add(p); // back in its place; sent again after the reconnection
            } else {
                p.future.completeExceptionally(
                        state == State.CLOSED
                                ? new MqttLinkException.Closed(
                                        "link " + options.clientId() + " closed before the message was sent")
                                : new MqttLinkException("QoS-0 message to " + p.topic + " was not sent: " + e, -1, e));
            }
            scheduleDrain();
        }
    }

    // ------------------------------------------------------------------ validation

    /** A topic name one may publish to: non-empty, no wildcard, no NUL, at most 65 535 UTF-8 bytes. */
    static String requirePublishable(String topic) {
        if (topic == null || topic.isEmpty()) throw new IllegalArgumentException("topic must not be empty");
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0 || topic.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(
                    "cannot publish to '" + topic + "': wildcards and NUL are not allowed in a topic name");
        }
        if (topic.getBytes(StandardCharsets.UTF_8).length > 65_535)
            throw new IllegalArgumentException("topic is longer than 65535 bytes");
        return topic;
    }

    private static void requireFilter(String filter) {
        try {
            MqttTopic.validate(Objects.requireNonNull(filter, "filter"), true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid topic filter: '" + filter + "': " + e.getMessage(), e);
        }
    }

    private static void requireQos(int qos) {
        if (qos < 0 || qos > 2) throw new IllegalArgumentException("qos must be 0, 1 or 2, got " + qos);
    }
}
