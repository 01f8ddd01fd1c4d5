package org.lambo.aed.alef;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
import org.lambo.scenario.DriftEvent;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;

/**
 * ALEF must not hurt a prompt it need not fix: an expert that, under min-latency, decides exactly as the pre-trained
 * model does (no gap to close there) and under min-energy exactly ({@code exhaustive}, a gap to close). The shared
 * decoder is trained on both prompts' labels; the selection keeps no weights that make min-latency's mean gap on its
 * labels worse.
 */
class AlefLeavesAPromptWithNoGapTest {
    private static final Scenario DRIFTING =
            ScenarioLoader.load("tiny").withDrift(List.of(new DriftEvent.ServerCapacity(2, 2, 0.5)));
    private static final int MODEL_SEED = 4;

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
        if (System.getProperty("ai.djl.pytorch.num_threads") == null)
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        model = AedModel.create(TestModels.tiny(), MODEL_SEED);
        pretrained = AedModel.create(TestModels.tiny(), MODEL_SEED); // the same weights, never trained
        pretrainedPolicy = new AedPolicy(pretrained, 1, true, 1);
        AlefOptions opts = AlefOptions.builder()
                .labels(40)
                .rounds(2)
                .pool(30)
                .heldOut(12)
                .worlds(2)
                .fromSlot(2)
                .epochs(12)
                .batch(8)
                .learningRate(2e-3)
                .seed(5)
                .expert("own-latency-exhaustive-energy")
                .reference("exhaustive")
                .build();
        try (OffloadingPolicy exhaustive = Policies.create("exhaustive", new PolicySettings(1, java.util.Map.of()))) {
            result = new AlefLoop(model, DRIFTING, opts)
                    .run(ProgressListener.NONE, null, new SplitExpert(pretrainedPolicy, exhaustive), exhaustive);
        }
    }

    @AfterAll
    static void close() {
        model.close();
        pretrainedPolicy.close();
    }

    @Test
    void thePromptWithNoGapIsNoWorseOnItsLabelledSlots() {
        List<Demonstration> latency = new ArrayList<>();
        for (Demonstration d : result.demonstrations()) if (d.prompt().equals(Prompt.MIN_LATENCY)) latency.add(d);
        assertThat(latency).hasSizeGreaterThanOrEqualTo(5);
        AedPolicy tuned = new AedPolicy(model, 1, true, 1); // not closed: that would close the model (AfterAll does)
        double gap = 0;
        for (Demonstration d : latency) {
            Instance inst = d.instance();
            double before = CostModel.evaluate(inst, d.expert()).objective(Prompt.MIN_LATENCY);
            double after = CostModel.evaluate(inst, tuned.decide(inst, Prompt.MIN_LATENCY))
                    .objective(Prompt.MIN_LATENCY);
            gap += (after - before) / before / latency.size();
        }
        // the selection bounds each prompt's mean labelled gap (single slots may trade against each other)
        assertThat(gap).isLessThanOrEqualTo(PromptwiseSelection.TOLERANCE);
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
