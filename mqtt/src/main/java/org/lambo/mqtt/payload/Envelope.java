package org.lambo.mqtt.payload;

import java.time.Instant;
import java.util.Objects;

/**
 * The wrapper every payload of the testbed travels in. Its JSON form (schema version 1):
 *
 * <pre>
 * {"schema": 1, "type": "telemetry", "deviceId": "pi-07", "seq": 42,
 *  "sentAt": "2026-11-22T11:09:24.123456Z", "body": { ... }}
 * </pre>
 *
 * @param schema the envelope schema version the sender wrote; readers reject versions they do not know
 * @param type names the body's form, e.g. {@code telemetry}; one {@link BodyType} reads each
 * @param deviceId the sending device (or bridge); must equal the device id of the topic it travels on
 * @param seq the sender's message counter, from 0, increasing by one per message of this sender; lets a receiver spot
 *     QoS-1 duplicates and gaps
 * @param sentAt when the sender built the message (its own clock, UTC)
 * @param body the typed body
 * @param <B> the body's Java type
 */
public record Envelope<B>(int schema, String type, String deviceId, long seq, Instant sentAt, B body) {
    public Envelope {
        if (schema < 1) throw new IllegalArgumentException("schema must be >= 1, got " + schema);
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) throw new IllegalArgumentException("type must not be blank");
        Objects.requireNonNull(deviceId, "deviceId");
        if (seq < 0) throw new IllegalArgumentException("seq must be >= 0, got " + seq);
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(body, "body");
    }

    /** The body as {@code type}, or a {@link ClassCastException} naming both types. */
    public <T> T body(Class<T> type) {
        if (!type.isInstance(body)) {
            throw new ClassCastException("envelope type '" + this.type + "' carries "
                    + body.getClass().getName() + ", not " + type.getName());
        }
        return type.cast(body);
    }
}
