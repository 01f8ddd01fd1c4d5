package org.lambo.mqtt.topic;

import java.util.Objects;

/**
 * One concrete topic of the testbed's scheme:
 * <pre>
 *   lambo/{testbed}/{role}/{deviceId}/{channel}
 *   e.g. lambo/lab1/ue/pi-07/telemetry
 * </pre>
 * The testbed id separates trials sharing a broker; the role and device id name the device; the
 * channel says what flows (see {@link Channel}). Built from validated parts or parsed from a received
 * topic name; never contains a wildcard. Filters with wildcards are {@link TopicFilter}s.
 *
 * @param testbed  the testbed (trial) id, an {@link Ids} id
 * @param role     the device's role
 * @param deviceId the device id, an {@link Ids} id, also its MQTT user name in secured deployments
 * @param channel  what flows on this topic
 */
public record Topic(String testbed, Role role, String deviceId, Channel channel) {
    /** The first level of every topic of the scheme. */
    public static final String ROOT = "lambo";

    public Topic {
        Ids.require("testbed", testbed);
        Objects.requireNonNull(role, "role");
        Ids.require("deviceId", deviceId);
        Objects.requireNonNull(channel, "channel");
    }

    /** The topic of the same device on another channel. */
    public Topic on(Channel other) {
        return new Topic(testbed, role, deviceId, other);
    }

    /** The MQTT topic name, e.g. {@code lambo/lab1/ue/pi-07/telemetry}. */
    public String name() {
        return ROOT + '/' + testbed + '/' + role.level() + '/' + deviceId + '/' + channel.level();
    }

    /**
     * Parses a topic name of the scheme; anything else (another root, a wrong number of levels, a bad id,
     * an unknown role or channel, a wildcard) throws a {@link TopicException} naming the bad part.
     */
    public static Topic parse(String name) {
        if (name == null) throw new TopicException("topic", "is missing");
        String[] levels = name.split("/", -1);
        if (levels.length != 5 || !ROOT.equals(levels[0])) {
            throw new TopicException("topic", "must look like " + ROOT
                    + "/{testbed}/{role}/{deviceId}/{channel}, got '" + Ids.printable(name) + "'");
        }
        return new Topic(levels[1], Role.ofLevel("role", levels[2]), levels[3], Channel.parse("channel", levels[4]));
    }

    @Override
    public String toString() { return name(); }
}
