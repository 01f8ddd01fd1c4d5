package org.lambo.policy;

import org.lambo.mec.Decision;

/**
 * An expert's answer: the decision, its objective (the prompt's objective: total latency L or total energy E), the
 * proven lower bound on the optimum, and the solver's status.
 */
public record Solution(Decision decision, double objective, double bound, String status) {
    /** (objective - bound) / objective, the gap that the solver proved. */
    public double provenGap() {
        return objective == 0 ? 0 : (objective - bound) / Math.abs(objective);
    }
}
