package org.lambo.aed.infer;

/**
 * The weights of a dense layer as plain arrays: y = W x + b, W [out, in] row-major. The CPU inference path computes in
 * double; the trained float weights are widened once, here, rather than in every product. Dot products run four
 * independent partial sums, which lets the CPU overlap the additions (several times faster than one running sum).
 */
public record DenseWeights(double[] weight, double[] bias, int in, int out) {
    /** The weights of a trained layer, widened to double. */
    public static DenseWeights of(float[] weight, float[] bias, int in, int out) {
        return new DenseWeights(widen(weight), widen(bias), in, out);
    }

    private static double[] widen(float[] x) {
        double[] y = new double[x.length];
        for (int k = 0; k < x.length; k++) y[k] = x[k];
        return y;
    }

    public DenseWeights {
        if (weight.length != in * out)
            throw new IllegalArgumentException(
                    "dense weight has " + weight.length + " values, expected " + in + " x " + out);
        if (bias.length != out)
            throw new IllegalArgumentException("dense bias has " + bias.length + " values, expected " + out);
    }

    /** W x + b. [in] -> [out] */
    public double[] apply(double[] x) {
        double[] y = new double[out];
        for (int o = 0; o < out; o++) y[o] = bias[o] + dot(weight, o * in, x, in);
        return y;
    }

    /** W x + b for a float input. */
    public double[] apply(float[] x) {
        double[] xd = new double[x.length];
        for (int k = 0; k < x.length; k++) xd[k] = x[k];
        return apply(xd);
    }

    /** W^T x, without the bias. [out] -> [in] */
    public double[] applyTransposed(double[] x) {
        double[] y = new double[in];
        for (int o = 0; o < out; o++) {
            double xo = x[o];
            int row = o * in;
            for (int k = 0; k < in; k++) y[k] += weight[row + k] * xo;
        }
        return y;
    }

    /** sum_k w[from + k] x[k] over k < n, in four partial sums. */
    static double dot(double[] w, int from, double[] x, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 += w[from + k] * x[k];
            s1 += w[from + k + 1] * x[k + 1];
            s2 += w[from + k + 2] * x[k + 2];
            s3 += w[from + k + 3] * x[k + 3];
        }
        for (; k < n; k++) s0 += w[from + k] * x[k];
        return (s0 + s1) + (s2 + s3);
    }

    /** sum_k a[aFrom + k] b[bFrom + k] over k < n, in four partial sums. */
    static double dot(double[] a, int aFrom, double[] b, int bFrom, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 += a[aFrom + k] * b[bFrom + k];
            s1 += a[aFrom + k + 1] * b[bFrom + k + 1];
            s2 += a[aFrom + k + 2] * b[bFrom + k + 2];
            s3 += a[aFrom + k + 3] * b[bFrom + k + 3];
        }
        for (; k < n; k++) s0 += a[aFrom + k] * b[bFrom + k];
        return (s0 + s1) + (s2 + s3);
    }
}
