package org.lambo.aed.online;

import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.lambo.aed.AedPolicy;
import org.lambo.aed.alef.AlefOptions;
import org.lambo.aed.alef.DecoderFineTuner;
import org.lambo.aed.alef.Demonstration;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.HasDecisionTrace;
import org.lambo.policy.LearnsOnline;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Stateless;
import org.lambo.rng.Seeds;

/**
 * The policy {@code aed} as the registry makes it: an {@link AedPolicy} that also {@link LearnsOnline}: a label is an
 * expert decision replayed as a {@link Demonstration}, a fine-tune is {@link DecoderFineTuner} over what offline ALEF
 * ({@code lambo finetune}) trains with its defaults: the decoder (encoder frozen) and, unless turned off, the slot term
 * W_s ({@link AlefOptions#DEFAULT_SLOT_FEATURES}); both make their fine-tuner with {@link DecoderFineTuner#forAlef} and
 * their examples with {@link Demonstration#alefLabel}. Each fine-tune is followed by {@link AedPolicy#swapDecoder} with
 * a fresh plain-Java snapshot (W_s with it), so the decisions never wait and a slot keeps the decoder it started with.
 * It lives above {@code aed} and {@code aed.alef} so that neither depends on the other's way round.
 */
public final class FineTunableAed implements OffloadingPolicy, HasDecisionTrace, LearnsOnline {
    private final AedPolicy aed;

    public FineTunableAed(AedPolicy aed) {
        if (aed == null) throw new IllegalArgumentException("the aed policy is missing");
        this.aed = aed;
    }

    /** The policy it extends. */
    public AedPolicy aed() {
        return aed;
    }

    @Override
    public String name() {
        return aed.name();
    }

    @Override
    public Decision decide(Instance instance, Prompt prompt) {
        return aed.decide(instance, prompt);
    }

    @Override
    public Traced decideTraced(Instance instance, Prompt prompt) {
        return aed.decideTraced(instance, prompt);
    }

    /** Its own capabilities, and the AED's {@link Stateless} when that has it (deciding does not fine-tune). */
    @Override
    public <C> java.util.Optional<C> capability(Class<C> type) {
        if (type == Stateless.class) return aed.capability(type);
        return OffloadingPolicy.super.capability(type);
    }

    /** A learner with offline ALEF's default of the slot term ({@link AlefOptions#DEFAULT_SLOT_FEATURES}). */
    @Override
    public Learner<Demonstration> onlineLearner(double learningRate, long seed) {
        return onlineLearner(learningRate, seed, AlefOptions.DEFAULT_SLOT_FEATURES);
    }

    /**
     * A learner that trains what {@code lambo finetune} trains with its defaults, at {@code learningRate}: the decoder,
     * and the slot term W_s when {@code slotFeatures}.
     */
    @Override
    public Learner<Demonstration> onlineLearner(double learningRate, long seed, boolean slotFeatures) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate))
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        AlefOptions opts = AlefOptions.builder()
                .learningRate(learningRate)
                .slotFeatures(slotFeatures)
                .build();
        return new DecoderLearner(opts, Seeds.stream(seed, "online-alef"));
    }

    @Override
    public void close() {
        aed.close();
    }

    /**
     * Demonstrations and fine-tunes of what {@code opts} trains (offline ALEF's defaults but for the learning rate and
     * the slot term); the fine-tuner (Adam's moments) is made on the first fine-tune's thread.
     */
    private final class DecoderLearner implements Learner<Demonstration> {
        private final AlefOptions opts;
        private final RandomGenerator rng;
        private DecoderFineTuner tuner;

        DecoderLearner(AlefOptions opts, RandomGenerator rng) {
            this.opts = opts;
            this.rng = rng;
        }

        @Override
        public Demonstration example(Instance slot, Prompt prompt, Decision expert) {
            return Demonstration.alefLabel(slot, prompt, expert, opts); // as offline ALEF (AlefShareFloorTest)
        }

        @Override
        public FineTuned fineTune(List<Demonstration> examples, int epochs) {
            if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            // PyTorch's grad mode is per thread and on in a new one; DJL turns it off only on the thread that
            // loads the engine. Adam's in-place updates need it off (GradientCollector turns it on while it records).
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
            if (tuner == null) tuner = DecoderFineTuner.forAlef(aed.model(), opts);
            double first = Double.NaN;
            double last = Double.NaN;
            for (int e = 0; e < epochs; e++) {
                last = tuner.epoch(examples, examples.size(), rng).total();
                if (e == 0) first = last;
            }
            aed.swapDecoder(aed.model().fastDecoder());
            return new FineTuned(first, last);
        }
    }
}
