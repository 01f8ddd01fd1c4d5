package org.lambo.policy;

import java.util.Locale;
import org.lambo.mec.Decision;

/**
 * An expert's answer: the decision, its objective (the prompt's objective: total latency L or total energy E), the
 * proven lower bound on the optimum, the solver's {@link Status} and, for a status that carries them, details in words
 * (e.g. {@code de}'s {@code stopped by generations after 300 generations, 9000 evaluations}; "" when none).
 * {@link #statusText()} is how every output writes it: {@code OPTIMAL}, {@code TIME_LIMIT}, {@code heuristic: ...}.
 */
public record Solution(Decision decision, double objective, double bound, Status status, String detail) {
    /** How the expert stopped; docs/EXPERTS.md says when each occurs. */
    public enum Status {
        /**
         * Proven optimal: {@code exhaustive} always; {@code mip}'s min-energy solved to a zero gap, its min-latency
         * when UB and LB meet to 1e-12 (or 1e-6 with no cut left).
         */
        OPTIMAL,
        /** {@code mip}'s min-latency proven within {@code mip.gap}: (UB - LB) / UB &lt;= mip.gap. */
        GAP_LIMIT,
        /**
         * {@code mip.timeLimitS} ran out first: either between rounds, or inside a SCIP round that then stopped before
         * proving its own gap. The decision is the best found so far, the bound is valid, and the proven gap (reported
         * beside it) says how far from the optimum it may be.
         */
        TIME_LIMIT,
        /**
         * {@code mip}'s min-latency with time left, a SCIP round that proved its gap, and no cut that could still
         * tighten the relaxation, yet UB and LB apart by more than {@code mip.gap}: only when {@code mip.gap} is below
         * the numerical precision of the cuts (about 1e-7).
         */
        STALLED,
        /** A heuristic's answer ({@code de}): no optimality proven; the bound is an independent one. */
        HEURISTIC;

        /** The word outputs write: the name, but {@code heuristic} in lower case as it always was. */
        public String word() {
            return this == HEURISTIC ? name().toLowerCase(Locale.ROOT) : name();
        }
    }

    public Solution {
        if (status == null) throw new IllegalArgumentException("a solution's status must be given, got null");
        detail = detail == null ? "" : detail.strip();
    }

    /** A solution whose status carries no details. */
    public Solution(Decision decision, double objective, double bound, Status status) {
        this(decision, objective, bound, status, "");
    }

    /** The status as outputs write it: its word, then {@code ": "} and the details when there are any. */
    public String statusText() {
        return detail.isEmpty() ? status.word() : status.word() + ": " + detail;
    }

    /** (objective - bound) / objective, the gap that the solver proved. */
    public double provenGap() {
        return objective == 0 ? 0 : (objective - bound) / Math.abs(objective);
    }
}
