package org.lambo.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.lambo.io.Documents;
import org.lambo.io.InputException;
import org.lambo.mec.Prompt;

/**
 * The parts every checkpoint folder of {@link Mlp}s shares (ARE's {@code are.json}, DROO's {@code droo.json}): an index
 * in JSON with a format version, the hidden widths every network in it has and a list of entries, each naming a DJL
 * parameter file in the same folder. Reading names the index file and the field of any bad value.
 */
public final class MlpCheckpoints {
    /** The widest hidden layer an index may name. */
    public static final int MAX_WIDTH = 1 << 14;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MlpCheckpoints() {}

    /** A new index: {@code format} and {@code hidden}; the owner adds its list of entries. */
    public static ObjectNode newIndex(int format, int[] hidden) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", format);
        ArrayNode h = root.putArray("hidden");
        for (int w : hidden) h.add(w);
        return root;
    }

    /** Writes an index into the folder as {@code name}. */
    public static void writeIndex(Path dir, String name, ObjectNode root) throws IOException {
        Files.writeString(dir.resolve(name), JSON.writeValueAsString(root), StandardCharsets.UTF_8);
    }

    /**
     * Reads a folder's index and checks its format.
     *
     * @param option the option that named the folder (for the error when it has no index)
     * @throws InputException when the index is missing, not JSON, or of another format
     */
    public static JsonNode readIndex(Path dir, String name, String option, int format) {
        Path index = dir.resolve(name);
        if (!Files.isRegularFile(index)) throw new InputException("option", option, "no " + name + " in '" + dir + "'");
        String src = index.toString();
        JsonNode root = Documents.readJson(index);
        if (root == null || root.path("format").asInt(-1) != format) {
            throw new InputException(
                    src, "format", "must be " + format + ", got " + (root == null ? "nothing" : root.path("format")));
        }
        return root;
    }

    /** The index's {@code hidden} widths, each in [1, {@value #MAX_WIDTH}]. */
    public static int[] hidden(String src, JsonNode root) {
        JsonNode h = root.path("hidden");
        if (!h.isArray() || h.isEmpty())
            throw new InputException(src, "hidden", "must be a non-empty array of widths, got " + h);
        int[] hidden = new int[h.size()];
        for (int k = 0; k < hidden.length; k++) {
            hidden[k] = integer(src, "hidden[" + k + "]", h.get(k), 1, MAX_WIDTH);
        }
        return hidden;
    }

    /** The index's list of entries under {@code field}. */
    public static JsonNode entries(String src, JsonNode root, String field) {
        JsonNode list = root.path(field);
        if (!list.isArray()) throw new InputException(src, field, "must be an array, got " + list);
        return list;
    }

    /** An entry's prompt ({@link Prompt#parse}: its id), refused naming the field. */
    public static Prompt prompt(String src, String field, JsonNode v) {
        try {
            return Prompt.parse(v.asText(null));
        } catch (IllegalArgumentException e) {
            throw new InputException(src, field, e.getMessage());
        }
    }

    /** An integer field in [min, max]. */
    public static int integer(String src, String field, JsonNode v, int min, int max) {
        int i = v.asInt(0);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || i < min || i > max) {
            String range = max == Integer.MAX_VALUE ? ">= " + min : "in [" + min + ", " + max + "]";
            throw new InputException(src, field, "must be an integer " + range + ", got " + v);
        }
        return i;
    }

    /** A count: an integer >= 0. */
    public static long count(String src, String field, JsonNode v) {
        long n = v.asLong(-1);
        if (n < 0) throw new InputException(src, field, "must be >= 0, got " + v);
        return n;
    }

    /** An entry's weight file: a plain name of a file in the folder. */
    public static String weights(String src, Path dir, String field, JsonNode v) {
        String weights = v.asText("");
        if (weights.isBlank()
                || weights.contains("/")
                || weights.contains("\\")
                || !Files.isRegularFile(dir.resolve(weights))) {
            throw new InputException(src, field, "must name a file in the checkpoint folder, got '" + weights + "'");
        }
        return weights;
    }

    /**
     * The checkpoint folder a learned policy's options choose: {@code checkpointKey}'s value, none for {@code none};
     * without it the built-in folder, unless {@code hiddenKey} asks for other widths (then fresh networks).
     */
    public static Optional<Path> folder(
            Map<String, String> options, String checkpointKey, String hiddenKey, Supplier<Path> builtIn) {
        String dir = options.get(checkpointKey);
        if (dir == null) return options.containsKey(hiddenKey) ? Optional.empty() : Optional.of(builtIn.get());
        return dir.equals("none") ? Optional.empty() : Optional.of(Path.of(dir));
    }

    /**
     * Refuses an explicit {@code hiddenKey} whose widths differ from a checkpoint's (the checkpoint's widths win when
     * the option is not given).
     */
    public static void requireHidden(
            Map<String, String> options, String hiddenKey, int[] asked, int[] found, Path dir) {
        if (options.containsKey(hiddenKey) && !Arrays.equals(found, asked)) {
            throw new InputException(
                    "option",
                    hiddenKey,
                    "is " + options.get(hiddenKey) + " but the checkpoint in '" + dir + "' has hidden layers "
                            + Arrays.toString(found));
        }
    }
}
