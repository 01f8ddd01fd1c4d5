package org.lambo.agents.bridge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.lambo.mqtt.topic.Ids;

/**
 * How a trial reaches its devices.
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
    /** Anonymous, without TLS, with the default lost grace. */
    public DeviceOptions(
            DeviceMap devices, String brokerUri, String testbed, double scale, boolean emulate, Duration waitOnline) {
        this(devices, brokerUri, testbed, scale, emulate, waitOnline, null, null, null, DeviceHub.DEFAULT_LOST_GRACE);
    }

    /** With the default lost grace. */
    public DeviceOptions(
            DeviceMap devices,
            String brokerUri,
            String testbed,
            double scale,
            boolean emulate,
            Duration waitOnline,
            String username,
            char[] password,
            Path tlsCa) {
        this(
                devices,
                brokerUri,
                testbed,
                scale,
                emulate,
                waitOnline,
                username,
                password,
                tlsCa,
                DeviceHub.DEFAULT_LOST_GRACE);
    }

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

    /** The same options with another lost grace. */
    public DeviceOptions withLostGrace(Duration grace) {
        return new DeviceOptions(
                devices, brokerUri, testbed, scale, emulate, waitOnline, username, password, tlsCa, grace);
    }
}
