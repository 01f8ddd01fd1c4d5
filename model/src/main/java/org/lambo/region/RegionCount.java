package org.lambo.region;

import org.lambo.io.InputException;

/**
 * How many regions a slot is split into: a fixed number R (1 = undivided), or {@code auto}, which keeps a slot inside
 * the family the default AED was trained on undivided and splits a larger one into the fewest regions of at most
 * {@value #AUTO_MAX_UES} UEs and {@value #AUTO_MAX_SERVERS} servers each, with at least two servers per region.
 *
 * <p>R never exceeds M (a region has at least one server); a fixed R above M is taken as M for that slot.
 *
 * @param fixed the fixed R, or 0 for {@code auto}
 */
public record RegionCount(int fixed) {
    /** The most UEs {@code auto} leaves in a region (on average; the UEs follow their servers). */
    public static final int AUTO_MAX_UES = 200;
    /** The most servers {@code auto} leaves in a region. */
    public static final int AUTO_MAX_SERVERS = 8;
    /** The most regions an option may ask for. */
    public static final int MAX = 10_000;

    public static final RegionCount ONE = new RegionCount(1);
    public static final RegionCount AUTO = new RegionCount(0);

    public RegionCount {
        if (fixed < 0 || fixed > MAX)
            throw new IllegalArgumentException("regions must be in 0.." + MAX + ", got " + fixed);
    }

    /**
     * Reads the option's value: {@code auto} or an integer 1..{@value #MAX}.
     *
     * @param key the option's key, named in the error
     * @throws InputException naming the key and the value
     */
    public static RegionCount parse(String key, String value) {
        String v = value == null ? "" : value.trim();
        if (v.equals("auto")) return AUTO;
        int r;
        try {
            r = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InputException(
                    "option", key, "must be auto or a number of regions 1.." + MAX + ", got '" + v + "'");
        }
        if (r < 1 || r > MAX) throw new InputException("option", key, "must be auto or in [1, " + MAX + "], got " + v);
        return new RegionCount(r);
    }

    public boolean isAuto() {
        return fixed == 0;
    }

    /** R for a slot of n UEs and m servers: at least 1, at most m. */
    public int regionsFor(int n, int m) {
        if (!isAuto()) return Math.max(1, Math.min(fixed, m));
        if (n <= AUTO_MAX_UES && m <= AUTO_MAX_SERVERS) return 1;
        int r = Math.max(ceilDiv(n, AUTO_MAX_UES), ceilDiv(m, AUTO_MAX_SERVERS));
        return Math.max(1, Math.min(r, m / 2));
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    @Override
    public String toString() {
        return isAuto() ? "auto" : Integer.toString(fixed);
    }
}
