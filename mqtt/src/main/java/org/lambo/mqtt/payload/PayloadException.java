package org.lambo.mqtt.payload;

import java.util.Objects;

/**
 * A payload was rejected: carries the {@link RejectReason} to count and a message naming the source (usually the
 * topic), the field path (e.g. {@code body.cycles}) and the bad value, in the style of
 * {@code org.lambo.io.InputException}.
 */
public final class PayloadException extends IllegalArgumentException {
    private final RejectReason reason;
    private final String field;

    public PayloadException(RejectReason reason, String field, String problem) {
        super((field == null || field.isEmpty() ? "" : "field '" + field + "' ") + problem);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.field = field == null ? "" : field;
    }

    /** Why it was rejected. */
    public RejectReason reason() {
        return reason;
    }

    /** The dotted path of the bad field, e.g. {@code body.cycles}; empty for the whole payload. */
    public String field() {
        return field;
    }
}
