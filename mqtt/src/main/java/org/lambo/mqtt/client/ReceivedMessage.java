package org.lambo.mqtt.client;

import java.util.Objects;

/**
 * A message as it arrived.
 *
 * @param topic the topic name it was published on
 * @param payload its bytes (the link's own copy)
 * @param qos the QoS it was delivered with
 * @param retained whether the broker replayed it from its retained store
 * @param duplicate whether the broker flagged it as a possible re-delivery (QoS 1)
 */
public record ReceivedMessage(String topic, byte[] payload, int qos, boolean retained, boolean duplicate) {
    public ReceivedMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }
}
