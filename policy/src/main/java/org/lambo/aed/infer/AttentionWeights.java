package org.lambo.aed.infer;

/**
 * Multi-head attention weights, for one query at a time over keys and values that were projected once ({@link #keyOf},
 * {@link #valueOf}) and are kept by the caller in a {@link Cache}, as a decoder's cache.
 */
public record AttentionWeights(
        DenseWeights query, DenseWeights key, DenseWeights value, DenseWeights output, int heads) {
    public double[] keyOf(double[] x) {
        return key.apply(x);
    }

    public double[] valueOf(double[] x) {
        return value.apply(x);
    }

    /**
     * Projected keys and values, row after row in two flat arrays ([capacity][d] each): attending reads them front to
     * back once per step for all heads together, where a list of separate rows read once per head made every step's
     * pass over N rows h passes of scattered reads. Appending never copies once the capacity is reached. A cache that
     * is no longer appended to may be read by several decodings at once.
     */
    public static final class Cache {
        private final int d;
        private double[] keys;
        private double[] values;
        private int size;

        public Cache(int d, int capacity) {
            this.d = d;
            this.keys = new double[d * Math.max(1, capacity)];
            this.values = new double[d * Math.max(1, capacity)];
        }

        /** Appends a projected key and value, each [d]. */
        public void add(double[] key, double[] value) {
            if (key.length != d || value.length != d)
                throw new IllegalArgumentException(
                        "key and value must have width " + d + ", got " + key.length + " and " + value.length);
            if ((size + 1) * d > keys.length) {
                keys = java.util.Arrays.copyOf(keys, keys.length * 2);
                values = java.util.Arrays.copyOf(values, values.length * 2);
            }
            System.arraycopy(key, 0, keys, size * d, d);
            System.arraycopy(value, 0, values, size * d, d);
            size++;
        }

        public int size() {
            return size;
        }
    }

    /**
     * Attention of one query vector [d] over the cached projected keys and values; the result is [d]. Each score, each
     * softmax sum and each mixed component is summed in the same order as one head at a time over the rows would sum
     * it, so the result is the same to the last bit.
     *
     * @param scores scratch space of at least {@code heads x cache.size()} values, overwritten
     */
    public double[] attend(double[] x, Cache cache, double[] scores) {
        double[] q = query.apply(x);
        int d = q.length;
        if (cache.d != d) throw new IllegalArgumentException("cache has width " + cache.d + ", query " + d);
        int dk = d / heads;
        double scale = 1 / Math.sqrt(dk);
        int s = cache.size;
        if (scores.length < heads * s)
            throw new IllegalArgumentException("scratch has " + scores.length + " values, needs " + heads * s);
        double[] w = scores; // [heads][s]
        double[] keys = cache.keys;
        double[] values = cache.values;
        double[] max = new double[heads];
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int j = 0; j < s; j++) {
            int row = j * d;
            for (int h = 0; h < heads; h++) {
                int off = h * dk;
                double sc = DenseWeights.dot(q, off, keys, row + off, dk) * scale;
                w[h * s + j] = sc;
                max[h] = Math.max(max[h], sc);
            }
        }
        double[] sum = new double[heads];
        for (int h = 0; h < heads; h++) {
            int base = h * s;
            double mh = max[h];
            double sh = 0;
            for (int j = 0; j < s; j++) {
                double e = Math.exp(w[base + j] - mh);
                w[base + j] = e;
                sh += e;
            }
            sum[h] = sh;
        }
        double[] mixed = new double[d];
        for (int j = 0; j < s; j++) {
            int row = j * d;
            for (int h = 0; h < heads; h++) {
                int off = h * dk;
                double a = w[h * s + j] / sum[h];
                for (int c = 0; c < dk; c++) mixed[off + c] += a * values[row + off + c];
            }
        }
        return output.apply(mixed);
    }
}
