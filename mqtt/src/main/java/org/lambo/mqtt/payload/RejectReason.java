package org.lambo.mqtt.payload;

/**
 * Why a received MQTT message was not delivered to its handler. Each rejection is counted per reason
 * ({@link RejectCounter}) and logged with the reason, the topic and the offending field.
 */
public enum RejectReason {
    /** Larger than the codec's byte limit; not even parsed. */
    TOO_LARGE,
    /** Not well-formed JSON (syntax error, trailing garbage, duplicate key, nesting too deep, empty). */
    NOT_JSON,
    /** Well-formed, but the document or a field that must be an object is not one. */
    NOT_AN_OBJECT,
    /** A number is NaN or infinite (written {@code NaN}, {@code Infinity}, or overflowing, e.g. {@code 1e400}). */
    NOT_FINITE,
    /** A required envelope or body field is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong JSON type, e.g. a string where a number belongs. */
    WRONG_TYPE,
    /** A field the schema does not know; strict on purpose, a typo must not pass silently. */
    UNKNOWN_FIELD,
    /** The envelope's {@code schema} version is not one this reader understands. */
    WRONG_SCHEMA,
    /** The envelope's {@code type} has no registered body reader. */
    UNKNOWN_TYPE,
    /** A field has the right type but a value out of its range (negative seq, bad timestamp, a body rule). */
    BAD_VALUE,
    /** The message arrived on a topic outside the scheme. */
    BAD_TOPIC,
    /**
     * The envelope's {@code deviceId} is not the device id of the topic it arrived on, or on a peer topic not the
     * topic's sender level (spoofing or a bug).
     */
    DEVICE_MISMATCH,
    /**
     * A QoS-1 re-delivery of a message already handled (same sender, {@code seq} and {@code sentAt}); dropped when the
     * dispatcher filters duplicates. Not a fault of the sender: QoS 1 means at least once.
     */
    DUPLICATE,
    /** The payload was valid but its handler threw; the exception is logged and swallowed. */
    HANDLER_FAILED
}
