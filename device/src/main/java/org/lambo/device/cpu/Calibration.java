package org.lambo.device.cpu;

/**
 * The measured speed of this device on the {@link Kernel}.
 *
 * @param iterationsPerSecond median kernel iterations per second over the trials
 * @param trials how many timed trials the median is over
 * @param iterationsPerTrial the kernel iterations of each trial
 * @param spread (fastest - slowest) / median of the trial rates: how steady the CPU was (frequency scaling, other
 *     load); a large spread makes latencies noisy
 */
public record Calibration(double iterationsPerSecond, int trials, long iterationsPerTrial, double spread) {
    public Calibration {
        if (!(iterationsPerSecond > 0) || !Double.isFinite(iterationsPerSecond)) {
            throw new IllegalArgumentException(
                    "iterationsPerSecond must be a finite number > 0, got " + iterationsPerSecond);
        }
        if (trials < 1) throw new IllegalArgumentException("trials must be >= 1, got " + trials);
        if (iterationsPerTrial < 1)
            throw new IllegalArgumentException("iterationsPerTrial must be >= 1, got " + iterationsPerTrial);
        if (!(spread >= 0) || !Double.isFinite(spread))
            throw new IllegalArgumentException("spread must be finite and >= 0, got " + spread);
    }

    /**
     * The device's CPU speed in task cycles per second, {@code f = 6 x iterations/s}: the value the device reports as
     * its {@code f_L} (UE) or {@code f_j} (server) in telemetry, and the one its task times follow.
     */
    public double cyclesPerSecond() {
        return iterationsPerSecond * Kernel.CYCLES_PER_ITERATION;
    }
}
