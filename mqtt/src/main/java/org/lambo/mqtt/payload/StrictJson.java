package org.lambo.mqtt.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The Jackson configuration for everything read off the wire. Strict where Jackson is lenient by default:
 *
 * <ul>
 *   <li>no coercion: {@code "5"} is not a number, {@code 1.5} is not an int, {@code null} is not a primitive;
 *   <li>records' creator properties are required (missing or null is an error);
 *   <li>unknown properties and duplicate keys fail; trailing tokens after the document fail;
 *   <li>bounded: nesting depth, string length and number length are capped ({@link #MAX_DEPTH} levels), so a hostile
 *       payload cannot exhaust the stack or the heap;
 *   <li>{@code NaN} and {@code Infinity} tokens are <em>parsed</em> on purpose, so that the envelope reader can reject
 *       them as {@link RejectReason#NOT_FINITE} with the field path rather than as a syntax error.
 * </ul>
 */
public final class StrictJson {
    /** Deepest accepted nesting of objects and arrays. */
    public static final int MAX_DEPTH = 32;

    private StrictJson() {}

    /** A new mapper with the strict reading features above; {@code maxBytes} caps a string's length. */
    public static ObjectMapper mapper(int maxBytes) {
        JsonFactory factory = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(Math.max(1, maxBytes))
                        .maxNumberLength(64)
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
    }

    /** {@link #mapper(int)} with the codec's default payload limit. */
    public static ObjectMapper mapper() {
        return mapper(EnvelopeCodec.DEFAULT_MAX_BYTES);
    }
}
