package org.lambo.aed.infer;

/** Constants shared by the engine's decoder and this package's plain-Java one. */
final class AedDecoderConstants {
    /** What an infeasible option's logit is pushed down by (as {@code AedDecoder.MASKED}). */
    static final double MASKED = 1e9;

    private AedDecoderConstants() {}
}
