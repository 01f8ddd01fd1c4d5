package org.lambo.aed.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
import org.lambo.aed.AedPolicy;
import org.lambo.aed.TestModels;
import org.lambo.aed.alef.AlefOptions;
import org.lambo.aed.alef.DecoderFineTuner;
import org.lambo.aed.alef.Demonstration;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.LearnsOnline;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.rng.Seeds;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/**
 * Online ALEF's learner trains what offline ALEF ({@code lambo finetune}) trains with its defaults: the decoder and the
 * slot term W_s, unless the slot features are turned off.
 */
class FineTunableAedTest {
    static {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null)
            System.setProperty("ai.djl.pytorch.num_threads", "1");
    }

    private static final double LEARNING_RATE = 1e-2;
    private static final long SEED = 5;
    private static final int EPOCHS = 3;

    /** Exhaustive labels of tiny slots under both prompts (the slot term of each prompt has labels to learn from). */
    private static List<Object[]> labels() {
        World world = new World(ScenarioLoader.load("tiny"), 99);
        List<Object[]> out = new ArrayList<>();
        try (OffloadingPolicy exhaustive = Policies.create("exhaustive", PolicySettings.ofSeed(1))) {
            for (int s = 0; s < 6; s++) {
                Instance inst = world.next();
                for (Prompt p : Prompt.values()) out.add(new Object[] {inst, p, exhaustive.decide(inst, p)});
            }
        }
        return out;
    }

    private static FineTunableAed tinyAed() {
        return new FineTunableAed(new AedPolicy(AedModel.create(TestModels.tiny(), 7), 1, true, 3));
    }

    /** The parameters of the model, the slot term's last, as offline ALEF with the slot term trains them. */
    private static float[][] weights(AedModel model) {
        var params = DecoderFineTuner.trainable(model, DecoderFineTuner.Scope.DECODER, true);
        float[][] out = new float[params.size()][];
        for (int k = 0; k < out.length; k++)
            out[k] = params.get(k).getValue().getArray().toFloatArray();
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void fineTuneOnline(FineTunableAed aed, List<Object[]> labels, boolean slotFeatures) {
        LearnsOnline.Learner<Demonstration> learner =
                (LearnsOnline.Learner<Demonstration>) aed.onlineLearner(LEARNING_RATE, SEED, slotFeatures);
        List<Demonstration> examples = new ArrayList<>();
        for (Object[] l : labels) examples.add(learner.example((Instance) l[0], (Prompt) l[1], (Decision) l[2]));
        learner.fineTune(examples, EPOCHS);
    }

    @Test
    void anOnlineFineTuneTrainsTheSlotTermByDefaultAsTheOfflineFineTuneDoesOnTheSameLabelsAndSeed() {
        List<Object[]> labels = labels();
        try (FineTunableAed online = tinyAed();
                AedModel offline = AedModel.create(TestModels.tiny(), 7)) {
            assertThat(online.aed().model().hasSlotTerm()).isFalse();
            @SuppressWarnings("unchecked")
            LearnsOnline.Learner<Demonstration> byDefault =
                    (LearnsOnline.Learner<Demonstration>) online.onlineLearner(LEARNING_RATE, SEED);
            List<Demonstration> examples = new ArrayList<>();
            for (Object[] l : labels) examples.add(byDefault.example((Instance) l[0], (Prompt) l[1], (Decision) l[2]));
            byDefault.fineTune(examples, EPOCHS);
            assertThat(online.aed().model().hasSlotTerm())
                    .as("W_s trained online")
                    .isTrue();

            // offline ALEF's fine-tuner with its defaults (the learning rate aside), on the same labels, one batch of
            // all of them per pass in the learner's order
            AlefOptions opts = AlefOptions.builder().learningRate(LEARNING_RATE).build();
            assertThat(opts.slotFeatures())
                    .isEqualTo(AlefOptions.DEFAULT_SLOT_FEATURES)
                    .isTrue();
            DecoderFineTuner tuner = DecoderFineTuner.forAlef(offline, opts);
            List<Demonstration> demos = new ArrayList<>();
            for (Object[] l : labels)
                demos.add(Demonstration.alefLabel((Instance) l[0], (Prompt) l[1], (Decision) l[2], opts));
            var rng = Seeds.stream(SEED, "online-alef");
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
            for (int e = 0; e < EPOCHS; e++) tuner.epoch(demos, demos.size(), rng);

            float[][] on = weights(online.aed().model());
            float[][] off = weights(offline);
            assertThat(on.length).isEqualTo(off.length);
            for (int k = 0; k < on.length; k++)
                assertThat(on[k]).as("parameter %d", k).containsExactly(off[k]);
        }
    }

    @Test
    void withoutTheSlotFeaturesAnOnlineFineTuneLeavesTheSlotTermAsTheCheckpointHoldsIt() {
        List<Object[]> labels = labels();
        try (FineTunableAed without = tinyAed();
                FineTunableAed with = tinyAed()) {
            float[] decoderBefore = weights(without.aed().model())[0];
            fineTuneOnline(without, labels, false);
            fineTuneOnline(with, labels, true);
            assertThat(without.aed().model().slotWeights()).containsOnly(0f);
            assertThat(weights(without.aed().model())[0])
                    .as("the decoder is trained")
                    .isNotEqualTo(decoderBefore);
            assertThat(with.aed().model().hasSlotTerm()).isTrue();
        }
    }
}
