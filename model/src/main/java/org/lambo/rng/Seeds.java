package org.lambo.rng;

import java.nio.charset.StandardCharsets;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Every random number of the testbed comes from one scenario seed. A component asks for its own named stream
 * ({@code stream(seed, "mobility")}), so adding draws to one component never shifts another's.
 */
public final class Seeds {
    private Seeds() {}

    /** A seed derived from a parent seed and a name (SplitMix64 over the name's bytes). */
    public static long derive(long seed, String name) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xff));
        }
        return h;
    }

    /** A seed derived from a parent seed, a name and an index (e.g. an instance number). */
    public static long derive(long seed, String name, long index) {
        return mix(derive(seed, name) ^ mix(index + 0x632BE59BD9B4E019L));
    }

    /** An independent generator for the named stream. */
    public static RandomGenerator stream(long seed, String name) {
        return new Well19937c(derive(seed, name));
    }

    public static RandomGenerator stream(long seed, String name, long index) {
        return new Well19937c(derive(seed, name, index));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
