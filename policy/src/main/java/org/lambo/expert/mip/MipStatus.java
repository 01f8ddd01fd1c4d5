package org.lambo.expert.mip;

/**
 * What happened when {@code mip} stopped: the {@code status} of its {@link org.lambo.policy.Solution} (written there by
 * {@link #name()}, since {@code Solution.status} is text shared with the other experts, whose statuses carry details
 * such as {@code heuristic: ...}). {@code docs/EXPERTS.md} says when each occurs.
 */
public enum MipStatus {
    /**
     * Proven optimal: min-energy solved to a zero gap; min-latency when UB and LB meet to 1e-12 (or 1e-6 with no cut
     * left).
     */
    OPTIMAL,
    /** min-latency proven within {@code mip.gap}: (UB - LB) / UB &lt;= mip.gap. */
    GAP_LIMIT,
    /**
     * {@code mip.timeLimitS} ran out first: either between rounds, or inside a SCIP round that then stopped before
     * proving its own gap. The decision is the best found so far, the bound is valid, and the proven gap (reported
     * beside it) says how far from the optimum it may be.
     */
    TIME_LIMIT,
    /**
     * min-latency with time left, a SCIP round that proved its gap, and no cut that could still tighten the relaxation,
     * yet UB and LB apart by more than {@code mip.gap}: only when {@code mip.gap} is below the numerical precision of
     * the cuts (about 1e-7).
     */
    STALLED
}
