package org.lambo.mec;

import java.util.Arrays;
import java.util.Optional;

/**
 * Best CPU shares for a fixed assignment (SYSTEM_MODEL.md, "Best share for a fixed assignment").
 *
 * <p>On one server, minimising sum_i F_i / (s_i f) subject to sum_i s_i &lt;= 1 and s_i &gt;= s_i_min gives s_i =
 * max(s_i_min, sqrt(F_i) / nu) with nu set so that the shares sum to 1 (water-filling). Energy does not depend on the
 * shares, so the same allocation serves both prompts: an energy-optimal assignment is then also as fast as it can be.
 */
public final class ShareAllocation {
    private ShareAllocation() {}

    /**
     * Water-filling: minimises sum_i w_i^2 / s_i subject to sum_i s_i &lt;= capacity and s_i &gt;= min_i. The result is
     * s_i = max(min_i, w_i / nu), summing to the capacity.
     *
     * @param weights w_i = sqrt(F_i), all &gt; 0
     * @param minShares min_i &gt;= 0
     * @return the shares, or {@code null} when the minimums alone exceed the capacity
     */
    public static double[] waterFill(double[] weights, double[] minShares, double capacity) {
        int n = weights.length;
        if (minShares.length != n) throw new IllegalArgumentException("weights and minShares differ in length");
        if (n == 0) return new double[0];
        double sumMin = 0;
        for (double m : minShares) sumMin += m;
        if (!(sumMin <= capacity * (1 + DecisionValidator.TOLERANCE))) return null;
        // A UE is held at its minimum exactly when min_i / w_i >= 1 / nu: sort by that ratio, descending,
        // and the held UEs are a prefix. Take the shortest prefix that leaves every free UE above its minimum.
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(minShares[b] / weights[b], minShares[a] / weights[a]));
        double heldMin = 0;
        double freeWeight = 0;
        for (double w : weights) freeWeight += w;
        double[] shares = new double[n];
        for (int k = 0; k < n; k++) {
            int first = order[k];
            double level = (capacity - heldMin) / freeWeight; // 1 / nu if UEs order[k..] are free
            if (minShares[first] / weights[first] <= level) {
                for (int q = 0; q < n; q++) {
                    int i = order[q];
                    shares[i] = q < k ? minShares[i] : Math.max(minShares[i], weights[i] * level);
                }
                return shares;
            }
            heldMin += minShares[first];
            freeWeight -= weights[first];
        }
        // every UE held at its minimum: the minimums use the whole capacity
        return minShares.clone();
    }

    /**
     * The decision with the best shares for an assignment of UEs to options, or empty when the assignment is infeasible
     * (a down server, a deadline the upload alone misses, or minimum shares that exceed a server).
     */
    public static Optional<Decision> best(Instance inst, int[] options) {
        int n = inst.n();
        if (options.length != n)
            throw new IllegalArgumentException("assignment covers " + options.length + " UEs, instance has " + n);
        double[] shares = new double[n];
        for (int j = 1; j <= inst.m(); j++) {
            int count = 0;
            for (int o : options) if (o == j) count++;
            if (count == 0) continue;
            if (!inst.server(j).up()) return Optional.empty();
            int[] members = new int[count];
            double[] w = new double[count];
            double[] min = new double[count];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (options[i] != j) continue;
                members[k] = i;
                w[k] = Math.sqrt(inst.ue(i).task().cycles());
                min[k] = CostModel.minShare(inst, i, j);
                if (!Double.isFinite(min[k])) return Optional.empty();
                k++;
            }
            double[] s = waterFill(w, min, 1.0);
            if (s == null) return Optional.empty();
            for (k = 0; k < count; k++) shares[members[k]] = s[k];
        }
        for (int i = 0; i < n; i++) {
            if (options[i] < 0 || options[i] > inst.m()) {
                throw new IllegalArgumentException("option[" + i + "] = " + options[i] + " is not in 0.." + inst.m());
            }
        }
        return Optional.of(new Decision(options, shares));
    }

    /** The decision with the best shares for an assignment; throws when the assignment is infeasible. */
    public static Decision require(Instance inst, int[] options) {
        return best(inst, options)
                .orElseThrow(() -> new IllegalArgumentException(
                        "assignment " + Arrays.toString(options) + " is infeasible on instance " + inst.id()));
    }
}
