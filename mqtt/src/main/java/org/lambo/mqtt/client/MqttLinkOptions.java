package org.lambo.mqtt.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.lambo.mqtt.topic.Ids;

/**
 * How an {@link MqttLink} connects. Immutable; made by {@link #builder(String, String)} whose defaults are documented
 * on each setter. Invalid values fail in the builder with the field and the value.
 */
public final class MqttLinkOptions {
    /**
     * A message the link publishes by itself (retained, QoS 1): the will, the online and the offline status. The
     * payload is made anew for each use (each connection for the will and online status), so that a stamped envelope
     * gets a fresh {@code seq} and {@code sentAt} and is not taken for a re-delivery.
     */
    public record Announcement(String topic, Supplier<byte[]> payloads) {
        public Announcement {
            MqttLink.requirePublishable(topic);
            Objects.requireNonNull(payloads, "payloads");
        }

        static Announcement fixed(String topic, byte[] payload) {
            byte[] copy = Objects.requireNonNull(payload, "payload").clone();
            return new Announcement(topic, copy::clone);
        }

        /** A payload for one use. */
        public byte[] payload() {
            return Objects.requireNonNull(payloads.get(), "announcement payload for " + topic);
        }
    }

    private final String serverUri;
    private final String clientId;
    private final String username;
    private final char[] password;
    private final TlsOptions tls;
    private final Path persistenceDir;
    private final Duration keepAlive;
    private final Duration connectTimeout;
    private final Duration operationTimeout;
    private final Backoff backoff;
    private final RandomGenerator random;
    private final Announcement will;
    private final Announcement online;
    private final Announcement offline;
    private final int outboxCapacity;
    private final int maxInflight;

    private MqttLinkOptions(Builder b) {
        this.serverUri = b.serverUri;
        this.clientId = b.clientId;
        this.username = b.username;
        this.password = b.password == null ? null : b.password.clone();
        this.tls = b.tls;
        this.persistenceDir = b.persistenceDir;
        this.keepAlive = b.keepAlive;
        this.connectTimeout = b.connectTimeout;
        this.operationTimeout = b.operationTimeout;
        this.backoff = b.backoff;
        this.random = b.random;
        this.will = b.will;
        this.online = b.online;
        this.offline = b.offline;
        this.outboxCapacity = b.outboxCapacity;
        this.maxInflight = b.maxInflight;
        boolean ssl = serverUri.startsWith("ssl://");
        if (tls != null && !ssl)
            throw new MqttLinkException.Config("TLS options need an ssl:// server URI, got " + serverUri, null);
        if (ssl && tls == null) {
            throw new MqttLinkException.Config(
                    "an ssl:// server URI needs TLS options (a CA file or trust store): " + serverUri, null);
        }
    }

    /**
     * Options for {@code clientId} (an {@link Ids} id; also the broker's session key, so keep it stable across restarts
     * of the same device) on {@code serverUri} ({@code tcp://host:port} or {@code ssl://host:port}).
     */
    public static Builder builder(String serverUri, String clientId) {
        return new Builder(serverUri, clientId);
    }

    public String serverUri() {
        return serverUri;
    }

    public String clientId() {
        return clientId;
    }

    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    public Optional<char[]> password() {
        return Optional.ofNullable(password).map(char[]::clone);
    }

    public Optional<TlsOptions> tls() {
        return Optional.ofNullable(tls);
    }

    public Optional<Path> persistenceDir() {
        return Optional.ofNullable(persistenceDir);
    }

    public Duration keepAlive() {
        return keepAlive;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration operationTimeout() {
        return operationTimeout;
    }

    public Backoff backoff() {
        return backoff;
    }

    public RandomGenerator random() {
        return random;
    }

    public Optional<Announcement> will() {
        return Optional.ofNullable(will);
    }

    public Optional<Announcement> online() {
        return Optional.ofNullable(online);
    }

    public Optional<Announcement> offline() {
        return Optional.ofNullable(offline);
    }

    public int outboxCapacity() {
        return outboxCapacity;
    }

    public int maxInflight() {
        return maxInflight;
    }

    /** Builds {@link MqttLinkOptions}. */
    public static final class Builder {
        private final String serverUri;
        private final String clientId;
        private String username;
        private char[] password;
        private TlsOptions tls;
        private Path persistenceDir;
        private Duration keepAlive = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration operationTimeout = Duration.ofSeconds(10);
        private Backoff backoff = Backoff.DEFAULT;
        private RandomGenerator random;
        private Announcement will;
        private Announcement online;
        private Announcement offline;
        private int outboxCapacity = 10_000;
        private int maxInflight = 64;

        private Builder(String serverUri, String clientId) {
            this.serverUri = requireUri(serverUri);
            this.clientId = Ids.require("clientId", clientId);
        }

        private static String requireUri(String uri) {
            if (uri == null) throw new MqttLinkException.Config("field 'serverUri' is missing", null);
            try {
                URI u = new URI(uri);
                if (!("tcp".equals(u.getScheme()) || "ssl".equals(u.getScheme()))
                        || u.getHost() == null
                        || u.getPort() < 1) {
                    throw new URISyntaxException(uri, "needs tcp:// or ssl://, a host and a port");
                }
            } catch (URISyntaxException e) {
                throw new MqttLinkException.Config(
                        "field 'serverUri' must look like tcp://host:1883 or ssl://host:8883, got '" + uri + "'", e);
            }
            return uri;
        }

        /** User name and password for the broker's {@code password_file} (default: none, anonymous). */
        public Builder credentials(String username, char[] password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /** Server trust for {@code ssl://} (default: none; required for {@code ssl://}). */
        public Builder tls(TlsOptions tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * Keep Paho's session state (in-flight QoS-1 messages) in files under this directory, so that they survive a
         * restart of the process (default: in memory).
         */
        public Builder persistenceDir(Path dir) {
            this.persistenceDir = Objects.requireNonNull(dir, "persistenceDir");
            return this;
        }

        /**
         * MQTT keep-alive (default 10 s): the broker declares the client lost, and sends its will, after 1.5 x this of
         * silence.
         */
        public Builder keepAlive(Duration d) {
            this.keepAlive = positive("keepAlive", d);
            if (d.toSeconds() < 1)
                throw new MqttLinkException.Config("field 'keepAlive' must be >= 1 s, got " + d, null);
            return this;
        }

        /** How long one connection attempt may take, TCP connect to CONNACK (default 5 s). */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive("connectTimeout", d);
            return this;
        }

        /** How long a subscription or a clean close may wait for the broker (default 10 s). */
        public Builder operationTimeout(Duration d) {
            this.operationTimeout = positive("operationTimeout", d);
            return this;
        }

        /** Reconnection delays (default {@link Backoff#DEFAULT}). */
        public Builder backoff(Backoff b) {
            this.backoff = Objects.requireNonNull(b, "backoff");
            return this;
        }

        /** The source of backoff jitter (required: pass a seeded generator for reproducible runs). */
        public Builder random(RandomGenerator r) {
            this.random = Objects.requireNonNull(r, "random");
            return this;
        }

        /** The last will: published (retained) by the broker when this client vanishes without a DISCONNECT. */
        public Builder will(String topic, byte[] payload) {
            this.will = Announcement.fixed(topic, payload);
            return this;
        }

        /** As {@link #will(String, byte[])}, with a payload made anew for each use. */
        public Builder will(String topic, Supplier<byte[]> payloads) {
            this.will = new Announcement(topic, payloads);
            return this;
        }

        /**
         * Published (retained, QoS 1) after every connection, before anything else: e.g. the device's online status.
         */
        public Builder online(String topic, byte[] payload) {
            this.online = Announcement.fixed(topic, payload);
            return this;
        }

        /** As {@link #online(String, byte[])}, with a payload made anew for each use. */
        public Builder online(String topic, Supplier<byte[]> payloads) {
            this.online = new Announcement(topic, payloads);
            return this;
        }

        /**
         * Published (retained, QoS 1) by {@link MqttLink#close()} before disconnecting (a clean close sends no will).
         */
        public Builder offline(String topic, byte[] payload) {
            this.offline = Announcement.fixed(topic, payload);
            return this;
        }

        /** As {@link #offline(String, byte[])}, with a payload made anew for each use. */
        public Builder offline(String topic, Supplier<byte[]> payloads) {
            this.offline = new Announcement(topic, payloads);
            return this;
        }

        /**
         * Most messages kept while disconnected (default 10 000); beyond it publishes fail with
         * {@link MqttLinkException.OutboxFull}.
         */
        public Builder outboxCapacity(int n) {
            if (n < 1) throw new MqttLinkException.Config("field 'outboxCapacity' must be >= 1, got " + n, null);
            this.outboxCapacity = n;
            return this;
        }

        /** Most QoS-1 messages awaiting their PUBACK at once (default 64). */
        public Builder maxInflight(int n) {
            if (n < 1 || n > 65_535)
                throw new MqttLinkException.Config("field 'maxInflight' must be in [1, 65535], got " + n, null);
            this.maxInflight = n;
            return this;
        }

        private static Duration positive(String field, Duration d) {
            Objects.requireNonNull(d, field);
            if (d.isNegative() || d.isZero())
                throw new MqttLinkException.Config("field '" + field + "' must be > 0, got " + d, null);
            return d;
        }

        public MqttLinkOptions build() {
            if (random == null) {
                throw new MqttLinkException.Config(
                        "field 'random' is missing: pass the generator the backoff jitter draws from", null);
            }
            return new MqttLinkOptions(this);
        }
    }
}
