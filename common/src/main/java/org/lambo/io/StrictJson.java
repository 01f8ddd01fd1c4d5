package org.lambo.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.Iterator;
import java.util.Map;

/**
 * The one strict reader of the testbed's messages: ACL content in the vocabulary's JSON form ({@code LamboJson}) and
 * MQTT payloads ({@code EnvelopeCodec}, the device bodies) are read with this mapper, so a hostile message is refused
 * by the same rules whichever way it comes. Strict where Jackson is lenient by default:
 *
 * <ul>
 *   <li>no coercion: {@code "5"} is not a number, {@code 1.5} is not an int, {@code null} is not a primitive, a number
 *       is not an enum, and a number or a boolean is not a string;
 *   <li>a record's fields are all required (a missing field is an error) and an unknown field is an error; a null is
 *       refused by the reader ({@link Nulls#REFUSED}, MQTT bodies) or, where the vocabulary writes null for a value not
 *       known yet (a task report's predicted costs before a decision), left to the record's constructor, which refuses
 *       it in every field that is not optional ({@link Nulls#TO_THE_RECORD}, ACL content); that is the one difference;
 *   <li>a key twice in one object fails, and so does anything after the document;
 *   <li>bounded: nesting depth and number length as every strict reader of the testbed ({@link Documents#MAX_DEPTH},
 *       {@link Documents#MAX_NUMBER_CHARS}), a string at most the message's size limit, so a hostile payload cannot
 *       exhaust the stack or the heap;
 *   <li>every number anywhere must be finite: {@code NaN} and {@code Infinity} tokens are <em>parsed</em> on purpose,
 *       and a number too large for a double ({@code 1e400}) reads as infinity, so that the reader refuses all three
 *       alike with the field's path ({@link #firstNonFinite}) rather than as a syntax error.
 * </ul>
 *
 * The size of a whole message is the caller's limit ({@link #MAX_MESSAGE}: an MQTT payload in bytes, ACL content in
 * characters), checked before parsing.
 */
public final class StrictJson {
    /** Deepest accepted nesting of objects and arrays: the same as files'. */
    public static final int MAX_DEPTH = Documents.MAX_DEPTH;
    /** The default largest message, 64 KiB: far above any message of a slot (a task command is under 1 KiB). */
    public static final int MAX_MESSAGE = 64 * 1024;

    private StrictJson() {}

    /** Who refuses a null field. */
    public enum Nulls {
        /** The reader, in every field of a record (MQTT bodies: no field of theirs is optional). */
        REFUSED,
        /** The record's constructor, which lets it through only in an optional field (the vocabulary's). */
        TO_THE_RECORD
    }

    /** A new mapper with the strict reading features above, nulls refused; {@code maxChars} caps a string's length. */
    public static ObjectMapper mapper(int maxChars) {
        return mapper(maxChars, Nulls.REFUSED);
    }

    /** A new mapper with the strict reading features above; {@code maxChars} caps a string's length. */
    public static ObjectMapper mapper(int maxChars, Nulls nulls) {
        JsonFactory factory = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(Documents.MAX_DEPTH)
                        .maxNumberLength(Documents.MAX_NUMBER_CHARS)
                        .maxStringLength(Math.max(1, maxChars))
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .configure(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES, nulls == Nulls.REFUSED)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // a number or a boolean is not a string either (Jackson reads 7 as "7" into a String field)
                .withCoercionConfig(
                        LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
    }

    /** {@link #mapper(int)} with strings up to {@link #MAX_MESSAGE}. */
    public static ObjectMapper mapper() {
        return mapper(MAX_MESSAGE);
    }

    /**
     * The first number in {@code node} that is not finite ({@code NaN}, {@code Infinity}, or too large for a double),
     * as its path below {@code at} ({@code body.cpuHz}, {@code body.gains[2]}) and the value; null when every number is
     * finite.
     */
    public static Map.Entry<String, String> firstNonFinite(JsonNode node, String at) {
        if (node.isNumber()) {
            return node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())
                    ? Map.entry(at, node.asText())
                    : null;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Map.Entry<String, String> bad =
                        firstNonFinite(e.getValue(), at.isEmpty() ? e.getKey() : at + "." + e.getKey());
                if (bad != null) return bad;
            }
        } else if (node.isArray()) {
            for (int k = 0; k < node.size(); k++) {
                Map.Entry<String, String> bad = firstNonFinite(node.get(k), at + "[" + k + "]");
                if (bad != null) return bad;
            }
        }
        return null;
    }
}
