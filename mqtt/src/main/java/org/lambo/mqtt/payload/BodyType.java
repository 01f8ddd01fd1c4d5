package org.lambo.mqtt.payload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.function.Function;

/**
 * One kind of envelope body: its {@code type} name on the wire, its Java class, how to read it from JSON and how to
 * write it. Registered with an {@link EnvelopeCodec}; a message whose {@code type} has no registered body type is
 * rejected as {@link RejectReason#UNKNOWN_TYPE}.
 *
 * @param name the envelope {@code type}, e.g. {@code telemetry}
 * @param javaType the body's class
 * @param reader reads a body object (strictly)
 * @param writer writes a body as a JSON object
 */
public record BodyType<B>(String name, Class<B> javaType, BodyReader<B> reader, Function<B, ObjectNode> writer) {
    public BodyType {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9-]{0,47}")) {
            throw new IllegalArgumentException("body type name must match [a-z][a-z0-9-]{0,47}, got '" + name + "'");
        }
        Objects.requireNonNull(javaType, "javaType");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(writer, "writer");
    }

    /**
     * A body that stays a plain JSON object (for bridges that forward bodies they do not interpret, and for tests). The
     * reader returns a copy, so handlers cannot change each other's view.
     */
    public static BodyType<ObjectNode> json(String name) {
        return new BodyType<>(name, ObjectNode.class, body -> ((ObjectNode) body).deepCopy(), ObjectNode::deepCopy);
    }

    /**
     * A body read and written by Jackson data binding, e.g. for the ontology's records. Reading is strict whatever
     * {@code mapper} is configured with: {@link org.lambo.io.StrictJson#mapper()} is the intended mapper, and Jackson's
     * exceptions are translated to {@link PayloadException}s with the body field path: an unknown property is
     * {@link RejectReason#UNKNOWN_FIELD}, a missing or null creator property {@link RejectReason#MISSING_FIELD}, a
     * mistyped value {@link RejectReason#WRONG_TYPE}, and a constructor's own validation failure
     * {@link RejectReason#BAD_VALUE} with its message.
     */
    public static <B> BodyType<B> jackson(String name, Class<B> javaType, ObjectMapper mapper) {
        JacksonBody<B> body = new JacksonBody<>(javaType, mapper);
        return new BodyType<>(name, javaType, body, body);
    }

    static PayloadException translate(JsonProcessingException e) {
        String path = "body";
        String problem = e.getOriginalMessage();
        if (e instanceof JsonMappingException m) {
            StringBuilder b = new StringBuilder("body");
            for (JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) b.append('.').append(r.getFieldName());
                else if (r.getIndex() >= 0) b.append('[').append(r.getIndex()).append(']');
            }
            path = b.toString();
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return new PayloadException(
                    RejectReason.UNKNOWN_FIELD,
                    path,
                    "is not a field of " + u.getReferringClass().getSimpleName() + " (known: " + u.getKnownPropertyIds()
                            + ")");
        }
        if (e instanceof ValueInstantiationException v) {
            Throwable cause = v.getCause() == null ? v : v.getCause();
            return new PayloadException(RejectReason.BAD_VALUE, path, String.valueOf(cause.getMessage()));
        }
        if (e instanceof MismatchedInputException mi && !(e instanceof InvalidFormatException)) {
            String msg = String.valueOf(problem);
            if (msg.startsWith("Missing required creator property")
                    || msg.startsWith("Missing creator property")
                    || msg.startsWith("Null value for creator property")) {
                String field = path;
                int q1 = msg.indexOf('\''), q2 = q1 < 0 ? -1 : msg.indexOf('\'', q1 + 1);
                if (q2 > q1 && !path.endsWith("." + msg.substring(q1 + 1, q2)))
                    field = path + "." + msg.substring(q1 + 1, q2);
                return new PayloadException(RejectReason.MISSING_FIELD, field, "is missing");
            }
            return new PayloadException(RejectReason.WRONG_TYPE, path, "has the wrong type: " + firstLine(msg));
        }
        if (e instanceof InvalidFormatException f) {
            return new PayloadException(
                    RejectReason.WRONG_TYPE, path, "has the wrong type or format, got " + f.getValue());
        }
        return new PayloadException(RejectReason.BAD_VALUE, path, firstLine(String.valueOf(problem)));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
