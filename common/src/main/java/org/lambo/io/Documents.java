package org.lambo.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one JSON (or, through {@link #readTree(String, String, ObjectMapper, JsonParser)}, YAML) document strictly, so
 * that {@link Fields} sees exactly what was written:
 *
 * <ul>
 *   <li>a key twice in one object is refused (Jackson's {@code STRICT_DUPLICATE_DETECTION});
 *   <li>anything after the top-level value is refused (a second object, a second YAML document, garbage);
 *   <li>{@code NaN}, {@code Infinity} (JSON, where {@code ALLOW_NON_NUMERIC_NUMBERS} stays off) and {@code .nan},
 *       {@code .inf} (YAML) are refused as "must be a finite number";
 *   <li>nesting is at most {@link #MAX_DEPTH} deep, a number at most {@link #MAX_NUMBER_CHARS} characters.
 * </ul>
 *
 * Every error is an {@link InputException} naming the source, the field path (e.g. {@code ues[3].task.bits}) where the
 * parser was, the offending token and the line and column. Strings for numbers are refused later, by {@link Fields},
 * which never coerces.
 */
public final class Documents {
    /** Deepest accepted nesting of objects and lists. */
    public static final int MAX_DEPTH = 64;
    /** Longest accepted number literal. */
    public static final int MAX_NUMBER_CHARS = 100;

    private static final ObjectMapper JSON = strictMapper(JsonFactory.builder()
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(constraints())
            .build());

    private Documents() {}

    /** The limits every strict reader applies. */
    public static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxNumberLength(MAX_NUMBER_CHARS)
                .build();
    }

    /**
     * A mapper over {@code factory} (which should have {@code STRICT_DUPLICATE_DETECTION} and {@link #constraints()})
     * that never coerces scalars and fails on trailing tokens and duplicate keys.
     */
    public static ObjectMapper strictMapper(JsonFactory factory) {
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
    }

    /** The strict JSON mapper (also good for writing). Thread-safe. */
    public static ObjectMapper json() {
        return JSON;
    }

    /**
     * A user's text file, read whole as UTF-8.
     *
     * @throws InputException naming the file: {@link #unreadable} says why it cannot be read
     */
    public static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * A JSON file, read as {@link #readText} and {@link #readJson(String, String)} read it, the file named in every
     * error.
     */
    public static JsonNode readJson(Path file) {
        return readJson(file.toString(), readText(file));
    }

    /**
     * The error for a file that could not be read, naming it: {@code no such file}, {@code is not UTF-8 text}, or
     * {@code cannot be read: } and the system's reason (for readers that read a file their own way and catch its
     * {@link IOException}).
     */
    public static InputException unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) return new InputException(file.toString(), "", "no such file");
        if (e instanceof CharacterCodingException) return new InputException(file.toString(), "", "is not UTF-8 text");
        return new InputException(file.toString(), "", "cannot be read: " + e.getMessage());
    }

    /**
     * One JSON document: an object, a list or a scalar, and nothing after it.
     *
     * @throws InputException naming {@code source}, the field and the problem; an empty text is "is empty"
     */
    public static JsonNode readJson(String source, String text) {
        if (text == null || text.isBlank()) throw new InputException(source, "", "is empty");
        try {
            return readTree(source, "JSON", JSON, JSON.getFactory().createParser(text));
        } catch (IOException e) {
            throw new InputException(source, "", "cannot be read: " + e.getMessage());
        }
    }

    /**
     * Reads the one value {@code parser} holds and requires the end of input after it; closes the parser.
     * {@code format} ({@code JSON}, {@code YAML}) only words the errors.
     *
     * @return the value, or a {@link MissingNode} for an empty document
     */
    public static JsonNode readTree(String source, String format, ObjectMapper mapper, JsonParser parser)
            throws IOException {
        try (JsonParser p = parser) {
            JsonNode root;
            try {
                if (p.nextToken() == null) return MissingNode.getInstance();
                root = mapper.reader()
                        .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        .readTree(p);
            } catch (JsonProcessingException e) {
                throw error(source, format, e, p);
            }
            JsonToken after;
            try {
                after = p.nextToken();
            } catch (JsonProcessingException e) {
                throw new InputException(
                        source,
                        "",
                        "has content after its " + format + " value" + at(e.getLocation()) + ": "
                                + firstLine(e.getOriginalMessage()));
            }
            if (after != null) {
                throw new InputException(
                        source,
                        "",
                        "has content after its " + format + " value" + at(p.currentTokenLocation()) + " (one "
                                + ("YAML".equals(format) ? "document" : "value") + " only)");
            }
            return root == null ? MissingNode.getInstance() : root;
        }
    }

    private static final Pattern NON_FINITE =
            Pattern.compile("(?:Non-standard token|Malformed numeric value) '([^']*)'");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");

    /** The parse error as an input error naming the field {@code parser} was at. */
    public static InputException error(String source, String format, JsonProcessingException e, JsonParser parser) {
        String field = "";
        JsonParser at = e.getProcessor() instanceof JsonParser p ? p : parser;
        if (at != null) field = path(at.getParsingContext());
        String original = firstLine(e.getOriginalMessage());
        Matcher nf = NON_FINITE.matcher(original);
        if (nf.find()) {
            String token = nf.group(1);
            String lower = token.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("nan") || lower.contains("inf")) {
                return new InputException(source, field, "must be a finite number, got " + token + at(e.getLocation()));
            }
            return new InputException(source, field, "is not a number: '" + token + "'" + at(e.getLocation()));
        }
        Matcher dup = DUPLICATE.matcher(original);
        if (dup.find()) {
            return new InputException(
                    source,
                    field,
                    "appears twice in one object (duplicate key '" + dup.group(1) + "')" + at(e.getLocation()));
        }
        if (original.contains("Number value length") || original.contains("Number length")) {
            return new InputException(
                    source, field, "is a number longer than " + MAX_NUMBER_CHARS + " characters" + at(e.getLocation()));
        }
        if (original.contains("nesting depth")) {
            return new InputException(
                    source, field, "is nested deeper than " + MAX_DEPTH + " levels" + at(e.getLocation()));
        }
        return new InputException(source, field, "is not valid " + format + at(e.getLocation()) + ": " + original);
    }

    /**
     * The dotted path of where a parser stands, e.g. {@code ues[3].task.bits}: the field the current value belongs to,
     * or the element of a list.
     */
    public static String path(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) {
                String name = c.getCurrentName();
                if (name != null) parts.add(0, "." + name);
            } else if (c.inArray()) {
                parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        String s = String.join("", parts);
        return s.startsWith(".") ? s.substring(1) : s;
    }

    private static String at(JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 1) return "";
        return " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
