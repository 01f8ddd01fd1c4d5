package org.lambo.io;

/**
 * Bad input from outside (a scenario, an instance file, a flag, a message payload): the message names the source, the
 * field and the value, so that a user can fix it without a stack trace.
 */
public class InputException extends IllegalArgumentException {
    private final String source;
    private final String field;
    private final String problem;

    public InputException(String source, String field, String problem) {
        super((source == null || source.isEmpty() ? "" : source + ": ")
                + (field == null || field.isEmpty() ? "" : "field '" + field + "' ")
                + problem);
        this.source = source;
        this.field = field;
        this.problem = problem;
    }

    /** Where the input came from, e.g. a file name and line. */
    public String source() {
        return source;
    }

    /** The dotted path of the bad field, e.g. {@code task.bits.mean}; may be empty. */
    public String field() {
        return field;
    }

    /** What is wrong, without the source and the field, e.g. {@code must be > 0, got -1.0}. */
    public String problem() {
        return problem;
    }
}
