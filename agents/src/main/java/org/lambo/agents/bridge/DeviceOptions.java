package org.lambo.agents.bridge;

import java.time.Duration;
import java.util.Objects;
import org.lambo.mqtt.topic.Ids;

/**
 * How a trial reaches its devices.
 *
 * @param devices   which agents are device-backed
 * @param brokerUri the broker the devices use; null: the trial starts an embedded broker (Moquette) on a free
 *                  loopback port, so nothing needs installing (then only emulated or local devices reach it)
 * @param testbed   the topics' testbed level (the devices' {@code --testbed})
 * @param scale     the devices' workload scale (their {@code --scale}), for the input bytes of a command
 * @param emulate   the trial runs the listed devices itself, in this JVM, at {@code scale} (demos, tests)
 * @param waitOnline how long the trial waits at its start for every listed device to be online and to have
 *                  sent its telemetry; the trial goes on without the others (offline: their servers down, their
 *                  UEs' tasks failed; no telemetry yet: their agents state the scenario's f until it comes)
 */
public record DeviceOptions(DeviceMap devices, String brokerUri, String testbed, double scale, boolean emulate, Duration waitOnline) {
    public DeviceOptions {
        Objects.requireNonNull(devices, "devices");
        Ids.require("testbed", testbed);
        if (!(scale > 0 && scale <= 1)) throw new IllegalArgumentException("device scale must be in (0, 1], got " + scale);
        if (waitOnline == null || waitOnline.isNegative()) throw new IllegalArgumentException("waitOnline must be >= 0, got " + waitOnline);
    }
}
