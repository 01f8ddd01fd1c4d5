package org.lambo.mqtt.payload;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.lambo.mqtt.topic.Channel;
import org.lambo.mqtt.topic.Topic;
import org.lambo.mqtt.topic.TopicException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving end of the payload layer: takes a raw MQTT message (topic name and bytes), checks it (topic in the
 * scheme, envelope valid, sender is the topic's device for device-written channels and the topic's sender level on a
 * peer topic) and hands the typed envelope to the handler registered for its type. It never throws: every rejection,
 * including a handler's exception, is counted in the {@link RejectCounter} and logged once at WARN with the reason, the
 * topic and the field, and the caller (Paho's callback thread) carries on. QoS-1 re-deliveries are dropped (and counted
 * as {@link RejectReason#DUPLICATE}) unless the duplicate window is 0. Thread-safe once built.
 */
public final class EnvelopeDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeDispatcher.class);

    private final EnvelopeCodec codec;
    private final RejectCounter rejects;
    private final Map<String, Route<?>> routes;
    private final DuplicateFilter duplicates;

    private record Route<B>(Class<B> type, EnvelopeHandler<B> handler) {
        void deliver(Topic topic, Envelope<?> envelope) throws Exception {
            @SuppressWarnings("unchecked") // the codec built the body with this BodyType's class, checked below
            Envelope<B> typed = (Envelope<B>) envelope;
            type.cast(typed.body());
            handler.handle(topic, typed);
        }
    }

    private EnvelopeDispatcher(Builder b) {
        this.codec = b.codec;
        this.rejects = b.rejects;
        this.routes = Map.copyOf(b.routes);
        this.duplicates = b.duplicateWindow > 0 ? new DuplicateFilter(b.duplicateWindow) : null;
    }

    public static Builder builder(EnvelopeCodec codec) {
        return new Builder(codec);
    }

    /** The rejection counts of this dispatcher. */
    public RejectCounter rejects() {
        return rejects;
    }

    /**
     * Handles one message. Returns true when a handler accepted it, false when it was rejected (counted and logged).
     * Never throws.
     */
    public boolean handle(String topicName, byte[] payload) {
        Topic topic;
        try {
            topic = Topic.parse(topicName);
        } catch (TopicException e) {
            return reject(RejectReason.BAD_TOPIC, topicName, e.getMessage());
        }
        Envelope<?> envelope;
        try {
            envelope = codec.decode(payload == null ? new byte[0] : payload);
        } catch (PayloadException e) {
            return reject(e.reason(), topicName, e.getMessage());
        } catch (RuntimeException e) { // a body reader's bug must not escape either
            return reject(RejectReason.BAD_VALUE, topicName, "body reader failed: " + e);
        }
        Channel channel = topic.channel();
        if (channel.fromDevice() && !envelope.deviceId().equals(topic.deviceId())) {
            return reject(
                    RejectReason.DEVICE_MISMATCH,
                    topicName,
                    "field 'deviceId' is '" + envelope.deviceId() + "' on a topic of device '" + topic.deviceId()
                            + "'");
        }
        if (channel == Channel.PEER && !envelope.deviceId().equals(topic.sender())) {
            return reject(
                    RejectReason.DEVICE_MISMATCH,
                    topicName,
                    "field 'deviceId' is '" + envelope.deviceId() + "' on a peer topic written by '" + topic.sender()
                            + "'");
        }
        if (duplicates != null && !duplicates.firstTime(envelope)) {
            rejects.count(RejectReason.DUPLICATE);
            LOG.debug("dropped a re-delivery on {}: seq {} from {}", topicName, envelope.seq(), envelope.deviceId());
            return false;
        }
        Route<?> route = routes.get(envelope.type());
        if (route == null) {
            return reject(
                    RejectReason.UNKNOWN_TYPE,
                    topicName,
                    "no handler for type '" + envelope.type() + "' (handled: " + routes.keySet() + ")");
        }
        try {
            route.deliver(topic, envelope);
            return true;
        } catch (Exception | LinkageError | AssertionError e) {
            rejects.count(RejectReason.HANDLER_FAILED);
            LOG.warn(
                    "handler for '{}' failed on {} (seq {} from {}); message dropped",
                    envelope.type(),
                    topicName,
                    envelope.seq(),
                    envelope.deviceId(),
                    e);
            return false;
        }
    }

    private boolean reject(RejectReason reason, String topic, String why) {
        rejects.count(reason);
        LOG.warn("rejected message on {}: {}: {}", topic, reason, why);
        return false;
    }

    /** Builds an {@link EnvelopeDispatcher}. */
    public static final class Builder {
        private final EnvelopeCodec codec;
        private RejectCounter rejects = new RejectCounter();
        private final Map<String, Route<?>> routes = new LinkedHashMap<>();
        private int duplicateWindow = 4096;

        private Builder(EnvelopeCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
        }

        /** Count into this counter (default: a new one), e.g. to share one counter across dispatchers. */
        public Builder rejects(RejectCounter counter) {
            this.rejects = Objects.requireNonNull(counter, "counter");
            return this;
        }

        /**
         * Drops QoS-1 re-deliveries, remembering {@code window} messages per sender (default 4096; 0 turns the filter
         * off, so handlers see every delivery). See {@link DuplicateFilter}.
         */
        public Builder duplicateWindow(int window) {
            if (window < 0) throw new IllegalArgumentException("duplicate window must be >= 0, got " + window);
            this.duplicateWindow = window;
            return this;
        }

        /** Sends envelopes of {@code type} (which the codec must know) to {@code handler}. */
        public <B> Builder on(String type, Class<B> bodyClass, EnvelopeHandler<B> handler) {
            if (!codec.types().contains(type)) {
                throw new IllegalArgumentException(
                        "the codec has no body type '" + type + "'; known: " + codec.types());
            }
            if (routes.putIfAbsent(type, new Route<>(bodyClass, Objects.requireNonNull(handler, "handler"))) != null) {
                throw new IllegalArgumentException("type '" + type + "' already has a handler");
            }
            return this;
        }

        public EnvelopeDispatcher build() {
            return new EnvelopeDispatcher(this);
        }
    }
}
