package org.lambo.aed.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.aed.AedModel;
import org.lambo.aed.AedPolicy;
import org.lambo.aed.TestModels;
import org.lambo.mec.CostModel;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.rng.Seeds;
import org.lambo.run.ProgressListener;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/** Training over sampled weights ({@code --prompts weights:K} or a list): the sampler's prompts reach the trainer. */
class WeightedPromptTrainingTest {
    private static final Scenario SMALL = ScenarioLoader.load("small");

    private static TrainOptions.Builder options(String prompts) {
        return TrainOptions.builder()
                .batch(8)
                .seed(3)
                .learningRate(1e-3)
                .validationSize(2)
                .evalEvery(2)
                .checkpointEvery(2)
                .layoutEvery(3)
                .prompts(TrainingPrompts.parse(prompts));
    }

    private static List<Prompt> promptsOfSteps(AcrlTrainer t, int steps) {
        List<Prompt> out = new ArrayList<>();
        for (int s = 0; s < steps; s++) out.addAll(t.batch(s).prompts());
        return out;
    }

    @Test
    void theBatchesDrawEveryWeightOfTheGridUniformlyAndTheSameForTheSameSeed() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 1)) {
            AcrlTrainer trainer =
                    new AcrlTrainer(model, SMALL, options("weights:5").build());
            List<Prompt> drawn = promptsOfSteps(trainer, 200); // 1,600 prompts
            Map<Double, Integer> counts = new TreeMap<>();
            for (Prompt p : drawn) {
                assertThat(p.weighted()).as("%s", p).isTrue();
                counts.merge(p.latencyWeight(), 1, Integer::sum);
            }
            assertThat(counts.keySet()).containsExactly(0.0, 0.25, 0.5, 0.75, 1.0);
            double expected = drawn.size() / 5.0;
            double chi2 = 0;
            for (int c : counts.values()) chi2 += (c - expected) * (c - expected) / expected;
            // 4 degrees of freedom: P(chi2 > 18.47) = 0.001 for a uniform draw
            assertThat(chi2).as("chi-square of %s", counts).isLessThan(18.47);

            // deterministic for a seed, whatever was drawn before; another seed draws other weights
            AcrlTrainer again =
                    new AcrlTrainer(model, SMALL, options("weights:5").build());
            again.batch(7);
            assertThat(promptsOfSteps(again, 200)).isEqualTo(drawn);
            AcrlTrainer other =
                    new AcrlTrainer(model, SMALL, options("weights:5").seed(4).build());
            assertThat(promptsOfSteps(other, 200)).isNotEqualTo(drawn);
            // the slots are those of the named run: the prompts come from a stream of their own
            AcrlTrainer named = new AcrlTrainer(model, SMALL, options("named").build());
            for (int s = 0; s < 5; s++) {
                List<Instance> a = trainer.batch(s).instances();
                List<Instance> b = named.batch(s).instances();
                for (int k = 0; k < a.size(); k++)
                    assertThat(a.get(k).toString() + a.get(k).ue(0))
                            .isEqualTo(b.get(k).toString() + b.get(k).ue(0));
            }
        }
    }

    @Test
    void aListOfWeightsDrawsOnlyThoseAndTheRewardsAreTheWeightedObjective() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 2)) {
            AcrlTrainer trainer =
                    new AcrlTrainer(model, SMALL, options("0.3,0.7").samples(2).build());
            List<Prompt> drawn = promptsOfSteps(trainer, 20);
            assertThat(drawn).containsOnly(Prompt.weighted(0.3), Prompt.weighted(0.7));
            assertThat(drawn).contains(Prompt.weighted(0.3), Prompt.weighted(0.7));

            AcrlTrainer.Batch b = trainer.batch(0);
            AcrlTrainer.Rollouts r = trainer.rollout(b, Seeds.stream(2, "t"));
            for (int k = 0; k < r.instances().size(); k++) {
                Prompt p = r.prompts().get(k);
                assertThat(p).isEqualTo(b.prompts().get(k / 2));
                Instance inst = r.instances().get(k);
                // weighted:w is normalised by the all-local totals, so all-local costs 1 and R = -J
                double cost = CostModel.evaluate(
                                inst,
                                AedPolicy.reoptimised(
                                        inst, r.trajectories().get(k).decision()))
                        .objective(p);
                assertThat(r.optionReward()[k]).isCloseTo(-cost, within(1e-12));
            }
            // the update runs on weighted rollouts and moves the weights
            AcrlTrainer.StepStats s = trainer.update(r);
            assertThat(s.loss()).isFinite();
            assertThat(s.gradNorm()).isPositive();
        }
    }

    @Test
    void theTrainingCostAtAnEndCountsTheWeightedPromptOfThatWeight() {
        Instance inst = new World(SMALL, 5).next();
        AcrlTrainer.Rollouts r = new AcrlTrainer.Rollouts(
                List.of(inst, inst, inst),
                List.of(Prompt.weighted(1), Prompt.MIN_LATENCY, Prompt.weighted(0.5)),
                List.of(),
                new double[] {-0.2, -0.4, -0.9},
                new double[3],
                1);
        assertThat(r.meanCost(Prompt.MIN_LATENCY)).isCloseTo(0.3, within(1e-12));
        assertThat(r.meanCost(Prompt.MIN_ENERGY)).isNaN();
        assertThat(r.meanCost(Prompt.weighted(0.5))).isCloseTo(0.9, within(1e-12));
    }

    @Test
    void aWeightedRunIsValidatedAtTheMiddleWeightTooANamedRunAsBefore(@TempDir Path weighted, @TempDir Path named)
            throws Exception {
        try (AedModel a = AedModel.create(TestModels.tiny(), 9)) {
            AcrlTrainer t =
                    new AcrlTrainer(a, SMALL, options("weights:3").steps(4).build());
            LearningCurve curve = t.train(weighted, 0, ProgressListener.NONE, null);
            // validated on steps 2 and 4 (evalEvery 2), under weighted:0.5 as under both named prompts
            assertThat(curve.rows())
                    .extracting(LearningCurve.Row::valGapMid)
                    .satisfiesExactly(
                            g -> assertThat(g).isNaN(),
                            g -> assertThat(g).isFinite(),
                            g -> assertThat(g).isNaN(),
                            g -> assertThat(g).isFinite());
            LearningCurve.Row last = curve.rows().get(3);
            AcrlTrainer.Validation again = t.validate(); // the weights of step 4
            assertThat(again.gapMid()).isEqualTo(last.valGapMid());
            assertThat(again.gapMid()).isNotEqualTo(again.gapLatency()).isNotEqualTo(again.gapEnergy());
            List<String> csv = java.nio.file.Files.readAllLines(weighted.resolve("learning-curve.csv"));
            assertThat(csv.get(0)).isEqualTo(LearningCurve.HEADER + "," + LearningCurve.MID_COLUMN);
            assertThat(LearningCurve.read(weighted.resolve("learning-curve.csv"), 4)
                            .rows())
                    .extracting(LearningCurve.Row::valGapMid)
                    .element(3)
                    .satisfies(g -> assertThat(g).isCloseTo(last.valGapMid(), within(1e-6)));
        }
        try (AedModel b = AedModel.create(TestModels.tiny(), 9)) {
            AcrlTrainer t = new AcrlTrainer(b, SMALL, options("named").steps(2).build());
            LearningCurve curve = t.train(named, 0, ProgressListener.NONE, null);
            assertThat(curve.rows()).extracting(LearningCurve.Row::valGapMid).allMatch(g -> Double.isNaN(g));
            assertThat(t.validate().gapMid()).isNaN();
            assertThat(java.nio.file.Files.readAllLines(named.resolve("learning-curve.csv"))
                            .get(0))
                    .isEqualTo(LearningCurve.HEADER);
        }
    }

    @Test
    void aResumedWeightedRunContinuesLikeAnUninterruptedOne(@TempDir Path straight, @TempDir Path split)
            throws Exception {
        Instance probe = new World(SMALL, 78).next();
        Prompt mid = Prompt.weighted(0.5);
        try (AedModel a = AedModel.create(TestModels.tiny(), 9)) {
            LearningCurve whole = new AcrlTrainer(
                            a, SMALL, options("weights:3").steps(4).build())
                    .train(straight, 0, ProgressListener.NONE, null);
            try (AedModel b = AedModel.create(TestModels.tiny(), 9)) {
                new AcrlTrainer(b, SMALL, options("weights:3").steps(2).build())
                        .train(split, 0, ProgressListener.NONE, null);
            }
            Path ckpt = split.resolve(AcrlTrainer.CHECKPOINT);
            assertThat(AedModel.readMeta(ckpt).path("training").path("prompts").asText())
                    .isEqualTo("weights:3");
            try (AedModel c = AedModel.load(ckpt)) {
                AcrlTrainer t =
                        new AcrlTrainer(c, SMALL, options("weights:3").steps(4).build());
                t.resumeOptimizer(ckpt);
                LearningCurve curve =
                        t.train(split, AedModel.readMeta(ckpt).get("step").asLong(), ProgressListener.NONE, null);
                assertThat(curve.rows()).extracting(LearningCurve.Row::step).containsExactly(1L, 2L, 3L, 4L);
                for (int k = 2; k < 4; k++) {
                    LearningCurve.Row x = whole.rows().get(k);
                    LearningCurve.Row y = curve.rows().get(k);
                    assertThat(y.loss()).as("loss at step %d", y.step()).isCloseTo(x.loss(), within(1e-3));
                    if (!Double.isNaN(x.costLatency()))
                        assertThat(y.costLatency()).isCloseTo(x.costLatency(), within(1e-5));
                    else assertThat(y.costLatency()).isNaN();
                }
                float[][][] ha = a.encode(List.of(probe), List.of(mid));
                float[][][] hc = c.encode(List.of(probe), List.of(mid));
                for (int i = 0; i < probe.n(); i++) assertThat(hc[0][i]).containsExactly(ha[0][i], within(1e-4f));
            }
        }
    }

    @Test
    void theNamedPromptsAreTheDefaultAndAlternateWithoutDrawing() {
        TrainingPrompts named = TrainOptions.builder().build().prompts();
        assertThat(named).isSameAs(TrainingPrompts.NAMED);
        assertThat(named.named()).isTrue();
        // draws nothing: a generator that fails when asked
        org.apache.commons.math3.random.RandomGenerator none =
                new org.apache.commons.math3.random.AbstractRandomGenerator() {
                    @Override
                    public void setSeed(long seed) {}

                    @Override
                    public double nextDouble() {
                        throw new AssertionError("named prompts draw nothing");
                    }
                };
        for (int k = 0; k < 6; k++) assertThat(named.next(k, none)).isEqualTo(Prompt.values()[k % 2]);
    }

    @Test
    void promptSpecificationsAreReadAndBadOnesNamed() {
        assertThat(TrainingPrompts.parse("weights:11").support())
                .extracting(Prompt::id)
                .containsExactly(
                        "weighted:0",
                        "weighted:0.1",
                        "weighted:0.2",
                        "weighted:0.3",
                        "weighted:0.4",
                        "weighted:0.5",
                        "weighted:0.6",
                        "weighted:0.7",
                        "weighted:0.8",
                        "weighted:0.9",
                        "weighted:1");
        assertThat(TrainingPrompts.parse(" Weights:2 ").id()).isEqualTo("weights:2");
        TrainingPrompts list = TrainingPrompts.parse("0.7, 0.3,1");
        assertThat(list.id()).isEqualTo("0.3,0.7,1");
        assertThat(list.named()).isFalse();
        assertThat(TrainingPrompts.parse(list.id())).isEqualTo(list);
        for (String bad : List.of("weights:1", "weights:102", "weights:x", "0.3,1.5", "0.3,0.3", "0.3,,1", "", "both"))
            assertThatThrownBy(() -> TrainingPrompts.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad.isEmpty() ? "''" : bad.split(",")[0].trim());
        assertThatThrownBy(() -> TrainingPrompts.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
