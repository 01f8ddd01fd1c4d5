package org.lambo.aed.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One encoder layer, pre-normalised (Xiong et al. 2020): x + MHA(LN(x)), then x + FFN(LN(x)). [B, N, d] -> [B, N, d];
 * every UE attends to every UE.
 */
public final class EncoderLayer extends Composite {
    private final Norm attentionNorm;
    private final MultiHeadAttention attention;
    private final Norm feedForwardNorm;
    private final FeedForward feedForward;

    public EncoderLayer(int d, int heads, int ffHidden) {
        this.attentionNorm = addChildBlock("attentionNorm", new Norm(d));
        this.attention = addChildBlock("attention", new MultiHeadAttention(d, heads));
        this.feedForwardNorm = addChildBlock("feedForwardNorm", new Norm(d));
        this.feedForward = addChildBlock("feedForward", new FeedForward(d, ffHidden, d));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow(); // [B, N, d]
        NDArray a = attentionNorm.apply(ps, x, training); // [B, N, d]
        x = x.add(attention.apply(ps, a, a, null, training)); // [B, N, d]
        NDArray f = feedForwardNorm.apply(ps, x, training); // [B, N, d]
        return new NDList(x.add(feedForward.apply(ps, f, training))); // [B, N, d]
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
