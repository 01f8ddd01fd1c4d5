package org.lambo.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a JSON or YAML tree field by field, tracking the dotted path, so that a missing, mistyped or out-of-range value
 * is reported as e.g. {@code paper.yaml: field 'task.bits.mean' must be > 0, got -1}. Unknown fields are errors too: a
 * typo must not silently fall back to a default.
 *
 * <p>Nothing is coerced: a number is only a number ({@code "5"} is refused where a number is meant), an integer only an
 * integer ({@code 5.0} and {@code 5e0} are refused where an integer is meant), a boolean only {@code true} or
 * {@code false}, and an explicit {@code null} is refused rather than taken for the default (leave the field out for
 * that). Parse the text with {@link Documents} so that duplicate keys, trailing content and {@code NaN} are refused
 * before the tree gets here.
 */
public final class Fields {
    private final String source;
    private final String path;
    private final JsonNode node;
    private final Set<String> read = new TreeSet<>();

    private Fields(String source, String path, JsonNode node) {
        this.source = source;
        this.path = path;
        this.node = node;
    }

    /** The root object of a document from {@code source}. */
    public static Fields root(String source, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InputException(source, "", "must be an object, got " + describe(node));
        }
        return new Fields(source, "", node);
    }

    public String source() {
        return source;
    }

    public String path() {
        return path;
    }

    public String pathOf(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Whether the field is present (an explicit {@code null} counts: the typed readers refuse it). */
    public boolean has(String name) {
        return node.get(name) != null;
    }

    private JsonNode get(String name) {
        read.add(name);
        JsonNode v = node.get(name);
        return v == null ? MissingNode.getInstance() : v;
    }

    public InputException error(String name, String problem) {
        return new InputException(source, pathOf(name), problem);
    }

    private JsonNode required(String name) {
        JsonNode v = get(name);
        if (v.isMissingNode()) throw error(name, "is missing");
        if (v.isNull()) throw error(name, "is null: give a value, or leave the field out where it has a default");
        return v;
    }

    /** A finite number written as a number: text such as {@code "5"} is refused, not converted. */
    public double requireDouble(String name) {
        JsonNode v = required(name);
        if (!v.isNumber()) throw error(name, "must be a number, got " + describe(v));
        double d = v.doubleValue();
        if (!Double.isFinite(d))
            throw error(
                    name,
                    "must be a finite number, got " + describe(v) + (v.isFloatingPointNumber() ? "" : " (too large)"));
        return d;
    }

    public double optDouble(String name, double dflt) {
        return has(name) ? requireDouble(name) : markRead(name, dflt);
    }

    private <T> T markRead(String name, T value) {
        read.add(name);
        return value;
    }

    public double requirePositive(String name) {
        double d = requireDouble(name);
        if (!(d > 0)) throw error(name, "must be > 0, got " + d);
        return d;
    }

    public double optPositive(String name, double dflt) {
        return has(name) ? requirePositive(name) : markRead(name, dflt);
    }

    public double requireRange(String name, double lo, double hi) {
        double d = requireDouble(name);
        if (d < lo || d > hi) throw error(name, "must be in [" + lo + ", " + hi + "], got " + d);
        return d;
    }

    public double optRange(String name, double lo, double hi, double dflt) {
        return has(name) ? requireRange(name, lo, hi) : markRead(name, dflt);
    }

    public long requireLong(String name) {
        JsonNode v = required(name);
        if (!v.isIntegralNumber()) throw error(name, "must be an integer, got " + describe(v));
        if (!v.canConvertToLong())
            throw error(
                    name, "must be an integer in [" + Long.MIN_VALUE + ", " + Long.MAX_VALUE + "], got " + describe(v));
        return v.longValue();
    }

    /** An integer written as one (no fraction, no exponent) in [min, max]; the error names the limits. */
    public int requireInt(String name, int min, int max) {
        JsonNode v = required(name);
        if (!v.isIntegralNumber()) throw error(name, "must be an integer, got " + describe(v));
        if (!v.canConvertToInt()) throw error(name, "must be in [" + min + ", " + max + "], got " + describe(v));
        int i = v.intValue();
        if (i < min || i > max) throw error(name, "must be in [" + min + ", " + max + "], got " + i);
        return i;
    }

    public int optInt(String name, int min, int max, int dflt) {
        return has(name) ? requireInt(name, min, max) : markRead(name, dflt);
    }

    public long optLong(String name, long dflt) {
        return has(name) ? requireLong(name) : markRead(name, dflt);
    }

    public boolean optBoolean(String name, boolean dflt) {
        if (!has(name)) return markRead(name, dflt);
        JsonNode v = required(name);
        if (!v.isBoolean()) throw error(name, "must be true or false, got " + describe(v));
        return v.booleanValue();
    }

    public String requireString(String name) {
        JsonNode v = required(name);
        if (!v.isTextual()) throw error(name, "must be a string, got " + describe(v));
        return v.textValue();
    }

    public String optString(String name, String dflt) {
        return has(name) ? requireString(name) : markRead(name, dflt);
    }

    /** A string that must be one of {@code allowed}. */
    public String optChoice(String name, String dflt, String... allowed) {
        String s = optString(name, dflt);
        for (String a : allowed) if (a.equals(s)) return s;
        throw error(name, "must be one of " + String.join(", ", allowed) + ", got '" + s + "'");
    }

    public Fields requireObject(String name) {
        JsonNode v = required(name);
        if (!v.isObject()) throw error(name, "must be an object, got " + describe(v));
        return new Fields(source, pathOf(name), v);
    }

    /** The object at {@code name}, or an empty one (all defaults) when absent. */
    public Fields optObject(String name) {
        if (!has(name)) {
            read.add(name);
            return new Fields(
                    source, pathOf(name), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        }
        return requireObject(name);
    }

    /** The elements of the array at {@code name}; each element's path is {@code name[k]}. */
    public List<JsonNode> requireArray(String name) {
        JsonNode v = required(name);
        if (!v.isArray()) throw error(name, "must be a list, got " + describe(v));
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    public List<JsonNode> optArray(String name) {
        return has(name) ? requireArray(name) : markRead(name, List.of());
    }

    /** The object at element k of the array {@code name}. */
    public Fields element(String name, int k, JsonNode element) {
        String p = pathOf(name) + "[" + k + "]";
        if (element == null || !element.isObject()) {
            throw new InputException(source, p, "must be an object, got " + describe(element));
        }
        return new Fields(source, p, element);
    }

    /** The elements of the array at {@code name}, refused beyond {@code max} elements (naming the limit). */
    public List<JsonNode> requireArray(String name, int max) {
        JsonNode v = required(name);
        if (v.isArray() && v.size() > max) throw error(name, "must list at most " + max + " entries, got " + v.size());
        return requireArray(name);
    }

    /** A list of numbers at {@code name}. */
    public double[] requireDoubles(String name) {
        List<JsonNode> items = requireArray(name);
        double[] out = new double[items.size()];
        for (int k = 0; k < out.length; k++) {
            JsonNode v = items.get(k);
            if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                throw new InputException(
                        source, pathOf(name) + "[" + k + "]", "must be a finite number, got " + describe(v));
            }
            out[k] = v.doubleValue();
        }
        return out;
    }

    /** Fails on any field of this object that was never read: a typo or a field of another version. */
    public void rejectUnknown() {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!read.contains(n)) {
                throw new InputException(
                        source, pathOf(n), "is not a known field (known here: " + String.join(", ", read) + ")");
            }
        }
    }

    public static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) return "nothing";
        if (v.isNull()) return "null";
        if (v.isTextual()) return "'" + abbreviate(v.textValue()) + "'";
        if (v.isObject()) return "an object";
        if (v.isArray()) return "a list";
        if (v.isNumber()) return abbreviate(v.asText());
        return abbreviate(v.toString());
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
