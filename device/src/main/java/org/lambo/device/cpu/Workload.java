package org.lambo.device.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CancellationException;

/**
 * Really executes a task's CPU cycles on this device: {@code F_i x scale / 6} iterations of the {@link Kernel} (one
 * task cycle is a sixth of an iteration, see there), on the calling thread, in chunks of 2^20 iterations so that an
 * interrupt cancels it within about a millisecond.
 *
 * <p><b>Scale.</b> The testbed's tasks are large (the paper's are around 1e9 to 1e10 cycles, seconds of CPU);
 * {@code scale} (flag {@code --scale}, default 1, must be in (0, 1]) shrinks every task by the same factor, so a trial
 * runs in testable time: with {@code scale = 1e-3} a 1e10-cycle task runs 1e7 cycles, about 5 ms on a 2 GHz core.
 * Measured times are reported both as measured and divided by the scale ({@link Execution#busySeconds()}), the latter
 * comparable with the model's {@code F_i / f}. A scale much below 1e-4 leaves tasks so short that timer and scheduling
 * noise dominate.
 */
public final class Workload {
    private static final long CHUNK = 1L << 20;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final double scale;

    /** A workload shrinking every task by {@code scale}, in (0, 1]. */
    public Workload(double scale) {
        if (!(scale > 0 && scale <= 1)) throw new IllegalArgumentException("scale must be in (0, 1], got " + scale);
        this.scale = scale;
    }

    public double scale() {
        return scale;
    }

    /** Kernel iterations for a task of {@code cycles}: {@code round(cycles x scale / 6)}. */
    public long iterationsFor(double cycles) {
        if (!(cycles >= 0) || !Double.isFinite(cycles))
            throw new IllegalArgumentException("cycles must be a finite number >= 0, got " + cycles);
        double it = Math.rint(cycles * scale / Kernel.CYCLES_PER_ITERATION);
        if (it > Long.MAX_VALUE / 2)
            throw new IllegalArgumentException("cycles x scale is too large: " + cycles + " x " + scale);
        return (long) it;
    }

    /**
     * Runs a task of {@code cycles} now and measures it. Throws {@link CancellationException} when the thread is
     * interrupted (its interrupt flag stays set).
     */
    public Execution execute(double cycles) {
        long iterations = iterationsFor(cycles);
        boolean cpuClock = THREADS.isCurrentThreadCpuTimeSupported();
        Kernel k = new Kernel();
        long c0 = cpuClock ? THREADS.getCurrentThreadCpuTime() : 0;
        long t0 = System.nanoTime();
        for (long left = iterations; left > 0; left -= CHUNK) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("task of " + cycles + " cycles interrupted after " + k.iterations()
                        + " of " + iterations + " iterations");
            }
            k.run(Math.min(CHUNK, left));
        }
        long wall = System.nanoTime() - t0;
        long cpu = cpuClock ? THREADS.getCurrentThreadCpuTime() - c0 : wall;
        return new Execution(cycles, scale, iterations, wall, Math.max(0, cpu), k.checksum());
    }
}
