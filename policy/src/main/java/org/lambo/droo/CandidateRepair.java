package org.lambo.droo;

import java.util.Arrays;
import java.util.Comparator;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.SequentialState;
import org.lambo.mec.ShareAllocation;

/**
 * Makes a quantised candidate feasible and gives it its best shares. DROO's candidates are binary vectors that any user
 * may take; with shared servers a candidate may put more minimum shares on a server than it has. The repair keeps the
 * DNN's intent where it can:
 *
 * <ol>
 *   <li>UEs are placed through a {@link SequentialState} in decreasing order of the probability of the option the
 *       candidate gives them (the placements the DNN is surest of first), each reserving only its minimum share;
 *   <li>a UE whose option no longer fits takes its most probable option that still does (local always does, so the
 *       repair never fails);
 *   <li>the shares of the repaired assignment are the water-filled ones, {@link ShareAllocation#best}: DROO's
 *       resource-allocation step, solved exactly.
 * </ol>
 *
 * A candidate that is already feasible keeps every option. The result passes the validator.
 */
public final class CandidateRepair {
    private CandidateRepair() {}

    /**
     * @param candidate [N], options 0..M
     * @param probabilities [N][M+1], the DNN's relaxed decision, used to order the UEs and to rank fallback options
     */
    public static Decision repair(Instance inst, int[] candidate, double[][] probabilities) {
        int n = inst.n();
        if (candidate.length != n || probabilities.length != n) {
            throw new IllegalArgumentException("candidate covers " + candidate.length + " UEs and probabilities "
                    + probabilities.length + ", instance " + inst.id() + " has " + n);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(
                order,
                Comparator.<Integer>comparingDouble(i -> -probabilities[i][candidate[i]])
                        .thenComparingInt(i -> i));
        SequentialState state = new SequentialState(inst);
        for (int i : order) {
            int option =
                    state.feasible(i, candidate[i]) ? candidate[i] : mostProbableFeasible(state, i, probabilities[i]);
            state.assign(i, option, 0.0);
        }
        return ShareAllocation.require(inst, state.options());
    }

    private static int mostProbableFeasible(SequentialState state, int i, double[] p) {
        int best = Decision.LOCAL;
        for (int j = 1; j < p.length; j++) {
            if (state.feasible(i, j) && p[j] > p[best]) best = j;
        }
        return best;
    }
}
