package org.lambo.aed.infer;

import java.util.List;

/**
 * Multi-head attention weights, for one query at a time over keys and values that were projected once ({@link #keyOf},
 * {@link #valueOf}) and are kept by the caller, as a decoder's cache.
 */
public record AttentionWeights(
        DenseWeights query, DenseWeights key, DenseWeights value, DenseWeights output, int heads) {
    public double[] keyOf(double[] x) {
        return key.apply(x);
    }

    public double[] valueOf(double[] x) {
        return value.apply(x);
    }

    /** Attention of one query vector [d] over projected keys and values (each [d]); the result is [d]. */
    public double[] attend(double[] x, List<double[]> keys, List<double[]> values) {
        double[] q = query.apply(x);
        int d = q.length;
        int dk = d / heads;
        double scale = 1 / Math.sqrt(dk);
        int s = keys.size();
        double[] mixed = new double[d];
        double[] w = new double[s];
        for (int h = 0; h < heads; h++) {
            int off = h * dk;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < s; j++) {
                w[j] = DenseWeights.dot(q, off, keys.get(j), off, dk) * scale;
                max = Math.max(max, w[j]);
            }
            double sum = 0;
            for (int j = 0; j < s; j++) {
                w[j] = Math.exp(w[j] - max);
                sum += w[j];
            }
            for (int j = 0; j < s; j++) {
                double a = w[j] / sum;
                double[] v = values.get(j);
                for (int c = 0; c < dk; c++) mixed[off + c] += a * v[off + c];
            }
        }
        return output.apply(mixed);
    }
}
