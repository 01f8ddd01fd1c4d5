package org.lambo.aed.infer;

/**
 * Every weight of the decoder ({@link org.lambo.aed.model.AedDecoder}) as plain arrays: a snapshot taken after training
 * or loading, which {@link FastDecoder} runs without the engine.
 *
 * @param prompt prompt embeddings [P, d] row-major
 * @param bos the start token [d]
 */
public record DecoderWeights(
        int d,
        double logitClip,
        FeedForwardWeights optionEmbed,
        DenseWeights context,
        float[] prompt,
        DenseWeights action,
        float[] bos,
        AttentionWeights selfAttention,
        NormWeights selfNorm,
        AttentionWeights crossAttention,
        NormWeights crossNorm,
        FeedForwardWeights feedForward,
        NormWeights feedForwardNorm,
        DenseWeights pointerQuery,
        DenseWeights pointerKey,
        FeedForwardWeights shareHead) {
    /** What an infeasible option's logit is pushed down by, here and in the engine's decoder. */
    public static final float MASKED = 1e9f;
}
