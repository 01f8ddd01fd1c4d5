package org.lambo.expert.mip;

import java.util.Arrays;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;

/**
 * The (UE, server) pairs that an optimal decision may use, numbered k = 0..K-1; every other pair's variable is fixed to
 * 0 by leaving it out of the model.
 *
 * <p>A pair is left out when server j is down, when UE i cannot meet its deadline there even with the whole server (min
 * share &gt; 1), or when it is dominated: even with the whole server, offloading costs UE i at least as much as running
 * locally under the prompt. Moving a UE from a dominated pair to local lowers (or keeps) its own cost and frees
 * capacity for the others, so some optimal decision avoids every dominated pair and the optimum over the remaining
 * pairs is the true optimum.
 */
final class Candidates {
    final int size;
    final int[] ue; // [K], i
    final int[] server; // [K], j = 1..M
    final double[] minShare; // [K], F_i / (f_j (T_i - D_i / r_ij)), in (0, 1]
    private final Instance inst;

    private Candidates(Instance inst, int size, int[] ue, int[] server, double[] minShare) {
        this.inst = inst;
        this.size = size;
        this.ue = ue;
        this.server = server;
        this.minShare = minShare;
    }

    static Candidates of(Instance inst, Prompt prompt) {
        int cap = inst.n() * inst.m();
        int[] ue = new int[cap];
        int[] server = new int[cap];
        double[] min = new double[cap];
        int k = 0;
        for (int i = 0; i < inst.n(); i++) {
            double local = CostModel.cost(inst, i, Decision.LOCAL, 0, prompt);
            for (int j = 1; j <= inst.m(); j++) {
                double m = CostModel.minShare(inst, i, j);
                if (!inst.server(j).up() || !(m <= 1)) continue;
                if (!(CostModel.cost(inst, i, j, 1.0, prompt) < local)) continue;
                ue[k] = i;
                server[k] = j;
                min[k] = m;
                k++;
            }
        }
        return new Candidates(inst, k, Arrays.copyOf(ue, k), Arrays.copyOf(server, k), Arrays.copyOf(min, k));
    }

    /**
     * A valid lower bound on the optimum that needs no solver: each UE at the cheaper of local and its best candidate
     * server with the whole server to itself.
     */
    double trivialBound(Prompt prompt) {
        double[] best = new double[inst.n()];
        for (int i = 0; i < inst.n(); i++) best[i] = CostModel.cost(inst, i, Decision.LOCAL, 0, prompt);
        for (int k = 0; k < size; k++)
            best[ue[k]] = Math.min(best[ue[k]], CostModel.cost(inst, ue[k], server[k], 1.0, prompt));
        double sum = 0;
        for (double b : best) sum += b;
        return sum;
    }

    /** The assignment (option per UE) that a 0/1 vector over the pairs stands for. */
    int[] assignment(double[] xValues) {
        int[] options = new int[inst.n()];
        for (int k = 0; k < size; k++) {
            if (xValues[k] > 0.5) options[ue[k]] = server[k];
        }
        return options;
    }
}
