package org.lambo.device.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Measures this device's speed on the {@link Kernel}. Method:
 *
 * <ol>
 *   <li><b>Warm-up</b>: run the kernel for {@code warmup} (default 300 ms) so that the JIT has compiled it and the CPU
 *       governor has raised the clock;
 *   <li><b>Sizing</b>: double a trial's iteration count, from 2^16, until one trial takes at least {@code trialTime}
 *       (default 50 ms), long against timer resolution and short against drift;
 *   <li><b>Trials</b>: time {@code trials} (default 7) trials of that size and take the <em>median</em> rate, which
 *       ignores a trial or two slowed by preemption; the relative spread is reported.
 * </ol>
 *
 * The device's speed in task cycles per second is then {@link Calibration#cyclesPerSecond()}. Calibration takes about
 * {@code warmup + (trials + log2 sizing) x trialTime}, under a second by default. Times are the thread's CPU time (see
 * {@link Builder#nanoTime}), so other load on the device slows the calibration down but does not bias it much
 * (frequency scaling and shared caches still do: calibrate an idle device). It measures one core; tasks run on one
 * thread too.
 */
public final class CpuCalibrator {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Duration warmup;
    private final Duration trialTime;
    private final int trials;
    private final LongSupplier nanoTime;

    private CpuCalibrator(Builder b) {
        this.warmup = b.warmup;
        this.trialTime = b.trialTime;
        this.trials = b.trials;
        this.nanoTime = b.nanoTime;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs the method above on the calling thread. */
    public Calibration calibrate() {
        Kernel k = new Kernel();
        long end = nanoTime.getAsLong() + warmup.toNanos();
        while (nanoTime.getAsLong() < end) k.run(1 << 16);

        long n = 1 << 16;
        while (true) {
            long t = time(k, n);
            if (t >= trialTime.toNanos() || n >= (1L << 40)) break;
            n *= 2;
        }
        long[] nanos = new long[trials];
        for (int r = 0; r < trials; r++) nanos[r] = time(k, n);
        if (k.checksum() == 0) throw new AssertionError("kernel checksum 0"); // keeps the work observable
        return summarize(n, nanos);
    }

    private long time(Kernel k, long iterations) {
        long t0 = nanoTime.getAsLong();
        k.run(iterations);
        return Math.max(1, nanoTime.getAsLong() - t0);
    }

    /**
     * The calibration of trials of {@code iterations} each that took {@code nanos}: median rate and relative spread.
     */
    static Calibration summarize(long iterations, long[] nanos) {
        double[] rates = Arrays.stream(nanos)
                .mapToDouble(t -> iterations * 1e9 / t)
                .sorted()
                .toArray();
        int m = rates.length;
        double median = m % 2 == 1 ? rates[m / 2] : 0.5 * (rates[m / 2 - 1] + rates[m / 2]);
        return new Calibration(median, m, iterations, (rates[m - 1] - rates[0]) / median);
    }

    /**
     * The calling thread's CPU time in nanoseconds where the JVM measures it (Linux, macOS, Windows), else the wall
     * clock. CPU time makes the speed that of the core while it runs this thread, unaffected by other processes taking
     * turns on a shared core; {@link Workload} measures tasks the same way.
     */
    static long threadCpuTimeOrWall() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /**
     * Builds a {@link CpuCalibrator}; defaults: 300 ms warm-up, 50 ms trials, 7 trials, the thread's CPU time as clock.
     */
    public static final class Builder {
        private Duration warmup = Duration.ofMillis(300);
        private Duration trialTime = Duration.ofMillis(50);
        private int trials = 7;
        private LongSupplier nanoTime = CpuCalibrator::threadCpuTimeOrWall;

        private Builder() {}

        public Builder warmup(Duration d) {
            Objects.requireNonNull(d, "warmup");
            if (d.isNegative()) throw new IllegalArgumentException("warmup must be >= 0, got " + d);
            this.warmup = d;
            return this;
        }

        public Builder trialTime(Duration d) {
            Objects.requireNonNull(d, "trialTime");
            if (d.toMillis() < 1) throw new IllegalArgumentException("trialTime must be >= 1 ms, got " + d);
            this.trialTime = d;
            return this;
        }

        public Builder trials(int n) {
            if (n < 1 || n > 1000) throw new IllegalArgumentException("trials must be in [1, 1000], got " + n);
            this.trials = n;
            return this;
        }

        /** The clock in nanoseconds (for tests); default the thread's CPU time ({@link #threadCpuTimeOrWall()}). */
        public Builder nanoTime(LongSupplier clock) {
            this.nanoTime = Objects.requireNonNull(clock, "nanoTime");
            return this;
        }

        public CpuCalibrator build() {
            return new CpuCalibrator(this);
        }
    }
}
