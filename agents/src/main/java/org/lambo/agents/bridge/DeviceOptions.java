package org.lambo.agents.bridge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.lambo.mqtt.topic.Ids;

/**
 * How a trial reaches its devices.
 *
 * <p>Make them with {@link #builder}: the devices, then what differs from the defaults {@link Builder} lists. The
 * canonical constructor checks every value, naming the bad one.
 *
 * @param devices which agents are device-backed
 * @param brokerUri the broker the devices use; null: the trial starts an embedded broker (Moquette) on a free loopback
 *     port, so nothing needs installing (then only emulated or local devices reach it)
 * @param testbed the topics' testbed level (the devices' {@code --testbed})
 * @param scale the devices' workload scale (their {@code --scale}), for the input bytes of a command
 * @param emulate the trial runs the listed devices itself, in this JVM, at {@code scale} (demos, tests)
 * @param waitOnline how long the trial waits at its start for every listed device to be online and to have sent its
 *     telemetry; the trial goes on without the others (offline: their servers down, their UEs' tasks failed; no
 *     telemetry yet: their agents state the scenario's f until it comes)
 * @param username the bridge's broker user name (the shipped ACL's {@code lambo-bridge}); null: anonymous
 * @param password its password; null exactly when {@code username} is
 * @param tlsCa the CA certificate to trust for an {@code ssl://} broker; null: none
 * @param lostGrace how long a device whose will ({@code lost}) came may take to be back before its commands fail, in
 *     [0, 10 min] ({@link DeviceHub#DEFAULT_LOST_GRACE}, 10 s, covers a broker restart)
 */
public record DeviceOptions(
        DeviceMap devices,
        String brokerUri,
        String testbed,
        double scale,
        boolean emulate,
        Duration waitOnline,
        String username,
        char[] password,
        Path tlsCa,
        Duration lostGrace) {
    /** The topics' testbed level when none is given (the devices' default {@code --testbed}). */
    public static final String DEFAULT_TESTBED = "lambo";

    /** How long a trial waits at its start for its devices when not told. */
    public static final Duration DEFAULT_WAIT_ONLINE = Duration.ofSeconds(30);

    public DeviceOptions {
        Objects.requireNonNull(devices, "devices");
        Ids.require("testbed", testbed);
        DeviceHub.clientId(testbed); // the bridge's client id must be a valid id too
        DeviceHub.checkLostGrace(lostGrace);
        if (!(scale > 0 && scale <= 1))
            throw new IllegalArgumentException("device scale must be in (0, 1], got " + scale);
        if (waitOnline == null || waitOnline.isNegative())
            throw new IllegalArgumentException("waitOnline must be >= 0, got " + waitOnline);
        if ((username == null) != (password == null))
            throw new IllegalArgumentException("the bridge's broker user name and password go together");
        if (brokerUri == null && (username != null || tlsCa != null)) {
            throw new IllegalArgumentException(
                    "broker credentials and TLS need a broker URI (the embedded broker is anonymous)");
        }
    }

    /** Options for these devices: see {@link Builder} for the defaults. */
    public static Builder builder(DeviceMap devices) {
        return new Builder(devices);
    }

    /**
     * Device options in steps. Defaults, for what is not given: the embedded broker (no URI), the testbed
     * {@value #DEFAULT_TESTBED}, scale 1, the devices not emulated, 30 s to wait for them at the start
     * ({@link #DEFAULT_WAIT_ONLINE}), anonymous, no TLS, the lost grace {@link DeviceHub#DEFAULT_LOST_GRACE}.
     * {@link #build} checks them as the record does.
     */
    public static final class Builder {
        private final DeviceMap devices;
        private String brokerUri;
        private String testbed = DEFAULT_TESTBED;
        private double scale = 1;
        private boolean emulate;
        private Duration waitOnline = DEFAULT_WAIT_ONLINE;
        private String username;
        private char[] password;
        private Path tlsCa;
        private Duration lostGrace = DeviceHub.DEFAULT_LOST_GRACE;

        private Builder(DeviceMap devices) {
            this.devices = devices;
        }

        /** The broker the devices use; null: the embedded one. */
        public Builder broker(String uri) {
            this.brokerUri = uri;
            return this;
        }

        /** The topics' testbed level. */
        public Builder testbed(String testbed) {
            this.testbed = testbed;
            return this;
        }

        /** The devices' workload scale, in (0, 1]. */
        public Builder scale(double scale) {
            this.scale = scale;
            return this;
        }

        /** Whether the trial runs the listed devices itself. */
        public Builder emulate(boolean emulate) {
            this.emulate = emulate;
            return this;
        }

        /** How long the trial waits at its start for the devices. */
        public Builder waitOnline(Duration waitOnline) {
            this.waitOnline = waitOnline;
            return this;
        }

        /** The bridge's broker user name and password (both null: anonymous). */
        public Builder credentials(String username, char[] password) {
            this.username = username;
            this.password = password;
            return this;
        }

        /** The CA certificate to trust for an {@code ssl://} broker; null: none. */
        public Builder tlsCa(Path tlsCa) {
            this.tlsCa = tlsCa;
            return this;
        }

        /** How long a device reported lost may take to be back before its commands fail. */
        public Builder lostGrace(Duration lostGrace) {
            this.lostGrace = lostGrace;
            return this;
        }

        /** The options; a bad value fails naming it. */
        public DeviceOptions build() {
            return new DeviceOptions(
                    devices, brokerUri, testbed, scale, emulate, waitOnline, username, password, tlsCa, lostGrace);
        }
    }
}
