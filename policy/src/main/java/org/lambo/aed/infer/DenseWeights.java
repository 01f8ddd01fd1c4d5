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
        applyInto(x, y);
        return y;
    }

    /**
     * W x + b into {@code y} [out]. Four rows at a time share each load of x and overlap sixteen running sums (the rows
     * left over one at a time); each row is summed exactly as {@link #dot} sums it (four partial sums, combined as (s0
     * + s1) + (s2 + s3), then the bias added), so every output has the same bits as one row at a time.
     */
    public void applyInto(double[] x, double[] y) {
        if (x.length < in) throw new IllegalArgumentException("input has " + x.length + " values, needs " + in);
        double[] w = weight;
        int o = 0;
        for (; o + 3 < out; o += 4) {
            int r0 = o * in;
            int r1 = r0 + in;
            int r2 = r1 + in;
            int r3 = r2 + in;
            double a0 = 0;
            double a1 = 0;
            double a2 = 0;
            double a3 = 0;
            double b0 = 0;
            double b1 = 0;
            double b2 = 0;
            double b3 = 0;
            double c0 = 0;
            double c1 = 0;
            double c2 = 0;
            double c3 = 0;
            double d0 = 0;
            double d1 = 0;
            double d2 = 0;
            double d3 = 0;
            int k = 0;
            for (; k + 3 < in; k += 4) {
                double x0 = x[k];
                double x1 = x[k + 1];
                double x2 = x[k + 2];
                double x3 = x[k + 3];
                a0 += w[r0 + k] * x0;
                a1 += w[r0 + k + 1] * x1;
                a2 += w[r0 + k + 2] * x2;
                a3 += w[r0 + k + 3] * x3;
                b0 += w[r1 + k] * x0;
                b1 += w[r1 + k + 1] * x1;
                b2 += w[r1 + k + 2] * x2;
                b3 += w[r1 + k + 3] * x3;
                c0 += w[r2 + k] * x0;
                c1 += w[r2 + k + 1] * x1;
                c2 += w[r2 + k + 2] * x2;
                c3 += w[r2 + k + 3] * x3;
                d0 += w[r3 + k] * x0;
                d1 += w[r3 + k + 1] * x1;
                d2 += w[r3 + k + 2] * x2;
                d3 += w[r3 + k + 3] * x3;
            }
            for (; k < in; k++) {
                a0 += w[r0 + k] * x[k];
                b0 += w[r1 + k] * x[k];
                c0 += w[r2 + k] * x[k];
                d0 += w[r3 + k] * x[k];
            }
            y[o] = bias[o] + ((a0 + a1) + (a2 + a3));
            y[o + 1] = bias[o + 1] + ((b0 + b1) + (b2 + b3));
            y[o + 2] = bias[o + 2] + ((c0 + c1) + (c2 + c3));
            y[o + 3] = bias[o + 3] + ((d0 + d1) + (d2 + d3));
        }
        for (; o < out; o++) y[o] = bias[o] + dot(w, o * in, x, in);
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
