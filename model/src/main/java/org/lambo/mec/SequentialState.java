package org.lambo.mec;

import java.util.Arrays;

/**
 * The environment of UE-by-UE decoding: what each server has left after the decisions taken so far, and which options
 * are feasible for the next UE. Policies that decide UE by UE (greedy, the AED, DROO's quantiser, the orchestrator
 * agent) step through it; the resulting decision passes the {@link DecisionValidator} by construction.
 *
 * <p>Option j is feasible for UE i when server j is up, the upload alone meets the deadline (D_i / r_ij &lt; T_i) and
 * the UE's minimum share fits in what is left of server j. Local is always feasible. Reward convention for learning:
 * the reward of a slot is the negative of its objective.
 */
public final class SequentialState {
    private final Instance inst;
    private final double[] remaining; // [M+1], index 0 unused
    private final int[] options; // [N], -1 while undecided
    private final double[] shares; // [N]
    private final double[][] minShare; // [N][M+1]
    private int decided;

    public SequentialState(Instance inst) {
        this.inst = inst;
        int n = inst.n();
        int m = inst.m();
        this.remaining = new double[m + 1];
        for (int j = 1; j <= m; j++) remaining[j] = inst.server(j).up() ? 1.0 : 0.0;
        this.options = new int[n];
        Arrays.fill(options, -1);
        this.shares = new double[n];
        this.minShare = new double[n][m + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 1; j <= m; j++) minShare[i][j] = CostModel.minShare(inst, i, j);
        }
    }

    public Instance instance() {
        return inst;
    }

    /** Share of server j (1..M) not yet given out; 0 for a down server. */
    public double remaining(int j) {
        return remaining[j];
    }

    /** The least share of server j that meets UE i's deadline (+Infinity when unreachable). */
    public double minShare(int i, int j) {
        return minShare[i][j];
    }

    public boolean isDecided(int i) {
        return options[i] >= 0;
    }

    public int decidedCount() {
        return decided;
    }

    public boolean isComplete() {
        return decided == inst.n();
    }

    /** Whether UE i may choose option j (0 = local, always feasible) given what is left. */
    public boolean feasible(int i, int j) {
        if (j == Decision.LOCAL) return true;
        return inst.server(j).up() && minShare[i][j] <= remaining[j] * (1 + 1e-12);
    }

    /** The feasibility mask of UE i over options 0..M. */
    public boolean[] mask(int i) {
        boolean[] mask = new boolean[inst.m() + 1];
        for (int j = 0; j <= inst.m(); j++) mask[j] = feasible(i, j);
        return mask;
    }

    /**
     * Fixes UE i's option. An offloaded UE's share is clamped into [its minimum share, what is left of the server], so
     * any share request in (0, 1] yields a valid decision.
     *
     * @return the share actually given (0 when local)
     * @throws IllegalStateException when UE i is already decided or the option is infeasible
     */
    public double assign(int i, int option, double requestedShare) {
        if (isDecided(i)) throw new IllegalStateException("UE " + i + " is already decided");
        if (option < 0 || option > inst.m())
            throw new IllegalArgumentException("option " + option + " is not in 0.." + inst.m());
        if (!feasible(i, option)) throw new IllegalStateException("option " + option + " is infeasible for UE " + i);
        double s = 0;
        if (option != Decision.LOCAL) {
            s = Math.min(remaining[option], Math.max(minShare[i][option], requestedShare));
            remaining[option] = Math.max(0, remaining[option] - s);
        }
        options[i] = option;
        shares[i] = s;
        decided++;
        return s;
    }

    /** The decision taken so far; every UE must be decided. */
    public Decision toDecision() {
        if (!isComplete()) throw new IllegalStateException((inst.n() - decided) + " UEs are still undecided");
        return new Decision(options, shares);
    }

    /** The assignment so far (-1 for undecided UEs). */
    public int[] options() {
        return options.clone();
    }
}
