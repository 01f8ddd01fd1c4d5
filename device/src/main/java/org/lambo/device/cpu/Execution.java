package org.lambo.device.cpu;

/**
 * What running a task's cycles took.
 *
 * @param cycles the task's cycles F_i, as given
 * @param scale the workload scale factor the run used (iterations = F_i x scale / 6)
 * @param iterations kernel iterations actually run
 * @param wallNanos elapsed time of the run
 * @param cpuNanos CPU time of the running thread during the run (= wallNanos where the JVM cannot measure it)
 * @param checksum the kernel's checksum: proves the work was done, equal for equal iteration counts
 */
public record Execution(double cycles, double scale, long iterations, long wallNanos, long cpuNanos, long checksum) {
    public Execution {
        if (iterations < 0 || wallNanos < 0 || cpuNanos < 0) {
            throw new IllegalArgumentException(
                    "counts must be >= 0, got iterations " + iterations + ", wall " + wallNanos + ", cpu " + cpuNanos);
        }
    }

    /**
     * The busy time in seconds at full size: CPU time / scale. This is the device's measured counterpart of the model's
     * computing time {@code F_i / f} and what the energy estimate multiplies by the power.
     */
    public double busySeconds() {
        return cpuNanos / 1e9 / scale;
    }

    /**
     * The elapsed time in seconds at full size: wall time / scale (includes preemption, unlike {@link #busySeconds()}).
     */
    public double elapsedSeconds() {
        return wallNanos / 1e9 / scale;
    }
}
