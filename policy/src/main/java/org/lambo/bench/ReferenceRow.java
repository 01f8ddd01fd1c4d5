package org.lambo.bench;

import org.lambo.mec.Prompt;

/**
 * The reference's answer on one instance and prompt, computed once and shared by every policy's gap.
 *
 * @param bound the proven lower bound when the reference {@code ReportsBound}, else NaN
 * @param status the solver's status, or empty
 */
public record ReferenceRow(
        String policy, Prompt prompt, int run, String instance, double objective, double bound, String status) {
    /** (objective - bound) / objective, NaN without a bound. */
    public double provenGap() {
        return Double.isNaN(bound) ? Double.NaN : objective == 0 ? 0 : (objective - bound) / Math.abs(objective);
    }
}
