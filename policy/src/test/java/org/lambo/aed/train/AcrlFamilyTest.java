package org.lambo.aed.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
import org.lambo.aed.TestModels;
import org.lambo.mec.Instance;
import org.lambo.rng.Seeds;
import org.lambo.scenario.FamilyLoader;
import org.lambo.scenario.ScenarioFamily;

/** ACRL over a scenario family (slots of many sizes in one step), the greedy baseline and the share term's weight. */
class AcrlFamilyTest {
    private static final ScenarioFamily FAMILY = FamilyLoader.loadFamily("family-small");

    private static TrainOptions.Builder options() {
        return TrainOptions.builder()
                .batch(8)
                .seed(3)
                .learningRate(1e-3)
                .validationSize(3)
                .evalEvery(2)
                .checkpointEvery(2)
                .layoutEvery(1)
                .samples(2);
    }

    @Test
    void aStepOverAFamilyMixesSizesAndStillUpdatesEveryActorPart() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 1)) {
            AcrlTrainer trainer = new AcrlTrainer(model, FAMILY, options().build());
            Set<String> sizes = new HashSet<>();
            for (int step = 0; step < 3; step++) {
                for (Instance i : trainer.batch(step).instances()) sizes.add(i.n() + "x" + i.m());
            }
            assertThat(sizes).hasSizeGreaterThan(3);
            AcrlTrainer.Rollouts r = trainer.rollout(trainer.batch(0), Seeds.stream(1, "t"));
            assertThat(r.instances().stream()
                            .map(i -> i.n() + "x" + i.m())
                            .distinct()
                            .count())
                    .isGreaterThan(1);
            Map<String, float[]> before = weights(model);
            AcrlTrainer.StepStats s = trainer.update(r);
            // the garbage first gradient once seen here came from a scalar freed before backward (model.Scalars)
            assertThat(trainer.skippedSteps())
                    .as("first skip: " + trainer.firstSkip())
                    .isZero();
            assertThat(s.loss()).isFinite();
            assertThat(s.gradNorm()).isBetween(1e-9, Adam.GARBAGE_NORM);
            Map<String, float[]> after = weights(model);
            assertThat(changed(before, after, "encoder")).isTrue();
            assertThat(changed(before, after, "shareHead")).isTrue();
            AcrlTrainer.Validation v = trainer.validate();
            assertThat(v.gapLatency()).isFinite();
        }
    }

    @Test
    void theGreedyBaselineIsThePoliciesOwnGreedyDecoding() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 1)) {
            TrainOptions opts = options()
                    .baseline(TrainOptions.Baseline.GREEDY)
                    .normalisation(TrainOptions.Normalisation.NONE)
                    .build();
            AcrlTrainer trainer = new AcrlTrainer(model, FAMILY, opts);
            AcrlTrainer.Rollouts r = trainer.rollout(trainer.batch(0), Seeds.stream(1, "t"));
            double[][] a = trainer.advantages(r);
            for (int k = 0; k < r.optionReward().length; k++) {
                assertThat(r.greedyOptionReward()[k]).isNegative();
                assertThat(a[0][k])
                        .isCloseTo(
                                r.optionReward()[k] - r.greedyOptionReward()[k],
                                org.assertj.core.data.Offset.offset(1e-12));
                // the samples of one slot and prompt share one greedy decoding
                if (k % 2 == 1) assertThat(r.greedyOptionReward()[k]).isEqualTo(r.greedyOptionReward()[k - 1]);
            }
            TrainOptions rel = options()
                    .baseline(TrainOptions.Baseline.GREEDY)
                    .normalisation(TrainOptions.Normalisation.INSTANCE)
                    .build();
            double[][] b = new AcrlTrainer(model, FAMILY, rel).advantages(r);
            // per instance: relative to the baseline's own cost, then one batch-wide scale: signs and order kept
            for (int k = 0; k < a[0].length; k++)
                assertThat(Math.signum(b[0][k])).isEqualTo(Math.signum(a[0][k]));
        }
    }

    @Test
    void withShareWeightZeroAcrlLeavesTheShareHeadAlone() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 1)) {
            AcrlTrainer trainer =
                    new AcrlTrainer(model, FAMILY, options().shareWeight(0).build());
            AcrlTrainer.Rollouts r = trainer.rollout(trainer.batch(0), Seeds.stream(1, "t"));
            Map<String, float[]> before = weights(model);
            trainer.update(r);
            Map<String, float[]> after = weights(model);
            assertThat(changed(before, after, "shareHead")).isFalse();
            assertThat(changed(before, after, "pointerQuery")).isTrue();
        }
    }

    @Test
    void theShareReservationIsAFractionAndCountsOffloadedUes() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 1)) {
            java.util.List<Instance> slots = ShareReservation.validationSlots(FAMILY, 1, 3);
            assertThat(slots).hasSize(3);
            for (org.lambo.mec.Prompt p : org.lambo.mec.Prompt.values()) {
                ShareReservation.Reservation r = ShareReservation.measure(model, slots, p);
                assertThat(r.fraction()).isBetween(0.0, 1.0);
                assertThat(r.offloadedPerSlot()).isBetween(0.0, (double)
                        slots.stream().mapToInt(Instance::n).max().getAsInt());
            }
        }
    }

    @Test
    void adamSkipsAGarbageGradientAndTakesTheNextOne() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 1)) {
            Adam adam = new Adam(model.manager(), model.network().getParameters(), 1e-3, 1.0);
            Map<String, float[]> before = weights(model);
            for (float scale : new float[] {1e9f, 1f}) {
                try (ai.djl.ndarray.NDManager sub = model.manager().newSubManager();
                        ai.djl.training.GradientCollector gc =
                                ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                    NDArray loss = null;
                    for (Pair<String, Parameter> p : model.network().getParameters()) {
                        NDArray term = org.lambo.aed.model.Scalars.mul(
                                p.getValue().getArray().sum(), scale);
                        loss = loss == null ? term : loss.add(term);
                    }
                    gc.backward(loss);
                }
                double norm = adam.step();
                if (scale > 1) {
                    assertThat(norm).isGreaterThan(Adam.GARBAGE_NORM);
                    assertThat(adam.steps()).isZero();
                    assertThat(weights(model))
                            .allSatisfy((k, v) -> assertThat(v).isEqualTo(before.get(k)));
                } else {
                    assertThat(norm).isBetween(1.0, Adam.GARBAGE_NORM);
                    assertThat(adam.steps()).isEqualTo(1);
                    assertThat(changed(before, weights(model), "encoder")).isTrue();
                }
            }
        }
    }

    @Test
    void theSharedBaselineNeedsTwoSamples() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainOptions.builder()
                        .samples(1)
                        .baseline(TrainOptions.Baseline.SHARED)
                        .build())
                .hasMessageContaining("samples");
        assertThat(TrainOptions.builder().samples(3).build().baseline()).isEqualTo(TrainOptions.Baseline.SHARED);
        assertThat(TrainOptions.builder().build().baseline()).isEqualTo(TrainOptions.Baseline.CRITIC);
    }

    private static Map<String, float[]> weights(AedModel model) {
        Map<String, float[]> out = new HashMap<>();
        for (Pair<String, Parameter> p : model.network().getParameters()) {
            NDArray a = p.getValue().getArray();
            out.put(p.getKey(), a.toFloatArray());
        }
        return out;
    }

    private static boolean changed(Map<String, float[]> before, Map<String, float[]> after, String part) {
        boolean any = false;
        for (String k : before.keySet()) {
            if (!k.contains(part)) continue;
            any = true;
            if (!java.util.Arrays.equals(before.get(k), after.get(k))) return true;
        }
        assertThat(any).as("parameters named " + part).isTrue();
        return false;
    }
}
