package org.lambo.mqtt.client;

/**
 * Base of the typed failures of an {@link MqttLink}. Unchecked: callers that can do something about a failure catch the
 * subtype that names it; Paho's reason code, when there is one, is kept in {@link #pahoReasonCode()} and the Paho
 * exception is the cause.
 */
public class MqttLinkException extends RuntimeException {
    private final int pahoReasonCode;

    public MqttLinkException(String message, int pahoReasonCode, Throwable cause) {
        super(message, cause);
        this.pahoReasonCode = pahoReasonCode;
    }

    public MqttLinkException(String message) {
        this(message, -1, null);
    }

    /** Paho's {@code MqttException.getReasonCode()}, or -1 when the failure did not come from Paho. */
    public int pahoReasonCode() {
        return pahoReasonCode;
    }

    /** Options that cannot work: a bad URI, an unreadable CA file, a TLS setting on a {@code tcp://} URI. */
    public static final class Config extends MqttLinkException {
        public Config(String message, Throwable cause) {
            super(message, -1, cause);
        }
    }

    /** The broker could not be reached or did not answer in time; worth retrying. */
    public static final class Unreachable extends MqttLinkException {
        public Unreachable(String message, int code, Throwable cause) {
            super(message, code, cause);
        }
    }

    /** The broker refused the user name or password, or the client is not authorised; retrying will not help. */
    public static final class NotAuthorized extends MqttLinkException {
        public NotAuthorized(String message, int code, Throwable cause) {
            super(message, code, cause);
        }
    }

    /** The TLS handshake failed (untrusted or mismatched server certificate, protocol mismatch). */
    public static final class Tls extends MqttLinkException {
        public Tls(String message, int code, Throwable cause) {
            super(message, code, cause);
        }
    }

    /** The broker refused a subscription (granted QoS 0x80), typically because of its ACL. */
    public static final class SubscriptionRefused extends MqttLinkException {
        public SubscriptionRefused(String message) {
            super(message);
        }
    }

    /** The outbox holds its capacity of unsent messages: the broker has been away too long for this rate. */
    public static final class OutboxFull extends MqttLinkException {
        public OutboxFull(String message) {
            super(message);
        }
    }

    /** The link was closed; nothing more is sent or received. */
    public static final class Closed extends MqttLinkException {
        public Closed(String message) {
            super(message);
        }
    }
}
