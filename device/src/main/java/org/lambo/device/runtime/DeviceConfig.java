package org.lambo.device.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.lambo.device.energy.EnergyModel;
import org.lambo.mqtt.topic.Ids;
import org.lambo.mqtt.topic.Role;

/**
 * How one device runtime runs. Build with {@link #builder(Role, String, String)}; defaults are documented on the
 * builder's setters.
 *
 * @param role {@link Role#UE} or {@link Role#SERVER}
 * @param deviceId its id: topic level, MQTT client id and (secured brokers) user name
 * @param brokerUri {@code tcp://host:1883} or {@code ssl://host:8883}
 * @param testbed the topic's testbed level (default {@code lambo})
 * @param username broker user name (default none: anonymous); when given, the device id (the shipped broker takes it as
 *     the client id and its ACL pins the topics' device level to it)
 * @param password broker password (default none)
 * @param tlsCa the CA certificate to trust for {@code ssl://} (default none)
 * @param scale every task runs cycles x scale, in (0, 1] (default 1)
 * @param energy the powers of the energy estimate (default the paper's 1 W and 1 W)
 * @param keepAlive MQTT keep-alive; the will fires after about 1.5 x this of silence (default 10 s)
 * @param telemetryPeriod how often telemetry is published (default 5 s)
 * @param workers tasks run at once (default: 1 for a UE, the available processors for a server)
 * @param peerPatience how long an offloaded task's two halves wait for each other: a server's command for its input
 *     from the UE device (and an input for its command), a UE device's upload for the server device's completion notice
 *     (default 30 s)
 */
public record DeviceConfig(
        Role role,
        String deviceId,
        String brokerUri,
        String testbed,
        String username,
        char[] password,
        Path tlsCa,
        double scale,
        EnergyModel energy,
        Duration keepAlive,
        Duration telemetryPeriod,
        int workers,
        Duration peerPatience) {
    public DeviceConfig {
        Objects.requireNonNull(role, "role");
        if (role == Role.BRIDGE) throw new IllegalArgumentException("role must be ue or server, got " + role);
        Ids.require("deviceId", deviceId);
        Objects.requireNonNull(brokerUri, "brokerUri");
        Ids.require("testbed", testbed);
        if (!(scale > 0 && scale <= 1)) throw new IllegalArgumentException("scale must be in (0, 1], got " + scale);
        Objects.requireNonNull(energy, "energy");
        if (keepAlive.isNegative() || keepAlive.isZero())
            throw new IllegalArgumentException("keepAlive must be > 0, got " + keepAlive);
        if (telemetryPeriod.toMillis() < 10)
            throw new IllegalArgumentException("telemetryPeriod must be >= 10 ms, got " + telemetryPeriod);
        if (workers < 1 || workers > 256)
            throw new IllegalArgumentException("workers must be in [1, 256], got " + workers);
        Objects.requireNonNull(peerPatience, "peerPatience");
        if (peerPatience.toMillis() < 1)
            throw new IllegalArgumentException("peerPatience must be >= 1 ms, got " + peerPatience);
        if ((username == null) != (password == null))
            throw new IllegalArgumentException("username and password go together");
        if (username != null && !username.equals(deviceId)) {
            // the shipped broker takes the user name as the client id and the ACL pins the topics' device level to it
            throw new IllegalArgumentException(
                    "the broker user name must be the device id '" + deviceId + "', got '" + username + "'");
        }
    }

    public Optional<Path> tlsCaFile() {
        return Optional.ofNullable(tlsCa);
    }

    /** The same device under another id (for emulated fleets). */
    public DeviceConfig withId(String id) {
        return new DeviceConfig(
                role,
                id,
                brokerUri,
                testbed,
                username,
                password,
                tlsCa,
                scale,
                energy,
                keepAlive,
                telemetryPeriod,
                workers,
                peerPatience);
    }

    public static Builder builder(Role role, String deviceId, String brokerUri) {
        return new Builder(role, deviceId, brokerUri);
    }

    public static final class Builder {
        private final Role role;
        private final String deviceId;
        private final String brokerUri;
        private String testbed = "lambo";
        private String username;
        private char[] password;
        private Path tlsCa;
        private double scale = 1;
        private EnergyModel energy = EnergyModel.PAPER;
        private Duration keepAlive = Duration.ofSeconds(10);
        private Duration telemetryPeriod = Duration.ofSeconds(5);
        private Integer workers;
        private Duration peerPatience = Duration.ofSeconds(30);

        private Builder(Role role, String deviceId, String brokerUri) {
            this.role = role;
            this.deviceId = deviceId;
            this.brokerUri = brokerUri;
        }

        /** Default {@code lambo}. */
        public Builder testbed(String v) {
            testbed = v;
            return this;
        }
        /** Default anonymous. */
        public Builder credentials(String user, char[] pass) {
            username = user;
            password = pass;
            return this;
        }
        /** Default none. */
        public Builder tlsCa(Path v) {
            tlsCa = v;
            return this;
        }
        /** Default 1. */
        public Builder scale(double v) {
            scale = v;
            return this;
        }
        /** Default {@link EnergyModel#PAPER}. */
        public Builder energy(EnergyModel v) {
            energy = v;
            return this;
        }
        /** Default 10 s. */
        public Builder keepAlive(Duration v) {
            keepAlive = v;
            return this;
        }
        /** Default 5 s. */
        public Builder telemetryPeriod(Duration v) {
            telemetryPeriod = v;
            return this;
        }
        /** Default 1 (UE) or the available processors (server). */
        public Builder workers(int v) {
            workers = v;
            return this;
        }
        /** Default 30 s. */
        public Builder peerPatience(Duration v) {
            peerPatience = v;
            return this;
        }

        public DeviceConfig build() {
            int w = workers != null
                    ? workers
                    : role == Role.SERVER ? Runtime.getRuntime().availableProcessors() : 1;
            return new DeviceConfig(
                    role,
                    deviceId,
                    brokerUri,
                    testbed,
                    username,
                    password,
                    tlsCa,
                    scale,
                    energy,
                    keepAlive,
                    telemetryPeriod,
                    w,
                    peerPatience);
        }
    }
}
