package org.lambo.device.cpu;

/**
 * The fixed integer workload that both calibration and task execution run, so that a device's measured speed and its
 * task times are in the same unit.
 *
 * <p>One iteration is one xorshift64 step ({@code x ^= x << 13; x ^= x >>> 7; x ^= x << 17}) plus an accumulation. The
 * three shift-xor pairs form a strictly dependent chain of six single-cycle integer operations, which neither the JIT
 * nor an out-of-order core can overlap across iterations; the accumulation and the loop counter run beside it. So an
 * iteration costs about {@link #CYCLES_PER_ITERATION} = 6 core cycles on a core that issues one dependent shift or xor
 * per cycle (x86-64; an ARM core that fuses a shift into the xor can take fewer), and the testbed defines <b>one task
 * cycle as 1/6 of an iteration</b>. The checksum depends on every step, so the work cannot be optimised away, and it is
 * deterministic, so a test can check that the work was really done.
 *
 * <p>A kernel carries its state, so running {@code a} then {@code b} iterations gives the same checksum as running
 * {@code a + b} at once: long tasks run in chunks and can be interrupted between them.
 */
public final class Kernel {
    /** Task cycles per kernel iteration: the length of the iteration's dependency chain (see above). */
    public static final int CYCLES_PER_ITERATION = 6;
    /** The start state of every run (any non-zero value; xorshift never leaves non-zero states). */
    public static final long SEED = 0x9E3779B97F4A7C15L;

    private long x = SEED;
    private long acc;
    private long done;

    /** Runs {@code iterations} more iterations. */
    public void run(long iterations) {
        if (iterations < 0) throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        long x = this.x, acc = this.acc;
        for (long k = 0; k < iterations; k++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            acc += x;
        }
        this.x = x;
        this.acc = acc;
        this.done += iterations;
    }

    /** Iterations run so far. */
    public long iterations() {
        return done;
    }

    /** A digest of everything run so far; equal for equal iteration counts. */
    public long checksum() {
        return x ^ Long.rotateLeft(acc, 29);
    }
}
