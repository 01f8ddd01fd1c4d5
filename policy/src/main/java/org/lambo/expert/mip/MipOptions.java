package org.lambo.expert.mip;

import org.lambo.policy.PolicySettings;

/**
 * The MIP expert's options.
 *
 * @param gap {@code mip.gap}, default 1e-4: min-latency stops once (UB - LB) / UB is at most this; min-energy is always
 *     solved to proven optimality
 * @param timeLimitS {@code mip.timeLimitS}, default 60: wall-clock seconds for one instance; past it the best decision
 *     found so far is returned with status {@code TIME_LIMIT}
 * @param threads {@code mip.threads}, default 1: SCIP's thread count
 */
public record MipOptions(double gap, double timeLimitS, int threads) {
    public static final double DEFAULT_GAP = 1e-4;
    public static final double DEFAULT_TIME_LIMIT_S = 60;
    public static final int DEFAULT_THREADS = 1;

    public MipOptions {
        if (!(gap >= 0 && gap < 1)) throw new IllegalArgumentException("mip.gap must be in [0, 1), got " + gap);
        if (!(timeLimitS > 0) || !Double.isFinite(timeLimitS)) {
            throw new IllegalArgumentException(
                    "mip.timeLimitS must be a positive number of seconds, got " + timeLimitS);
        }
        if (threads < 1) throw new IllegalArgumentException("mip.threads must be >= 1, got " + threads);
    }

    public static MipOptions defaults() {
        return new MipOptions(DEFAULT_GAP, DEFAULT_TIME_LIMIT_S, DEFAULT_THREADS);
    }

    /** Reads {@code mip.gap}, {@code mip.timeLimitS} and {@code mip.threads}; a bad value names the option. */
    public static MipOptions from(PolicySettings settings) {
        return new MipOptions(
                settings.doubleOption("mip.gap", DEFAULT_GAP, 0, 0.999),
                settings.doubleOption("mip.timeLimitS", DEFAULT_TIME_LIMIT_S, 1e-3, 1e7),
                settings.intOption("mip.threads", DEFAULT_THREADS, 1, 64));
    }

    public MipOptions withGap(double g) {
        return new MipOptions(g, timeLimitS, threads);
    }

    public MipOptions withTimeLimitS(double s) {
        return new MipOptions(gap, s, threads);
    }
}
