package org.lambo.policy;

import java.util.List;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;

/**
 * Capability: learns from an expert's labels of the slots it decided while it goes on deciding (online ALEF,
 * {@code lambo trial --online-alef}). Ask for it with {@code policy.capability(LearnsOnline.class)}.
 *
 * <p>The trial makes one {@link Learner} per run. Labels are turned into examples as they arrive
 * ({@link Learner#example}, on the caller's thread); batches of examples are trained on by {@link Learner#fineTune} on
 * one background thread, while the policy keeps deciding with what it had: a fine-tune's result takes effect atomically
 * when it returns, and a slot being decided keeps the state it started with.
 */
public interface LearnsOnline {
    /**
     * A learner for this policy.
     *
     * @param learningRate the optimiser's step size (&gt; 0)
     * @param seed the seed of its random stream (batch order)
     */
    Learner<?> onlineLearner(double learningRate, long seed);

    /**
     * A learner for this policy that trains its slot-level terms too when {@code slotFeatures} (the AED's slot term
     * W_s, as {@code lambo finetune --slot-features}; {@code lambo trial --no-alef-slot-features} turns it off). The
     * default is {@link #onlineLearner(double, long)}: a policy without such terms ignores the flag.
     *
     * @param learningRate the optimiser's step size (&gt; 0)
     * @param seed the seed of its random stream (batch order)
     * @param slotFeatures whether terms of features of the whole slot are trained too
     */
    default Learner<?> onlineLearner(double learningRate, long seed, boolean slotFeatures) {
        return onlineLearner(learningRate, seed);
    }

    /** Learns from labels; {@code E} is the policy's own form of a labelled example. */
    interface Learner<E> {
        /**
         * The expert's decision of a slot as a training example.
         *
         * @throws IllegalArgumentException when this label cannot be used (the message says why)
         */
        E example(Instance slot, Prompt prompt, Decision expert);

        /**
         * Trains on the examples for {@code epochs} passes, then switches the policy to the result. Called from one
         * thread at a time.
         *
         * @return the mean loss of the first pass and of the last
         */
        FineTuned fineTune(List<E> examples, int epochs);
    }

    /** One fine-tune's mean loss on its first pass and on its last. */
    record FineTuned(double lossBefore, double lossAfter) {}
}
