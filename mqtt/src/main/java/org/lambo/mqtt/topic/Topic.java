package org.lambo.mqtt.topic;

import java.util.Objects;

/**
 * One concrete topic of the testbed's scheme:
 *
 * <pre>
 *   lambo/{testbed}/{role}/{deviceId}/{channel}
 *   lambo/{testbed}/{role}/{deviceId}/peer/{senderId}
 *   e.g. lambo/lab1/ue/pi-07/telemetry, lambo/lab1/server/jetson-01/peer/pi-07
 * </pre>
 *
 * The testbed id separates trials sharing a broker; the role and device id name the device; the channel says what flows
 * (see {@link Channel}). A {@link Channel#PEER} topic has a sixth level, the <em>sender</em>'s device id: the broker's
 * ACL lets a device write only peer topics whose last level is its own user name ({@code pattern write
 * lambo/+/+/+/peer/%u}), so the receiver knows who wrote it, and the {@link org.lambo.mqtt.payload.EnvelopeDispatcher}
 * rejects an envelope whose {@code deviceId} is not that sender. Built from validated parts or parsed from a received
 * topic name; never contains a wildcard. Filters with wildcards are {@link TopicFilter}s.
 *
 * @param testbed the testbed (trial) id, an {@link Ids} id
 * @param role the device's role
 * @param deviceId the device id, an {@link Ids} id, also its MQTT user name in secured deployments
 * @param channel what flows on this topic
 * @param sender on a {@link Channel#PEER} topic the writing device's id (an {@link Ids} id); empty on every other
 *     channel
 */
public record Topic(String testbed, Role role, String deviceId, Channel channel, String sender) {
    /** The first level of every topic of the scheme. */
    public static final String ROOT = "lambo";

    public Topic {
        Ids.require("testbed", testbed);
        Objects.requireNonNull(role, "role");
        Ids.require("deviceId", deviceId);
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(sender, "sender");
        if (channel == Channel.PEER) {
            Ids.require("sender", sender);
        } else if (!sender.isEmpty()) {
            throw new TopicException(
                    "sender",
                    "belongs only to a peer topic, got '" + Ids.printable(sender) + "' on a " + channel + " topic");
        }
    }

    /** A topic of any channel but {@link Channel#PEER} (whose topics name their sender: {@link #peer}). */
    public Topic(String testbed, Role role, String deviceId, Channel channel) {
        this(testbed, role, deviceId, requireNotPeer(channel), "");
    }

    private static Channel requireNotPeer(Channel c) {
        if (c == Channel.PEER)
            throw new TopicException("channel", "a peer topic names its sender: use Topic.peer(..., sender)");
        return c;
    }

    /** The {@code peer} topic of device {@code deviceId} that device {@code sender} writes. */
    public static Topic peer(String testbed, Role role, String deviceId, String sender) {
        return new Topic(testbed, role, deviceId, Channel.PEER, sender);
    }

    /** The topic of the same device on another channel (not {@link Channel#PEER}: see {@link #peerFrom}). */
    public Topic on(Channel other) {
        return new Topic(testbed, role, deviceId, other);
    }

    /** This device's {@code peer} topic as written by {@code senderId}. */
    public Topic peerFrom(String senderId) {
        return peer(testbed, role, deviceId, senderId);
    }

    /** The MQTT topic name, e.g. {@code lambo/lab1/ue/pi-07/telemetry} or {@code lambo/lab1/ue/pi-07/peer/srv-1}. */
    public String name() {
        String base = ROOT + '/' + testbed + '/' + role.level() + '/' + deviceId + '/' + channel.level();
        return channel == Channel.PEER ? base + '/' + sender : base;
    }

    /**
     * Parses a topic name of the scheme; anything else (another root, a wrong number of levels, a bad id, an unknown
     * role or channel, a wildcard, a peer topic without its sender) throws a {@link TopicException} naming the bad
     * part.
     */
    public static Topic parse(String name) {
        if (name == null) throw new TopicException("topic", "is missing");
        String[] levels = name.split("/", -1);
        if ((levels.length != 5 && levels.length != 6) || !ROOT.equals(levels[0])) {
            throw new TopicException(
                    "topic",
                    "must look like " + ROOT
                            + "/{testbed}/{role}/{deviceId}/{channel} (peer: .../peer/{senderId}), got '"
                            + Ids.printable(name) + "'");
        }
        Channel channel = Channel.parse("channel", levels[4]);
        if (channel == Channel.PEER && levels.length != 6) {
            throw new TopicException(
                    "sender", "a peer topic must end in /peer/{senderId}, got '" + Ids.printable(name) + "'");
        }
        if (channel != Channel.PEER && levels.length != 5) {
            throw new TopicException("topic", "only a peer topic has a sixth level, got '" + Ids.printable(name) + "'");
        }
        return new Topic(
                levels[1], Role.ofLevel("role", levels[2]), levels[3], channel, levels.length == 6 ? levels[5] : "");
    }

    @Override
    public String toString() {
        return name();
    }
}
