package org.lambo.aed.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.lambo.aed.infer.AttentionWeights;

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017) with an optional additive mask. Inputs: queries [B, T,
 * d], keys and values [B, S, d], and optionally a bias [T, S] (0 where a query may look, a large negative number where
 * it may not). Output [B, T, d].
 *
 * <p><b>Memory.</b> The scores are [B, h, T, S]: for a slot of N UEs, N^2 per head, and the engine keeps every
 * intermediate until the pass ends. An inference pass ({@code training} false) with more than {@link #CHUNK_PAIRS}
 * query-key pairs therefore attends a block of queries at a time (at most CHUNK_PAIRS / S queries), each block's
 * scores, softmax and weights in a sub-manager closed before the next block, so the pass holds one block's [B, h, rows,
 * S] instead of all of them: the same arithmetic row by row (softmax is per query), memory linear in N. Training
 * (gradients) keeps the full matrices.
 */
public final class MultiHeadAttention extends Composite {
    private final int d;
    private final int heads;
    private final Dense query;
    private final Dense key;
    private final Dense value;
    private final Dense output;
    /**
     * Query-key pairs per head above which an inference pass is chunked, and the most one chunk holds (2^18: e.g. 128
     * queries x 2,048 keys).
     */
    public static final long CHUNK_PAIRS = 1L << 18;

    public MultiHeadAttention(int d, int heads) {
        if (heads < 1 || d % heads != 0)
            throw new IllegalArgumentException("heads must divide d = " + d + ", got " + heads);
        this.d = d;
        this.heads = heads;
        this.query = addChildBlock("query", new Dense(d, d));
        this.key = addChildBlock("key", new Dense(d, d));
        this.value = addChildBlock("value", new Dense(d, d));
        this.output = addChildBlock("output", new Dense(d, d));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray q = inputs.get(0); // [B, T, d]
        NDArray kv = inputs.get(1); // [B, S, d]
        NDArray bias = inputs.size() > 2 ? inputs.get(2) : null; // [T, S] or none
        long b = q.getShape().get(0);
        long t = q.getShape().get(1);
        long s = kv.getShape().get(1);
        int dk = d / heads;
        NDArray qh = split(query.apply(ps, q, training), b, t, dk); // [B, h, T, dk]
        NDArray kh = split(key.apply(ps, kv, training), b, s, dk); // [B, h, S, dk]
        NDArray vh = split(value.apply(ps, kv, training), b, s, dk); // [B, h, S, dk]
        if (!training && t * s > CHUNK_PAIRS) {
            return new NDList(output.apply(
                    ps,
                    chunked(qh, kh, vh, bias, t, s, dk).transpose(0, 2, 1, 3).reshape(b, t, d),
                    training));
        }
        NDArray scores = Scalars.div(qh.matMul(kh.transpose(0, 1, 3, 2)), (float) Math.sqrt(dk)); // [B, h, T, S]
        if (bias != null) scores = scores.add(bias); // [B, h, T, S]
        NDArray attn = scores.softmax(-1); // [B, h, T, S]
        NDArray mixed = attn.matMul(vh) // [B, h, T, dk]
                .transpose(0, 2, 1, 3) // [B, T, h, dk]
                .reshape(b, t, d); // [B, T, d]
        return new NDList(output.apply(ps, mixed, training)); // [B, T, d]
    }

    /** softmax(q k^T / sqrt(dk) + bias) v, a block of at most CHUNK_PAIRS / S queries at a time: [B, h, T, dk]. */
    private static NDArray chunked(NDArray qh, NDArray kh, NDArray vh, NDArray bias, long t, long s, int dk) {
        NDManager outer = qh.getManager();
        long rows = Math.max(1, CHUNK_PAIRS / s);
        NDArray kt = kh.transpose(0, 1, 3, 2); // [B, h, dk, S]
        NDList parts = new NDList();
        for (long from = 0; from < t; from += rows) {
            long to = Math.min(t, from + rows);
            try (NDManager block = outer.newSubManager()) {
                NDArray qc = qh.get(new NDIndex(":, :, {}:{}", from, to)); // [B, h, c, dk]
                qc.attach(block); // every result below lives in block
                // not differentiated: chunking is for inference passes only
                NDArray scores = qc.matMul(kt).div((float) Math.sqrt(dk)); // [B, h, c, S]
                if (bias != null) {
                    NDArray bc = bias.get(new NDIndex("{}:{}", from, to)); // [c, S]
                    bc.attach(block);
                    scores = scores.add(bc);
                }
                NDArray mixed = scores.softmax(-1).matMul(vh); // [B, h, c, dk]
                mixed.attach(outer); // kept; the block's scores are freed
                parts.add(mixed);
            }
        }
        NDArray all = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 2); // [B, h, T, dk]
        if (parts.size() > 1) parts.close();
        kt.close();
        return all;
    }

    private NDArray split(NDArray x, long b, long len, int dk) {
        return x.reshape(b, len, heads, dk).transpose(0, 2, 1, 3); // [B, h, len, dk]
    }

    /** Attention of {@code q} over {@code kv}, with an optional bias (null for none). */
    public NDArray apply(ParameterStore ps, NDArray q, NDArray kv, NDArray bias, boolean training) {
        NDList in = bias == null ? new NDList(q, kv) : new NDList(q, kv, bias);
        return forward(ps, in, training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    public AttentionWeights snapshot() {
        return new AttentionWeights(query.snapshot(), key.snapshot(), value.snapshot(), output.snapshot(), heads);
    }
}
