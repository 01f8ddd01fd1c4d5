package org.lambo.bench;

import org.lambo.mec.Prompt;

/**
 * One decision of the bench: a policy on one instance for one prompt, one row of {@code bench.csv}.
 *
 * @param run the run it belongs to, 0..R-1
 * @param instance the instance id (scenario, seed and slot)
 * @param objective the prompt's objective: total latency L (s) or total energy E (J)
 * @param meanLatencyS L / N
 * @param totalEnergyJ E
 * @param gap (objective - reference) / reference, NaN without a reference
 * @param violations how many rules the decision breaks ({@code DecisionValidator}); 0 for a valid decision
 * @param firstViolation the first broken rule, or null
 * @param decideMs wall time of the decision, ms
 */
public record BenchRow(
        String policy,
        Prompt prompt,
        int run,
        String instance,
        double objective,
        double meanLatencyS,
        double totalEnergyJ,
        double gap,
        int violations,
        String firstViolation,
        double decideMs) {
    /** The figure the prompt reports: L / N for min-latency, E for min-energy, the objective for a weighted prompt. */
    public double reported() {
        if (prompt.weighted()) return objective;
        return prompt.latencyOnly() ? meanLatencyS : totalEnergyJ;
    }
}
