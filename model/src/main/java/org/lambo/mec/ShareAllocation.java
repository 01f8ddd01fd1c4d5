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
     * @param weights w_i = sqrt(F_i), all &gt; 0 ({@link #weight})
     * @param minShares min_i &gt;= 0
     * @return the shares, or {@code null} when the minimums alone exceed the capacity
     */
    public static double[] waterFill(double[] weights, double[] minShares, double capacity) {
        int n = weights.length;
        if (minShares.length != n) throw new IllegalArgumentException("weights and minShares differ in length");
        if (n == 0) return new double[0];
        if (!fits(minShares, n, capacity)) return null;
        int[] order = new int[n];
        double[] ratio = new double[n];
        if (n <= INSERTION_SORT_MAX) {
            orderByRatio(weights, minShares, n, order, ratio);
        } else { // a merge sort (stable, as the insertion sort is): the same order in O(n log n)
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) boxed[i] = i;
            Arrays.sort(boxed, (a, b) -> Double.compare(minShares[b] / weights[b], minShares[a] / weights[a]));
            for (int q = 0; q < n; q++) {
                order[q] = boxed[q];
                ratio[q] = minShares[order[q]] / weights[order[q]];
            }
        }
        double[] shares = new double[n];
        fillInOrder(weights, minShares, n, capacity, order, ratio, shares);
        return shares;
    }

    /**
     * Water-filling of the first {@code n} entries into caller-owned arrays, allocating nothing: for a caller that
     * prices many small sets of UEs (a local search). The same shares, bit for bit, as {@link #waterFill(double[],
     * double[], double)} on those entries.
     *
     * @param weights w_i = sqrt(F_i), all &gt; 0, entries 0..n-1 read
     * @param minShares min_i &gt;= 0, entries 0..n-1 read
     * @param shares out: s_i in entries 0..n-1 (not written when the minimums do not fit)
     * @param order out (length &gt;= n): the entries by min_i / w_i descending, ties in index order; those held at
     *     their minimum come first. Summing over UEs in this order sums as the search always has.
     * @param ratio scratch, length &gt;= n
     * @return false when the minimums alone exceed the capacity
     */
    public static boolean waterFill(
            double[] weights,
            double[] minShares,
            int n,
            double capacity,
            double[] shares,
            int[] order,
            double[] ratio) {
        if (!fits(minShares, n, capacity)) return false;
        orderByRatio(weights, minShares, n, order, ratio);
        fillInOrder(weights, minShares, n, capacity, order, ratio, shares);
        return true;
    }

    /**
     * Whether minimum shares fit in a capacity (sum of the first n of them &lt;= capacity, within
     * {@link DecisionValidator#TOLERANCE}): what every water-filling checks first.
     */
    public static boolean fits(double[] minShares, int n, double capacity) {
        double sumMin = 0;
        for (int i = 0; i < n; i++) sumMin += minShares[i];
        return sumMin <= capacity * (1 + DecisionValidator.TOLERANCE);
    }

    /** UE i's water-filling weight, sqrt(F_i): shares grow with the root of the workload. */
    public static double weight(Instance inst, int i) {
        return Math.sqrt(inst.ue(i).task().cycles());
    }

    /** Up to this many UEs {@link #waterFill(double[], double[], double)} orders them by insertion. */
    private static final int INSERTION_SORT_MAX = 64;

    /** Insertion sort of 0..n-1 by min / w, descending, ties in index order (stable): order and ratio written. */
    private static void orderByRatio(double[] weights, double[] minShares, int n, int[] order, double[] ratio) {
        for (int i = 0; i < n; i++) {
            double r = minShares[i] / weights[i];
            int p = i;
            while (p > 0 && ratio[p - 1] < r) {
                ratio[p] = ratio[p - 1];
                order[p] = order[p - 1];
                p--;
            }
            ratio[p] = r;
            order[p] = i;
        }
    }

    /**
     * The water level: a UE is held at its minimum exactly when min_i / w_i &gt;= 1 / nu, so with the UEs ordered by
     * that ratio, descending, the held UEs are a prefix. Takes the shortest prefix that leaves every free UE above its
     * minimum; every UE held when none does (the minimums then use the whole capacity).
     */
    private static void fillInOrder(
            double[] weights,
            double[] minShares,
            int n,
            double capacity,
            int[] order,
            double[] ratio,
            double[] shares) {
        double heldMin = 0;
        double freeWeight = 0;
        for (int i = 0; i < n; i++) freeWeight += weights[i];
        for (int k = 0; k < n; k++) {
            double level = (capacity - heldMin) / freeWeight; // 1 / nu if UEs order[k..] are free
            if (ratio[k] <= level) {
                for (int q = 0; q < n; q++) {
                    int i = order[q];
                    shares[i] = q < k ? minShares[i] : Math.max(minShares[i], weights[i] * level);
                }
                return;
            }
            heldMin += minShares[order[k]];
            freeWeight -= weights[order[k]];
        }
        System.arraycopy(minShares, 0, shares, 0, n);
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
                w[k] = weight(inst, i);
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
