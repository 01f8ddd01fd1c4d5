package org.lambo.aed.infer;

/**
 * Every weight of the decoder ({@link org.lambo.aed.model.AedDecoder}) as plain arrays: a snapshot taken after training
 * or loading, which {@link FastDecoder} runs without the engine.
 *
 * @param prompt prompt embeddings [P, d] row-major
 * @param bos the start token [d]
 * @param slotWeights the slot term's weights W_s [P, FS] row-major ({@link org.lambo.aed.features.SlotFeatures}); all
 *     zero in a model not fine-tuned with them
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
        FeedForwardWeights shareHead,
        float[] slotWeights) {
    /** What an infeasible option's logit is pushed down by, here and in the engine's decoder. */
    public static final float MASKED = 1e9f;

    /**
     * The gain G of the decoder's slot term, G C (prompt row W_s) . S (C the logit clip): Adam moves a weight by about
     * its learning rate a step whatever the gradient, so at a fine-tune's 3e-4 and a few hundred steps W_s alone would
     * stay within a few tenths of a logit; with G = 100 the term reaches the logits' scale (docs/ALEF.md, "Session 14":
     * G = 1 and 10 left the training-slot gap where it was, 100 lowered it).
     */
    public static final double SLOT_GAIN = 100;

    public DecoderWeights {
        int expected = org.lambo.aed.features.Features.PROMPTS * org.lambo.aed.features.SlotFeatures.WIDTH;
        if (slotWeights == null || slotWeights.length != expected)
            throw new IllegalArgumentException("decoder slot weights have "
                    + (slotWeights == null ? "no" : String.valueOf(slotWeights.length)) + " values, expected "
                    + expected);
    }

    /** Whether the slot term is on: some weight of W_s is not zero. */
    public boolean hasSlotTerm() {
        for (float x : slotWeights) if (x != 0) return true;
        return false;
    }
}
