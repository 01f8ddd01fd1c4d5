package org.lambo.check;

import java.util.List;

/**
 * The checks of records' constructors, shared by the system model ({@code org.lambo.mec}, {@code org.lambo.scenario})
 * and the agents' vocabulary ({@code org.lambo.ontology}): each returns its value when it is good and otherwise throws
 * an {@link IllegalArgumentException} whose message names the field and the bad value ({@code "ues must be >= 1, got
 * 0"}). It depends on nothing of the testbed, so any package may use it without a cycle. Input read from files or
 * options is checked by {@code org.lambo.io.Fields} and reported as an {@code InputException}.
 */
public final class Require {
    private Require() {}

    public static String name(String field, String value) {
        if (value == null || value.isBlank())
            throw new IllegalArgumentException(field + " must not be blank, got " + quote(value));
        return value;
    }

    public static double finite(String field, double value) {
        if (!Double.isFinite(value))
            throw new IllegalArgumentException(field + " must be a finite number, got " + value);
        return value;
    }

    public static double positive(String field, double value) {
        if (!(value > 0) || !Double.isFinite(value))
            throw new IllegalArgumentException(field + " must be a finite number > 0, got " + value);
        return value;
    }

    public static double nonNegative(String field, double value) {
        if (!(value >= 0) || !Double.isFinite(value))
            throw new IllegalArgumentException(field + " must be a finite number >= 0, got " + value);
        return value;
    }

    /** A probability or fraction: in [0, 1], exactly. */
    public static double probability(String field, double value) {
        if (!(value >= 0 && value <= 1)) throw new IllegalArgumentException(field + " must be in [0, 1], got " + value);
        return value;
    }

    /**
     * The round-off a share (or a sum of shares) may exceed 1 by: the one tolerance of the model's checks
     * ({@code DecisionValidator.TOLERANCE}) and the vocabulary's.
     */
    public static final double SHARE_SLACK = 1e-9;

    /** A CPU share: in [0, 1] with {@link #SHARE_SLACK} for round-off. */
    public static double share(String field, double value) {
        if (!(value >= 0 && value <= 1 + SHARE_SLACK))
            throw new IllegalArgumentException(field + " must be in [0, 1], got " + value);
        return value;
    }

    public static int atLeast(String field, int value, int min) {
        if (value < min) throw new IllegalArgumentException(field + " must be >= " + min + ", got " + value);
        return value;
    }

    /** An integer in [min, max]: below min as {@link #atLeast}, above max naming the limit. */
    public static int between(String field, int value, int min, int max) {
        atLeast(field, value, min);
        if (value > max)
            throw new IllegalArgumentException(field + " must be <= " + max + " (the limit), got " + value);
        return value;
    }

    /** As {@link #list(String, List)}, with at most {@code max} elements. */
    public static <T> List<T> list(String field, List<T> values, int max) {
        present(field, values);
        if (values.size() > max)
            throw new IllegalArgumentException(field + " must list at most " + max + " entries, got " + values.size());
        return list(field, values);
    }

    public static <T> T present(String field, T value) {
        if (value == null) throw new IllegalArgumentException(field + " is missing");
        return value;
    }

    /** An immutable copy of a list whose elements must all be present. */
    public static <T> List<T> list(String field, List<T> values) {
        present(field, values);
        for (int k = 0; k < values.size(); k++) {
            if (values.get(k) == null) throw new IllegalArgumentException(field + "[" + k + "] is missing");
        }
        return List.copyOf(values);
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
