package org.lambo.io;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt as it travels between agents and processes: {@code min-latency}, {@code min-energy} or {@code weighted:W}
 * with W a decimal in [0, 1], the ids of the model's {@code org.lambo.mec.Prompt}. A message's reader parses the text
 * once, here ({@link #parse}; in JSON through Jackson, in a JADE content through the ontology's introspector), and
 * refuses a bad one naming the value; past the reader, a prompt is this value, never a string. Its text on the wire is
 * {@link #id()}.
 *
 * <p>It lives in {@code common} because both the vocabulary ({@code ontology}, which does not depend on the model, so
 * that a device runtime needs neither) and the model ({@code Prompt.of}, {@code Prompt.toId}) depend on this module.
 * Immutable; equal ids are equal values.
 */
public final class PromptId {
    /** The longest prompt text a message may carry ({@code weighted:} and a decimal). */
    public static final int MAX_TEXT = 64;

    /** {@code min-latency}. */
    public static final PromptId MIN_LATENCY = new PromptId(1.0, false);
    /** {@code min-energy}. */
    public static final PromptId MIN_ENERGY = new PromptId(0.0, false);

    private static final String WEIGHTED_PREFIX = "weighted:";
    private static final Pattern WEIGHTED = Pattern.compile("weighted:([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)");

    private final double latencyWeight;
    private final boolean weighted;

    private PromptId(double latencyWeight, boolean weighted) {
        this.latencyWeight = latencyWeight + 0.0; // -0.0 becomes 0.0, so that equal weights are equal prompts
        this.weighted = weighted;
    }

    /**
     * {@code weighted:w}.
     *
     * @throws IllegalArgumentException when w is not in [0, 1]
     */
    public static PromptId weighted(double latencyWeight) {
        if (!(latencyWeight >= 0 && latencyWeight <= 1))
            throw new IllegalArgumentException("the weight of latency must be in [0, 1], got " + latencyWeight);
        return new PromptId(latencyWeight, true);
    }

    /**
     * Reads a prompt's id exactly as {@link #id()} writes it (no blank, no other case, no phrase; the weight as any
     * decimal in [0, 1]: {@code weighted:0.30} is {@code weighted:0.3}).
     *
     * @throws IllegalArgumentException saying what a prompt must be and quoting the text (its first {@link #MAX_TEXT}
     *     characters and its length, when longer); the caller names the field
     */
    @JsonCreator
    public static PromptId parse(String text) {
        if ("min-latency".equals(text)) return MIN_LATENCY;
        if ("min-energy".equals(text)) return MIN_ENERGY;
        if (text != null && text.length() <= MAX_TEXT) {
            Matcher m = WEIGHTED.matcher(text);
            if (m.matches()) {
                double w = Double.parseDouble(m.group(1));
                if (w >= 0 && w <= 1) return new PromptId(w, true);
            }
        }
        String shown = text == null
                ? "null"
                : text.length() <= MAX_TEXT
                        ? "'" + text + "'"
                        : "'" + text.substring(0, MAX_TEXT) + "'... (" + text.length() + " characters)";
        throw new IllegalArgumentException(
                "must be min-latency, min-energy or weighted:W with W in [0, 1], got " + shown);
    }

    /** w: 1 for min-latency, 0 for min-energy, in [0, 1] for a weighted prompt. */
    public double latencyWeight() {
        return latencyWeight;
    }

    /** True for {@code weighted:w}, false for the two named prompts. */
    public boolean weighted() {
        return weighted;
    }

    /** The text on the wire: {@code min-latency}, {@code min-energy}, {@code weighted:0.3}. */
    @JsonValue
    public String id() {
        if (!weighted) return latencyWeight == 1 ? "min-latency" : "min-energy";
        return WEIGHTED_PREFIX + decimal(latencyWeight);
    }

    /**
     * The shortest decimal that reads back as v, plain (0.3) unless that is long (1.0E-100), so that an id stays within
     * {@link #MAX_TEXT}.
     */
    public static String decimal(double v) {
        String plain = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        return plain.length() <= 24 ? plain : Double.toString(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PromptId p && p.weighted == weighted && Double.compare(p.latencyWeight, latencyWeight) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(latencyWeight) * 31 + Boolean.hashCode(weighted);
    }

    @Override
    public String toString() {
        return id();
    }
}
