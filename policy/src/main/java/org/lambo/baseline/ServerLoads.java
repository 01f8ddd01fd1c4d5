package org.lambo.baseline;

import java.util.Arrays;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.ShareAllocation;

/**
 * The UEs assigned so far to each server and what one more UE would cost there, for policies that decide UE by UE
 * (greedy, the repair step of {@code de}).
 *
 * <p>The marginal latency of UE i on server j is its upload time plus the growth of the server's total compute time
 * sum_k F_k / (s_k f_j) when the shares are water-filled over the members with i added
 * ({@link ShareAllocation#waterFill}): a newcomer slows down everybody already there, and that is counted. The marginal
 * energy of an option is the UE's own energy, since energy does not depend on the shares. Mutable; one instance per
 * decision.
 */
public final class ServerLoads {
    private final Instance inst;
    private final int[][] members; // [M+1][capacity], UEs on server j (index 0 unused)
    private final int[] count; // [M+1]
    private final double[] computeSum; // [M+1], sum_k F_k / (s_k f_j) of the current members

    public ServerLoads(Instance inst) {
        this.inst = inst;
        int m = inst.m();
        this.members = new int[m + 1][4];
        this.count = new int[m + 1];
        this.computeSum = new double[m + 1];
    }

    /** Adds UE i to option j (nothing to track for local). */
    public void add(int i, int j) {
        if (j == Decision.LOCAL) return;
        double after = computeSumWith(j, i);
        if (!Double.isFinite(after)) {
            throw new IllegalStateException("UE " + i + " does not fit on server " + j + " of instance " + inst.id());
        }
        if (count[j] == members[j].length) members[j] = Arrays.copyOf(members[j], 2 * count[j]);
        members[j][count[j]++] = i;
        computeSum[j] = after;
    }

    /**
     * The growth of the prompt's objective if UE i takes option j now: its local cost for option 0, its upload time
     * plus the server's compute-time growth ({@code min-latency}) or its upload energy ({@code min-energy}) for a
     * server, their weighted sum for {@code weighted:w} ({@link Prompt#combine}). {@code +Infinity} when the minimum
     * shares would not fit.
     */
    public double marginalCost(int i, int j, Prompt prompt) {
        if (prompt.equals(Prompt.MIN_ENERGY)) return CostModel.energy(inst, i, j);
        if (prompt.equals(Prompt.MIN_LATENCY)) return marginalLatency(i, j);
        double latency = marginalLatency(i, j);
        if (!Double.isFinite(latency)) return Double.POSITIVE_INFINITY; // does not fit, whatever the weight
        return prompt.combine(inst, latency, CostModel.energy(inst, i, j));
    }

    /** The growth of total latency L if UE i takes option j now ({@code +Infinity} when it cannot fit). */
    public double marginalLatency(int i, int j) {
        if (j == Decision.LOCAL) return CostModel.localLatency(inst, i);
        double after = computeSumWith(j, i);
        if (!Double.isFinite(after)) return Double.POSITIVE_INFINITY;
        return CostModel.uploadTime(inst, i, j) + after - computeSum[j];
    }

    /** Sum of compute times on server j with UE i added and water-filled shares; +Infinity when infeasible. */
    private double computeSumWith(int j, int extra) {
        int k = count[j] + 1;
        double[] w = new double[k];
        double[] min = new double[k];
        int[] who = new int[k];
        System.arraycopy(members[j], 0, who, 0, count[j]);
        who[k - 1] = extra;
        for (int q = 0; q < k; q++) {
            w[q] = ShareAllocation.weight(inst, who[q]);
            min[q] = CostModel.minShare(inst, who[q], j);
            if (!Double.isFinite(min[q])) return Double.POSITIVE_INFINITY;
        }
        double[] s = ShareAllocation.waterFill(w, min, 1.0);
        if (s == null) return Double.POSITIVE_INFINITY;
        double sum = 0;
        for (int q = 0; q < k; q++) sum += CostModel.serverComputeTime(inst, who[q], j, s[q]);
        return sum;
    }
}
