package org.lambo.expert.de;

import java.util.Arrays;
import org.lambo.baseline.GreedyPolicy;
import org.lambo.baseline.ServerLoads;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;

/**
 * Turns any assignment into a feasible one, changing as few UEs as it can.
 *
 * <ol>
 *   <li>Local UEs stay local. Offloaded UEs are placed in increasing order of the minimum share they need on their
 *       server, each keeping its option while its minimum share still fits ({@link SequentialState#feasible}); so on an
 *       overloaded server the UEs that need most are the ones moved off, and an option that is infeasible on its own (a
 *       down server, an upload that misses the deadline) is always moved.
 *   <li>Each moved UE, in index order, takes the feasible option of least marginal cost given the UEs already placed,
 *       the greedy rule ({@link GreedyPolicy#bestOption}); local is always feasible.
 * </ol>
 *
 * The minimum shares of the result fit every server, so {@code ShareAllocation.best} always succeeds on it. One
 * instance serves every repair on one instance (it caches the minimum shares).
 */
final class Repair {
    private final Instance inst;
    private final Prompt prompt;
    private final double[][] minShare; // [N][M+1]
    private final Integer[] order; // scratch

    Repair(Instance inst, Prompt prompt) {
        this.inst = inst;
        this.prompt = prompt;
        SequentialState probe = new SequentialState(inst);
        this.minShare = new double[inst.n()][inst.m() + 1];
        for (int i = 0; i < inst.n(); i++) {
            for (int j = 1; j <= inst.m(); j++) minShare[i][j] = probe.minShare(i, j);
        }
        this.order = new Integer[inst.n()];
    }

    /** Repairs {@code options} in place; returns how many UEs it moved. */
    int repair(int[] options) {
        int n = inst.n();
        SequentialState state = new SequentialState(inst);
        ServerLoads loads = null;
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(need(a, options[a]), need(b, options[b])));
        boolean[] moved = new boolean[n];
        int movedCount = 0;
        for (int i : order) {
            if (state.feasible(i, options[i])) {
                state.assign(i, options[i], 0.0);
            } else {
                moved[i] = true;
                movedCount++;
            }
        }
        if (movedCount == 0) return 0;
        loads = new ServerLoads(inst);
        for (int i = 0; i < n; i++) if (!moved[i]) loads.add(i, options[i]);
        for (int i = 0; i < n; i++) {
            if (!moved[i]) continue;
            int o = GreedyPolicy.bestOption(state, loads, i, prompt);
            state.assign(i, o, 0.0);
            loads.add(i, o);
            options[i] = o;
        }
        return movedCount;
    }

    private double need(int i, int option) {
        return option == Decision.LOCAL ? 0 : minShare[i][option];
    }
}
