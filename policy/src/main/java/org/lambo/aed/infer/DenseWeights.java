package org.lambo.aed.infer;

/**
 * The weights of a dense layer as plain arrays: y = W x + b, W [out, in] row-major. The CPU inference
 * path computes in double over these float weights.
 */
public record DenseWeights(float[] weight, float[] bias, int in, int out) {
    public DenseWeights {
        if (weight.length != in * out) throw new IllegalArgumentException("dense weight has " + weight.length + " values, expected " + in + " x " + out);
        if (bias.length != out) throw new IllegalArgumentException("dense bias has " + bias.length + " values, expected " + out);
    }

    /** W x + b. [in] -> [out] */
    public double[] apply(double[] x) {
        return apply(x, 0);
    }

    /** W x[from .. from + in) + b. */
    public double[] apply(double[] x, int from) {
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double s = bias[o];
            int row = o * in;
            for (int k = 0; k < in; k++) s += weight[row + k] * x[from + k];
            y[o] = s;
        }
        return y;
    }

    /** W x + b for a float input. */
    public double[] apply(float[] x) {
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double s = bias[o];
            int row = o * in;
            for (int k = 0; k < in; k++) s += weight[row + k] * x[k];
            y[o] = s;
        }
        return y;
    }
}
