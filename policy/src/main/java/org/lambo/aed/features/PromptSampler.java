package org.lambo.aed.features;

import org.apache.commons.math3.random.RandomGenerator;
import org.lambo.mec.Prompt;

/**
 * Which prompt the k-th instance of a training batch is decided under: the hook for training one AED on every weight.
 * {@link #named()} is what {@code AcrlTrainer} does by default (min-latency and min-energy alternately);
 * {@link #weights(double)} draws weighted prompts too, so that the interpolated prompt embeddings
 * ({@link Features#promptOneHot}) are trained rather than only interpolated. The trainer draws its prompts through
 * {@code org.lambo.aed.train.TrainingPrompts} ({@code lambo train --prompts named|weights:K|W1,W2,...}), an
 * implementation of this interface.
 */
@FunctionalInterface
public interface PromptSampler {
    /** The prompt of the k-th instance of a batch (k = 0, 1, ...), drawn from {@code rng} if random. */
    Prompt next(int k, RandomGenerator rng);

    /** min-latency for even k, min-energy for odd k (draws nothing). */
    static PromptSampler named() {
        return (k, rng) -> Prompt.values()[k % 2];
    }

    /**
     * With probability {@code namedShare} a named prompt (alternately, as {@link #named()}), otherwise
     * {@code weighted:W} with W uniform on {0, 0.01, ..., 1} (two decimals, so ids stay short).
     */
    static PromptSampler weights(double namedShare) {
        if (!(namedShare >= 0 && namedShare <= 1))
            throw new IllegalArgumentException("namedShare must be in [0, 1], got " + namedShare);
        return (k, rng) ->
                rng.nextDouble() < namedShare ? Prompt.values()[k % 2] : Prompt.weighted(rng.nextInt(101) / 100.0);
    }
}
