package org.lambo.aed.alef;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
import org.lambo.aed.AedPolicy;
import org.lambo.aed.TestModels;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.run.ProgressListener;

/**
 * ALEF must not hurt a prompt it need not fix: an expert that, under min-latency, decides exactly as the pre-trained
 * model does (no gap to close there) and under min-energy exactly ({@code exhaustive}, a gap to close). The shared
 * decoder is trained on both prompts' labels; the selection keeps no weights that make min-latency's mean gap on the
 * validation slots (labelled by the same expert, never trained on) worse.
 */
class AlefLeavesAPromptWithNoGapTest {
    private static AedModel model;
    private static AedModel pretrained;
    private static AedPolicy pretrainedPolicy;
    private static AlefLoop.Result result;

    /** min-latency: the pre-trained model's own decisions; min-energy: exhaustive. */
    private record SplitExpert(OffloadingPolicy latency, OffloadingPolicy energy) implements OffloadingPolicy {
        @Override
        public String name() {
            return "own-latency-exhaustive-energy";
        }

        @Override
        public Decision decide(Instance instance, Prompt prompt) {
            return (prompt.equals(Prompt.MIN_LATENCY) ? latency : energy).decide(instance, prompt);
        }
    }

    @BeforeAll
    static void fineTune() {
        TinyDrift.oneEngineThread();
        model = AedModel.create(TestModels.tiny(), TinyDrift.MODEL_SEED);
        pretrained = AedModel.create(TestModels.tiny(), TinyDrift.MODEL_SEED); // the same weights, never trained
        pretrainedPolicy = new AedPolicy(pretrained, 1, true, 1);
        AlefOptions opts = TinyDrift.options()
                .expert("own-latency-exhaustive-energy")
                .reference("exhaustive")
                .build();
        try (OffloadingPolicy exhaustive = Policies.create("exhaustive", new PolicySettings(1, java.util.Map.of()))) {
            result = new AlefLoop(model, TinyDrift.DRIFTING, opts)
                    .run(ProgressListener.NONE, null, new SplitExpert(pretrainedPolicy, exhaustive), exhaustive);
        }
    }

    @AfterAll
    static void close() {
        model.close();
        pretrainedPolicy.close();
    }

    @Test
    void thePromptWithNoGapIsNoWorseOnTheValidationSlots() {
        assertThat(result.validation()).hasSize(4);
        AedPolicy tuned = new AedPolicy(model, 1, true, 1); // not closed: that would close the model (AfterAll does)
        double gap = 0;
        for (Instance inst : result.validation()) {
            // the expert's min-latency decision is the pre-trained model's own
            double before = CostModel.evaluate(inst, pretrainedPolicy.decide(inst, Prompt.MIN_LATENCY))
                    .objective(Prompt.MIN_LATENCY);
            double after = CostModel.evaluate(inst, tuned.decide(inst, Prompt.MIN_LATENCY))
                    .objective(Prompt.MIN_LATENCY);
            gap += (after - before) / before / result.validation().size();
        }
        // the selection bounds each prompt's mean validation gap (single slots may trade against each other)
        assertThat(gap).isLessThanOrEqualTo(PromptwiseSelection.TOLERANCE);
        // and the decoder was trained on min-latency labels too: the bound is the selection's doing
        assertThat(result.demonstrations()).anyMatch(d -> d.prompt().equals(Prompt.MIN_LATENCY));
    }

    @Test
    void theOtherPromptIsStillFineTunedTowardsItsExpert() {
        AlefCurve.Row start = result.curve().first();
        AlefCurve.Row end = result.curve().last();
        assertThat(start.gap(Prompt.MIN_ENERGY)).isPositive();
        assertThat(end.gap(Prompt.MIN_ENERGY)).isLessThan(start.gap(Prompt.MIN_ENERGY));
        assertThat(result.summary().keptRounds()).isLessThan(result.summary().rounds());
    }
}
