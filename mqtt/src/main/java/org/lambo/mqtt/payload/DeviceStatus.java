package org.lambo.mqtt.payload;

import java.util.Objects;

/**
 * Body of the {@code status} envelopes on a device's retained {@code status} topic: {@code online} when its link
 * connects, {@code offline} when it closes cleanly, and {@code offline} with reason {@code "lost"} as its last will,
 * which the broker publishes when the device vanishes without a DISCONNECT (crash, power cut, network loss past the
 * keep-alive).
 *
 * @param online whether the device is reachable
 * @param reason why: {@code connected}, {@code closed} or {@code lost}
 */
public record DeviceStatus(boolean online, String reason) {
    /** The envelope {@code type} of a status body. */
    public static final String TYPE = "status";

    public DeviceStatus {
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) throw new IllegalArgumentException("reason must not be blank");
    }

    public static DeviceStatus connected() {
        return new DeviceStatus(true, "connected");
    }

    public static DeviceStatus closed() {
        return new DeviceStatus(false, "closed");
    }

    public static DeviceStatus lost() {
        return new DeviceStatus(false, "lost");
    }
}
