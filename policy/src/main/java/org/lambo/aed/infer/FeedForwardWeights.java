package org.lambo.aed.infer;

/** Dense, ReLU, Dense. */
public record FeedForwardWeights(DenseWeights first, DenseWeights second) {
    public double[] apply(double[] x) {
        double[] h = first.apply(x);
        for (int k = 0; k < h.length; k++) h[k] = Math.max(0, h[k]);
        return second.apply(h);
    }

    /** The hidden layer alone, ReLU(W1 x + b1). */
    public double[] hidden(float[] x) {
        double[] h = first.apply(x);
        for (int k = 0; k < h.length; k++) h[k] = Math.max(0, h[k]);
        return h;
    }
}
