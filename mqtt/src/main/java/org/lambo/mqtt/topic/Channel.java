package org.lambo.mqtt.topic;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The five kinds of traffic of a device, each its own topic. {@link #fromDevice()} says who writes it: the device
 * writes its telemetry, results and status; the testbed writes its commands; other devices write its {@code peer} topic
 * (an offloading UE device sends a server device a task's input there, and the server device answers the UE device on
 * the UE's). The broker's ACL (see {@code configs/mosquitto/acl}) enforces exactly this split.
 */
public enum Channel {
    /** Device to testbed: periodic measurements (CPU speed, load, queue). */
    TELEMETRY("telemetry", true),
    /** Testbed to device: tasks to run, decisions, configuration. */
    COMMANDS("commands", false),
    /** Device to testbed: the outcome of a command (measured latency, energy). */
    RESULTS("results", true),
    /** Device to testbed, retained: {@code online} on connect, {@code offline} as the last will. */
    STATUS("status", true),
    /**
     * Device to device, addressed to the topic's device: an offloaded task's input bytes (UE device to server device)
     * and the server device's receipt and completion notice (back to the UE device). Its topics have a sixth level, the
     * sender's id ({@code .../peer/{senderId}}), which the ACL pins to the writer's user name; the envelope's
     * {@code deviceId} must equal it.
     */
    PEER("peer", false);

    private final String level;
    private final boolean fromDevice;

    Channel(String level, boolean fromDevice) {
        this.level = level;
        this.fromDevice = fromDevice;
    }

    /** The topic level, e.g. {@code telemetry}. */
    public String level() {
        return level;
    }

    /**
     * True when the topic's own device publishes on this channel, false when the testbed (or, for {@link #PEER},
     * another device) does.
     */
    public boolean fromDevice() {
        return fromDevice;
    }

    /** The channel whose topic level is exactly {@code level}. */
    public static Channel parse(String field, String level) {
        for (Channel c : values()) if (c.level.equals(level)) return c;
        throw new TopicException(
                field,
                "must be one of "
                        + Arrays.stream(values()).map(Channel::level).collect(Collectors.joining(", "))
                        + ", got '" + (level == null ? "null" : Ids.printable(level)) + "'");
    }

    @Override
    public String toString() {
        return level;
    }
}
