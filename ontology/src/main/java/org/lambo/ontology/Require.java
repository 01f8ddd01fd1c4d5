package org.lambo.ontology;

import java.util.List;

/** Constructor checks of the vocabulary; every message names the field and the bad value. */
final class Require {
    private Require() {}

    static String name(String field, String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(field + " must not be blank, got " + quote(value));
        return value;
    }

    static double finite(String field, double value) {
        if (!Double.isFinite(value)) throw new IllegalArgumentException(field + " must be a finite number, got " + value);
        return value;
    }

    static double positive(String field, double value) {
        if (!(value > 0) || !Double.isFinite(value)) throw new IllegalArgumentException(field + " must be a finite number > 0, got " + value);
        return value;
    }

    static double nonNegative(String field, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) throw new IllegalArgumentException(field + " must be a finite number >= 0, got " + value);
        return value;
    }

    /** A CPU share: in [0, 1] with a little slack for round-off. */
    static double share(String field, double value) {
        if (!(value >= 0 && value <= 1 + 1e-9)) throw new IllegalArgumentException(field + " must be in [0, 1], got " + value);
        return value;
    }

    static int atLeast(String field, int value, int min) {
        if (value < min) throw new IllegalArgumentException(field + " must be >= " + min + ", got " + value);
        return value;
    }

    static <T> T present(String field, T value) {
        if (value == null) throw new IllegalArgumentException(field + " is missing");
        return value;
    }

    /** An immutable copy of a list whose elements must all be present. */
    static <T> List<T> list(String field, List<T> values) {
        present(field, values);
        for (int k = 0; k < values.size(); k++) {
            if (values.get(k) == null) throw new IllegalArgumentException(field + "[" + k + "] is missing");
        }
        return List.copyOf(values);
    }

    static String prompt(String field, String value) {
        if (!"min-latency".equals(value) && !"min-energy".equals(value)) {
            throw new IllegalArgumentException(field + " must be min-latency or min-energy, got " + quote(value));
        }
        return value;
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
