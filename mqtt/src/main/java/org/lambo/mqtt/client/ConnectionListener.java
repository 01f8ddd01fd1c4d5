package org.lambo.mqtt.client;

/** Hears a link's connection changes, on the link's own thread. Both methods default to doing nothing. */
public interface ConnectionListener {
    /** Connected, subscriptions restored; {@code reconnect} is false for the first connection only. */
    default void connected(boolean reconnect) {}

    /** The connection was lost; the link is already scheduling its reconnection. */
    default void disconnected(Throwable cause) {}
}
