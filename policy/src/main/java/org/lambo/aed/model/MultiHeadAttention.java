package org.lambo.aed.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.lambo.aed.infer.AttentionWeights;

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017) with an optional additive mask.
 * Inputs: queries [B, T, d], keys and values [B, S, d], and optionally a bias [T, S] (0 where a query
 * may look, a large negative number where it may not). Output [B, T, d].
 */
public final class MultiHeadAttention extends Composite {
    private final int d;
    private final int heads;
    private final Dense query;
    private final Dense key;
    private final Dense value;
    private final Dense output;

    public MultiHeadAttention(int d, int heads) {
        if (heads < 1 || d % heads != 0) throw new IllegalArgumentException("heads must divide d = " + d + ", got " + heads);
        this.d = d;
        this.heads = heads;
        this.query = addChildBlock("query", new Dense(d, d));
        this.key = addChildBlock("key", new Dense(d, d));
        this.value = addChildBlock("value", new Dense(d, d));
        this.output = addChildBlock("output", new Dense(d, d));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray q = inputs.get(0);                                                     // [B, T, d]
        NDArray kv = inputs.get(1);                                                    // [B, S, d]
        NDArray bias = inputs.size() > 2 ? inputs.get(2) : null;                       // [T, S] or none
        long b = q.getShape().get(0);
        long t = q.getShape().get(1);
        long s = kv.getShape().get(1);
        int dk = d / heads;
        NDArray qh = split(query.apply(ps, q, training), b, t, dk);                    // [B, h, T, dk]
        NDArray kh = split(key.apply(ps, kv, training), b, s, dk);                     // [B, h, S, dk]
        NDArray vh = split(value.apply(ps, kv, training), b, s, dk);                   // [B, h, S, dk]
        NDArray scores = qh.matMul(kh.transpose(0, 1, 3, 2)).div((float) Math.sqrt(dk));      // [B, h, T, S]
        if (bias != null) scores = scores.add(bias);                                   // [B, h, T, S]
        NDArray attn = scores.softmax(-1);                                             // [B, h, T, S]
        NDArray mixed = attn.matMul(vh)                                                // [B, h, T, dk]
                .transpose(0, 2, 1, 3)                                                 // [B, T, h, dk]
                .reshape(b, t, d);                                                     // [B, T, d]
        return new NDList(output.apply(ps, mixed, training));                          // [B, T, d]
    }

    private NDArray split(NDArray x, long b, long len, int dk) {
        return x.reshape(b, len, heads, dk).transpose(0, 2, 1, 3);                    // [B, h, len, dk]
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
