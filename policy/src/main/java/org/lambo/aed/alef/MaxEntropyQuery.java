package org.lambo.aed.alef;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.lambo.aed.infer.DecisionEntropy;

/**
 * ALEF's query strategy: among the candidates not labelled yet, the {@code k} whose decisions have the largest
 * {@link DecisionEntropy} (article, section 4.5: the instances of maximum entropy are those whose offloading decision
 * is most uncertain). Ties go to the lower index, so the query is deterministic.
 */
public final class MaxEntropyQuery {
    private MaxEntropyQuery() {}

    /**
     * @param entropy the uncertainty of every candidate
     * @param labelled which candidates already carry a label (never chosen again); same length
     * @param k how many to choose, &gt;= 0; fewer come back when fewer are unlabelled
     * @return the chosen indices, the most uncertain first
     */
    public static int[] select(double[] entropy, boolean[] labelled, int k) {
        if (entropy.length != labelled.length) {
            throw new IllegalArgumentException(
                    "entropies and labelled flags differ in length: " + entropy.length + " and " + labelled.length);
        }
        if (k < 0) throw new IllegalArgumentException("query size must be >= 0, got " + k);
        List<Integer> open = new ArrayList<>();
        for (int c = 0; c < entropy.length; c++) {
            if (Double.isNaN(entropy[c])) throw new IllegalArgumentException("candidate " + c + " has entropy NaN");
            if (!labelled[c]) open.add(c);
        }
        open.sort(Comparator.<Integer>comparingDouble(c -> -entropy[c]).thenComparingInt(c -> c));
        int take = Math.min(k, open.size());
        int[] out = new int[take];
        for (int q = 0; q < take; q++) out[q] = open.get(q);
        return out;
    }
}
