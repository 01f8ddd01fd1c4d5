package org.lambo.ontology;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.lambo.io.Documents;
import org.lambo.io.InputException;
import org.lambo.io.StrictJson;

/**
 * The JSON form of the vocabulary in ACL content (the content language {@code lambo-json}):
 *
 * <pre>{"schema": 1, "type": "offloading-request", "body": { ...the record's fields... }}</pre>
 *
 * <p>Reading is strict, by the same rules as MQTT payloads ({@link StrictJson}, the one strict reader): the schema must
 * be {@link #SCHEMA}, the type one of {@link MessageType}, and the body must have every field of the record (null only
 * where the record takes it: an optional value), no other field, and values of the right kind (no strings for numbers,
 * no fractions for integers, no numbers for enums); no key may appear twice, nothing may follow the object, nesting and
 * number length are bounded, and every number must be finite ({@code NaN}, {@code Infinity}, {@code 1e400} refused
 * naming the field); the record's own constructor then checks the ranges and the sizes ({@link org.lambo.io.Limits}).
 * Anything else is a {@link MalformedMessageException} naming the field. The content's size is bounded before it is
 * read ({@code LamboAcl.MAX_CONTENT}). Doubles are written in their shortest exact form, so a value read back equals
 * the value written. Thread-safe.
 *
 * <p>Doubles are written by Jackson's Schubfach writer and read by its FastDoubleParser (both exact: the shortest
 * decimal that reads back as the same double, and the correctly rounded double of a decimal), not by the JDK's
 * {@code Double.toString} and {@code Double.parseDouble}, whose slow paths (big-integer arithmetic for doubles such as
 * 40/3) showed in the UEs' profile of a slot (docs/BENCHMARKS.md, session 14); a message written and read costs about
 * 0.5 us less. JDK 17's {@code Double.toString} is also not always the shortest ({@code 1.0E23} comes out as
 * {@code 9.999999999999999E22}, the same double); Schubfach's is.
 */
public final class LamboJson {
    /** The schema version of the JSON form; a reader refuses any other. */
    public static final int SCHEMA = 1;

    /**
     * The one strict reader of messages, MQTT payloads' too; a null reaches the record, whose constructor refuses it
     * unless the field is optional (a task report's predicted costs before a decision).
     */
    private static final ObjectMapper MAPPER =
            StrictJson.mapper(StrictJson.MAX_MESSAGE, StrictJson.Nulls.TO_THE_RECORD);

    /** Writes a record without the tree (no root wrapping, the mapper's features). */
    private static final ObjectWriter WRITER = MAPPER.writer().with(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);

    /** Doubles in their shortest exact form, by Schubfach (see the class comment). */
    private static JsonGenerator fastDoubles(JsonGenerator g) {
        return g.enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature());
    }

    /** Doubles read correctly rounded by FastDoubleParser (see the class comment). */
    private static JsonParser fastDoubles(JsonParser p) {
        return p.enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature());
    }
    /**
     * A reader of each type's body from within the envelope: the mapper's features, less the check for trailing tokens
     * (the envelope's closing brace follows the body; {@link #readInOnePass} requires the end after it).
     */
    private static final java.util.Map<MessageType, ObjectReader> READERS = readers();

    private static java.util.Map<MessageType, ObjectReader> readers() {
        java.util.Map<MessageType, ObjectReader> r = new java.util.EnumMap<>(MessageType.class);
        for (MessageType t : MessageType.values())
            r.put(t, MAPPER.readerFor(t.javaType()).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));
        return java.util.Collections.unmodifiableMap(r);
    }

    private LamboJson() {}

    /**
     * The message's JSON form, on one line: the envelope and the record written in one pass, straight to the text (no
     * tree in between; the same text as {@link #writeViaTree}).
     */
    public static String write(LamboMessage message) {
        java.io.StringWriter out = new java.io.StringWriter(256);
        try (JsonGenerator g = fastDoubles(MAPPER.getFactory().createGenerator(out))) {
            g.writeStartObject();
            g.writeNumberField("schema", SCHEMA);
            g.writeStringField("type", MessageType.of(message).wireName());
            g.writeFieldName("body");
            WRITER.writeValue(g, message);
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write " + message + " as JSON", e);
        }
        return out.toString();
    }

    /** The message's JSON form built as a tree first: what {@link #write} wrote before, kept to show they agree. */
    static String writeViaTree(LamboMessage message) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("type", MessageType.of(message).wireName());
        root.set("body", MAPPER.valueToTree(message));
        try {
            return WRITER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message + " as JSON", e);
        }
    }

    /** Reads a message of any type of the vocabulary. */
    public static LamboMessage read(String json) {
        LamboMessage fast = readInOnePass(json, null);
        if (fast != null) return fast;
        JsonNode root = parse(json);
        return readBody(root, typeOf(root));
    }

    /**
     * Reads a message that must be of the given type.
     *
     * @throws MalformedMessageException when it is of another type or malformed
     */
    public static <T extends LamboMessage> T read(String json, Class<T> expected) {
        MessageType want = MessageType.of(expected);
        LamboMessage fast = readInOnePass(json, want);
        if (fast != null) return expected.cast(fast);
        JsonNode root = parse(json);
        MessageType type = typeOf(root);
        if (type != want)
            throw new MalformedMessageException(
                    "type", "must be '" + want.wireName() + "', got '" + type.wireName() + "'");
        return expected.cast(readBody(root, type));
    }

    /**
     * The message read in one pass over the text, straight into its record, when the text is exactly what
     * {@link #write} writes: {@code {"schema": 1, "type": T, "body": {...}}} in that order, of type {@code want} (any
     * type when null), and nothing after it; null for anything else, and for any error on the way, which the strict
     * reader (the tree: {@link #parse}, {@link #readBody}) then reads again and words. Both use the same parser
     * (duplicate keys, nesting, number length, non-finite numbers refused) and the same deserializers (no coercion,
     * every field, no other, the record's own checks), so a text this accepts the strict reader accepts as the same
     * record: the one pass only skips building the tree. A slot's messages are nearly all written by {@link #write}.
     */
    static LamboMessage readInOnePass(String json, MessageType want) {
        if (json == null || json.isBlank()) return null;
        try (JsonParser p = fastDoubles(MAPPER.getFactory().createParser(json))) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            if (!field(p, "schema") || p.nextToken() != JsonToken.VALUE_NUMBER_INT) return null;
            if (p.getNumberType() != JsonParser.NumberType.INT || p.getIntValue() != SCHEMA) return null;
            if (!field(p, "type") || p.nextToken() != JsonToken.VALUE_STRING) return null;
            MessageType type = MessageType.byWireName(p.getText()).orElse(null);
            if (type == null || (want != null && type != want)) return null;
            if (!field(p, "body") || p.nextToken() != JsonToken.START_OBJECT) return null;
            LamboMessage m = READERS.get(type).readValue(p);
            if (m == null || p.nextToken() != JsonToken.END_OBJECT || p.nextToken() != null) return null;
            return m;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** Whether the next token is the field {@code name}. */
    private static boolean field(JsonParser p, String name) throws java.io.IOException {
        return p.nextToken() == JsonToken.FIELD_NAME && name.equals(p.currentName());
    }

    /** The wire type of a message without reading its body, e.g. to route it. */
    public static MessageType peekType(String json) {
        return typeOf(parse(json));
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) throw new MalformedMessageException("", "is empty");
        JsonNode root;
        try {
            root = Documents.readTree(
                    "", "JSON", MAPPER, fastDoubles(MAPPER.getFactory().createParser(json)));
        } catch (InputException e) {
            throw new MalformedMessageException(e.field(), e.problem());
        } catch (java.io.IOException e) {
            throw new MalformedMessageException("", "cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new MalformedMessageException("", "must be a JSON object");
        Map.Entry<String, String> nonFinite = StrictJson.firstNonFinite(root, "");
        if (nonFinite != null) {
            throw new MalformedMessageException(
                    nonFinite.getKey(), "must be a finite number, got " + nonFinite.getValue());
        }
        JsonNode schema = root.get("schema");
        if (schema == null) throw new MalformedMessageException("schema", "is missing");
        if (!schema.isInt() || schema.intValue() != SCHEMA) {
            throw new MalformedMessageException("schema", "must be " + SCHEMA + ", got " + schema);
        }
        var names = root.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!n.equals("schema") && !n.equals("type") && !n.equals("body")) {
                throw new MalformedMessageException(n, "is not a field of the envelope (schema, type, body)");
            }
        }
        return root;
    }

    private static MessageType typeOf(JsonNode root) {
        JsonNode type = root.get("type");
        if (type == null) throw new MalformedMessageException("type", "is missing");
        if (!type.isTextual()) throw new MalformedMessageException("type", "must be a string, got " + type);
        return MessageType.byWireName(type.textValue())
                .orElseThrow(() -> new MalformedMessageException(
                        "type", "is not a message type of the vocabulary: '" + type.textValue() + "'"));
    }

    private static LamboMessage readBody(JsonNode root, MessageType type) {
        JsonNode body = root.get("body");
        if (body == null) throw new MalformedMessageException("body", "is missing");
        if (!body.isObject())
            throw new MalformedMessageException("body", "must be an object, got " + body.getNodeType());
        try {
            return MAPPER.treeToValue(body, type.javaType());
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new MalformedMessageException(path(e), cause.getMessage());
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            String want = kind(e.getTargetType());
            JsonNode bad = nodeAt(body, e);
            if (want != null && bad != null)
                throw new MalformedMessageException(
                        path(e), "must be " + want + ", got " + org.lambo.io.Fields.describe(bad));
            throw new MalformedMessageException(path(e), e.getOriginalMessage());
        } catch (JsonMappingException e) {
            throw new MalformedMessageException(path(e), e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("body", e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("body", e.getMessage());
        }
    }

    /** What a value of {@code type} is called in an error, or null for a record. */
    private static String kind(Class<?> type) {
        if (type == null) return null;
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) return "an integer";
        if (type == double.class || type == Double.class || type == float.class || type == Float.class)
            return "a number";
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (type == String.class || type == org.lambo.io.PromptId.class) return "a string";
        if (java.util.Collection.class.isAssignableFrom(type)) return "a list";
        return type.isEnum() ? "one of " + java.util.Arrays.toString(type.getEnumConstants()) : null;
    }

    /** The node of the body the failed path points at, or null. */
    private static JsonNode nodeAt(JsonNode body, JsonMappingException e) {
        JsonNode n = body;
        for (JsonMappingException.Reference r : e.getPath()) {
            if (n == null) return null;
            n = r.getFieldName() != null ? n.get(r.getFieldName()) : r.getIndex() >= 0 ? n.get(r.getIndex()) : null;
        }
        return n;
    }

    /** The dotted path of the field that failed, rooted at {@code body}. */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder("body");
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) sb.append('.').append(r.getFieldName());
            else if (r.getIndex() >= 0) sb.append('[').append(r.getIndex()).append(']');
        }
        return sb.toString();
    }
}
