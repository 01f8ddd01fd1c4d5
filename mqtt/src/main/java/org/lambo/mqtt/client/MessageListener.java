package org.lambo.mqtt.client;

/**
 * Receives the messages of one subscription. Called on Paho's callback thread, one message at a time, before the QoS-1
 * acknowledgement is sent: keep it short and never block on the link from inside it. An exception it throws is logged
 * and swallowed (a throwing Paho callback would drop the connection).
 */
@FunctionalInterface
public interface MessageListener {
    void onMessage(ReceivedMessage message) throws Exception;
}
