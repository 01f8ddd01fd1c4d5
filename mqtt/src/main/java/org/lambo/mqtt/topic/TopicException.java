package org.lambo.mqtt.topic;

/**
 * A topic name, filter or one of its ids is malformed. The message names the field ({@code testbed}, {@code deviceId},
 * {@code topic}...) and the bad value, so a wrong {@code --id} flag or a stray publish is reported without a stack
 * trace.
 */
public final class TopicException extends IllegalArgumentException {
    private final String field;

    public TopicException(String field, String problem) {
        super("field '" + field + "' " + problem);
        this.field = field;
    }

    /** The name of the bad part, e.g. {@code deviceId} or {@code topic}. */
    public String field() {
        return field;
    }
}
