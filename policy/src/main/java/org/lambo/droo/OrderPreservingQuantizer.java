package org.lambo.droo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * DROO's order-preserving quantisation, generalised from binary offloading to M servers: turns the DNN's relaxed
 * decision (for every UE a probability over the options 0..M) into at most K distinct integer assignments.
 *
 * <p><b>The rule.</b> For each UE i let a_i be its most probable option, b_i its second most probable one among the
 * options of positive probability (ties go to the lower option number) and c_i = p_i(a_i) - p_i(b_i) its confidence
 * margin (+infinity when it has a single option).
 *
 * <ol>
 *   <li>Candidate 1 is a: every UE takes its most probable option.
 *   <li>The UEs sorted by increasing margin are the pivots. Candidate k + 1 takes the k-th pivot u and moves to their
 *       second option every UE that hesitates between the same two options as u ((a_i, b_i) = (a_u, b_u)) no more
 *       confidently than u (c_i &lt;= c_u); the others keep a_i.
 * </ol>
 *
 * Duplicates (from tied margins) are dropped, and UEs with one option are never pivots, so fewer than K candidates may
 * come back.
 *
 * <p><b>Why this is DROO's rule.</b> With M = 1 and x_i = p_i(1), the margin is |2 x_i - 1|, so the pivots are the UEs
 * closest to 0.5 in order, and candidate k + 1 sets x = 1 exactly where x_i &gt; x_u (pivot above 0.5) or x_i &gt;= x_u
 * (pivot at or below 0.5): the paper's quantiser, thresholding at the k-th closest value to 0.5. The order is preserved
 * within each pair of options: if UE i moves and UE i' hesitates between the same options with a smaller margin, i'
 * moves too.
 */
public final class OrderPreservingQuantizer {
    private OrderPreservingQuantizer() {}

    /**
     * The candidates for a relaxed decision.
     *
     * @param probabilities [N][M+1], each row a distribution over options (zeros mark options the UE may not take;
     *     every row has at least one positive entry)
     * @param k the most candidates wanted, &gt;= 1
     * @return 1..k distinct assignments (int[N], options 0..M), the first being the row-wise argmax
     */
    public static List<int[]> candidates(double[][] probabilities, int k) {
        if (k < 1) throw new IllegalArgumentException("the number of candidates must be >= 1, got " + k);
        int n = probabilities.length;
        int[] first = new int[n];
        int[] second = new int[n];
        double[] margin = new double[n];
        for (int i = 0; i < n; i++) {
            double[] p = probabilities[i];
            int a = -1;
            int b = -1;
            for (int j = 0; j < p.length; j++) {
                if (!(p[j] > 0)) continue;
                if (a < 0 || p[j] > p[a]) {
                    b = a;
                    a = j;
                } else if (b < 0 || p[j] > p[b]) {
                    b = j;
                }
            }
            if (a < 0)
                throw new IllegalArgumentException(
                        "UE " + i + " has no option of positive probability: " + Arrays.toString(p));
            first[i] = a;
            second[i] = b;
            margin[i] = b < 0 ? Double.POSITIVE_INFINITY : p[a] - p[b];
        }
        List<int[]> out = new ArrayList<>(k);
        out.add(first);
        Integer[] pivots = new Integer[n];
        for (int i = 0; i < n; i++) pivots[i] = i;
        Arrays.sort(pivots, Comparator.<Integer>comparingDouble(i -> margin[i]).thenComparingInt(i -> i));
        for (int q = 0; q < n && out.size() < k; q++) {
            int u = pivots[q];
            if (second[u] < 0) break; // the rest have a single option too
            int[] c = first.clone();
            for (int i = 0; i < n; i++) {
                if (first[i] == first[u] && second[i] == second[u] && margin[i] <= margin[u]) c[i] = second[i];
            }
            if (!containsEqual(out, c)) out.add(c);
        }
        return out;
    }

    private static boolean containsEqual(List<int[]> list, int[] c) {
        for (int[] x : list) {
            if (Arrays.equals(x, c)) return true;
        }
        return false;
    }
}
