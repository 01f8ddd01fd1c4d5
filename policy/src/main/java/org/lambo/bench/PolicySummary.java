package org.lambo.bench;

import java.util.List;
import java.util.TreeMap;
import org.lambo.mec.Prompt;

/**
 * One line of a bench table: a policy's figures for one prompt over every instance of every run.
 *
 * @param decisions how many decisions it took
 * @param meanLatencyS mean over decisions of L / N, s
 * @param totalEnergyJ mean over decisions of E, J
 * @param reportedMean mean of the prompt's reported figure (one of the two above)
 * @param reportedCi95 half-width of the 95 % confidence interval on {@code reportedMean} (NaN when it cannot be had)
 * @param ciOverRuns true when the interval is over the R run means, false when over single decisions (R = 1)
 * @param gapMean mean gap to the reference, fraction (NaN without a reference)
 * @param gapP95 95th percentile of the gap, fraction
 * @param violations rules broken, summed over decisions
 * @param invalidDecisions decisions that broke at least one rule
 * @param decideMedianMs median decision wall time, ms
 * @param decideP95Ms 95th percentile of the decision wall time, ms
 */
public record PolicySummary(
        String policy,
        Prompt prompt,
        int decisions,
        double meanLatencyS,
        double totalEnergyJ,
        double reportedMean,
        double reportedCi95,
        boolean ciOverRuns,
        double gapMean,
        double gapP95,
        long violations,
        int invalidDecisions,
        double decideMedianMs,
        double decideP95Ms) {
    /** Confidence level of {@link #reportedCi95}. */
    public static final double LEVEL = 0.95;

    /**
     * Summarises one policy's rows for one prompt. With several runs the interval is CloudSim Plus's: each run's mean
     * is one sample, t-interval over the R samples; with one run it is over the single decisions (consecutive slots are
     * correlated, so that interval is narrower than it should be).
     */
    public static PolicySummary of(String policy, Prompt prompt, List<BenchRow> rows) {
        if (rows.isEmpty())
            throw new IllegalArgumentException("no rows for policy " + policy + " and prompt " + prompt);
        int n = rows.size();
        double[] latency = new double[n];
        double[] energy = new double[n];
        double[] reported = new double[n];
        double[] gap = new double[n];
        double[] ms = new double[n];
        long violations = 0;
        int invalid = 0;
        TreeMap<Integer, double[]> perRun = new TreeMap<>(); // run -> {sum, count}
        for (int k = 0; k < n; k++) {
            BenchRow r = rows.get(k);
            if (!r.policy().equals(policy) || r.prompt() != prompt) {
                throw new IllegalArgumentException(
                        "row of " + r.policy() + "/" + r.prompt() + " among " + policy + "/" + prompt);
            }
            latency[k] = r.meanLatencyS();
            energy[k] = r.totalEnergyJ();
            reported[k] = r.reported();
            gap[k] = r.gap();
            ms[k] = r.decideMs();
            violations += r.violations();
            if (r.violations() > 0) invalid++;
            double[] acc = perRun.computeIfAbsent(r.run(), x -> new double[2]);
            acc[0] += r.reported();
            acc[1]++;
        }
        boolean overRuns = perRun.size() >= 2;
        double ci;
        if (overRuns) {
            double[] runMeans =
                    perRun.values().stream().mapToDouble(a -> a[0] / a[1]).toArray();
            ci = Stats.ciHalfWidth(runMeans, LEVEL);
        } else {
            ci = Stats.ciHalfWidth(reported, LEVEL);
        }
        boolean hasGap = !Double.isNaN(gap[0]);
        return new PolicySummary(
                policy,
                prompt,
                n,
                Stats.mean(latency),
                Stats.mean(energy),
                Stats.mean(reported),
                ci,
                overRuns,
                hasGap ? Stats.mean(gap) : Double.NaN,
                hasGap ? Stats.quantile(gap, 0.95) : Double.NaN,
                violations,
                invalid,
                Stats.median(ms),
                Stats.quantile(ms, 0.95));
    }
}
