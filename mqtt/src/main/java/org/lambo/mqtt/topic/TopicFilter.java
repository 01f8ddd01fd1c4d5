package org.lambo.mqtt.topic;

import java.util.Objects;
import java.util.Optional;

/**
 * A subscription filter over the scheme of {@link Topic}: each of role, device id and channel is either fixed or any
 * ({@code +}); the testbed is always fixed, so one trial never hears another's traffic. For example the bridge
 * subscribes to every device's telemetry with {@code TopicFilter.of("lab1").channel(Channel.TELEMETRY)}, i.e.
 * {@code lambo/lab1/+/+/telemetry}. Immutable; the {@code with...} methods return a new filter.
 */
public final class TopicFilter {
    private final String testbed;
    private final Role role;
    private final String deviceId;
    private final Channel channel;

    private TopicFilter(String testbed, Role role, String deviceId, Channel channel) {
        this.testbed = Ids.require("testbed", testbed);
        this.role = role;
        this.deviceId = deviceId == null ? null : Ids.require("deviceId", deviceId);
        this.channel = channel;
    }

    /** Every topic of the testbed: {@code lambo/{testbed}/+/+/+}. */
    public static TopicFilter of(String testbed) {
        return new TopicFilter(testbed, null, null, null);
    }

    /** The topic's device and channel (for a peer topic: from any sender). */
    public static TopicFilter of(Topic topic) {
        return new TopicFilter(topic.testbed(), topic.role(), topic.deviceId(), topic.channel());
    }

    public TopicFilter role(Role r) {
        return new TopicFilter(testbed, Objects.requireNonNull(r, "role"), deviceId, channel);
    }

    public TopicFilter device(String id) {
        return new TopicFilter(testbed, role, Objects.requireNonNull(id, "deviceId"), channel);
    }

    public TopicFilter channel(Channel c) {
        return new TopicFilter(testbed, role, deviceId, Objects.requireNonNull(c, "channel"));
    }

    public String testbed() {
        return testbed;
    }

    public Optional<Role> role() {
        return Optional.ofNullable(role);
    }

    public Optional<String> deviceId() {
        return Optional.ofNullable(deviceId);
    }

    public Optional<Channel> channel() {
        return Optional.ofNullable(channel);
    }

    /**
     * The MQTT filter string, e.g. {@code lambo/lab1/+/+/telemetry}; a {@link Channel#PEER} filter ends in
     * {@code /peer/+} (any sender), e.g. {@code lambo/lab1/ue/pi-07/peer/+}. A filter with an open channel selects no
     * peer topic (they have six levels).
     */
    public String filter() {
        return Topic.ROOT
                + '/'
                + testbed
                + '/'
                + (role == null ? "+" : role.level())
                + '/'
                + (deviceId == null ? "+" : deviceId)
                + '/'
                + (channel == null ? "+" : channel.level())
                + (channel == Channel.PEER ? "/+" : "");
    }

    /** Whether {@code topic} is one of the topics this filter selects. */
    public boolean matches(Topic topic) {
        return testbed.equals(topic.testbed())
                && (role == null || role == topic.role())
                && (deviceId == null || deviceId.equals(topic.deviceId()))
                && (channel == null ? topic.channel() != Channel.PEER : channel == topic.channel());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicFilter f && f.filter().equals(filter());
    }

    @Override
    public int hashCode() {
        return filter().hashCode();
    }

    @Override
    public String toString() {
        return filter();
    }
}
