package org.lambo.ontology;

/**
 * A message that cannot be read: not JSON, another schema, an unknown type, or a field that is missing, of the wrong
 * kind or out of range. The message names the field (a dotted path such as {@code body.ue.gains[2]}) and the problem,
 * so that an agent can answer NOT_UNDERSTOOD with it.
 */
public final class MalformedMessageException extends IllegalArgumentException {
    private final String field;

    public MalformedMessageException(String field, String problem) {
        super((field == null || field.isEmpty() ? "" : "field '" + field + "' ") + problem);
        this.field = field == null ? "" : field;
    }

    /** The dotted path of the bad field; empty when the message as a whole is bad. */
    public String field() {
        return field;
    }
}
