package org.lambo.aed.infer;

/** Layer normalisation weights: y = gamma (x - mean) / sqrt(var + eps) + beta, population variance. */
public record NormWeights(float[] gamma, float[] beta, float epsilon) {
    public double[] apply(double[] x) {
        int d = x.length;
        double mean = 0;
        for (double v : x) mean += v;
        mean /= d;
        double var = 0;
        for (double v : x) var += (v - mean) * (v - mean);
        var /= d;
        double inv = 1 / Math.sqrt(var + epsilon);
        double[] y = new double[d];
        for (int k = 0; k < d; k++) y[k] = gamma[k] * (x[k] - mean) * inv + beta[k];
        return y;
    }
}
