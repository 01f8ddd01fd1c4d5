package org.lambo.mqtt.payload;

import org.lambo.mqtt.topic.Topic;

/**
 * Receives a valid envelope of one body type and the topic it came on. Runs on the MQTT callback thread: keep it short.
 */
@FunctionalInterface
public interface EnvelopeHandler<B> {
    void handle(Topic topic, Envelope<B> envelope) throws Exception;
}
