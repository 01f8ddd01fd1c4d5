package org.lambo.policy;

import java.util.Map;
import java.util.TreeMap;
import org.lambo.io.InputException;

/**
 * What a policy is built with: the seed of its random stream (derived from the scenario seed) and its options as
 * {@code key=value} strings from the command line or a config, e.g. {@code de.population=60}. Typed getters turn a bad
 * value into an error that names the option and the value.
 */
public record PolicySettings(long seed, Map<String, String> options) {
    public PolicySettings {
        options = Map.copyOf(options == null ? Map.of() : options);
    }

    public static PolicySettings ofSeed(long seed) {
        return new PolicySettings(seed, Map.of());
    }

    public PolicySettings withSeed(long newSeed) {
        return new PolicySettings(newSeed, options);
    }

    public PolicySettings with(String key, String value) {
        Map<String, String> m = new TreeMap<>(options);
        m.put(key, value);
        return new PolicySettings(seed, m);
    }

    /** Parses {@code key=value} pairs, e.g. from repeated {@code --option} flags. */
    public static Map<String, String> parsePairs(Iterable<String> pairs) {
        Map<String, String> m = new TreeMap<>();
        if (pairs == null) return m;
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0) throw new InputException("--option", "", "must be key=value, got '" + p + "'");
            String key = p.substring(0, eq).trim();
            if (m.put(key, p.substring(eq + 1).trim()) != null) {
                throw new InputException("--option", key, "is given twice: give each option once");
            }
        }
        return m;
    }

    public String string(String key, String dflt) {
        return options.getOrDefault(key, dflt);
    }

    /** A decimal number such as {@code 30}, {@code 0.5} or {@code 1e-4}: not NaN, Infinity, hex or a type suffix. */
    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    public double doubleOption(String key, double dflt, double min, double max) {
        String v = options.get(key);
        if (v == null) return dflt;
        if (!DECIMAL.matcher(v).matches())
            throw new InputException("option", key, "must be a decimal number, got '" + v + "'");
        double d = Double.parseDouble(v);
        if (!Double.isFinite(d)) throw new InputException("option", key, "must be a finite number, got '" + v + "'");
        if (!(d >= min && d <= max))
            throw new InputException("option", key, "must be in [" + min + ", " + max + "], got " + v);
        return d;
    }

    public int intOption(String key, int dflt, int min, int max) {
        String v = options.get(key);
        if (v == null) return dflt;
        int i;
        try {
            i = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InputException("option", key, "must be an integer, got '" + v + "'");
        }
        if (i < min || i > max)
            throw new InputException("option", key, "must be in [" + min + ", " + max + "], got " + v);
        return i;
    }
}
