package org.lambo.aed.alef;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
import org.lambo.aed.TestModels;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.rng.Seeds;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class DecoderFineTunerTest {
    static {
        // one intra-op thread when this class loads the engine: tiny tensors gain nothing from more, and a loaded
        // machine loses a lot
        if (System.getProperty("ai.djl.pytorch.num_threads") == null)
            System.setProperty("ai.djl.pytorch.num_threads", "1");
    }

    private static final List<Demonstration> LABELLED = new ArrayList<>();

    @BeforeAll
    static void labelSlots() {
        OffloadingPolicy exhaustive = Policies.create("exhaustive", PolicySettings.ofSeed(1));
        World world = new World(ScenarioLoader.load("tiny"), 5);
        for (int s = 0; s < 12; s++) {
            Instance inst = world.next();
            for (Prompt p : Prompt.values())
                LABELLED.add(
                        Demonstration.replay(inst, p, exhaustive.decide(inst, p), Demonstration.Reservation.MINIMUM));
        }
    }

    private static Map<String, float[]> values(Block block) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters())
            out.put(p.getKey(), p.getValue().getArray().toFloatArray());
        return out;
    }

    @Test
    void fineTuningLeavesEveryEncoderParameterBitIdenticalAndChangesTheDecoder() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 7)) {
            Map<String, float[]> encoder = values(model.network().encoder());
            Map<String, float[]> critic = values(model.network().critic());
            Map<String, float[]> decoder = values(model.network().decoder());
            assertThat(DecoderFineTuner.trainable(model).keys()).containsExactlyElementsOf(decoder.keySet());

            DecoderFineTuner tuner = new DecoderFineTuner(model, 1e-3, 1, 0.1);
            for (int e = 0; e < 3; e++) tuner.epoch(LABELLED, 8, Seeds.stream(1, "shuffle", e));
            assertThat(tuner.steps()).isEqualTo(9);

            Map<String, float[]> encoderAfter = values(model.network().encoder());
            assertThat(encoderAfter.keySet()).containsExactlyElementsOf(encoder.keySet());
            for (String k : encoder.keySet()) {
                // bit for bit: compare the raw IEEE bits, not values within a tolerance
                int[] a = bits(encoder.get(k));
                int[] b = bits(encoderAfter.get(k));
                assertThat(b).as("encoder parameter %s", k).containsExactly(a);
            }
            Map<String, float[]> criticAfter = values(model.network().critic());
            for (String k : critic.keySet())
                assertThat(bits(criticAfter.get(k)))
                        .as("critic parameter %s", k)
                        .containsExactly(bits(critic.get(k)));
            Map<String, float[]> decoderAfter = values(model.network().decoder());
            int changed = 0;
            for (String k : decoder.keySet()) {
                if (!Arrays.equals(decoder.get(k), decoderAfter.get(k))) changed++;
            }
            // every decoder parameter takes part in the loss, so every one moves
            assertThat(changed).isEqualTo(decoder.size());
        }
    }

    @Test
    void theLastLayerScopeTrainsTheEncodersLastLayerAndFinalNormAndLeavesTheLayersBelowBitIdentical() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 7)) {
            Map<String, float[]> encoder = values(model.network().encoder());
            Map<String, float[]> critic = values(model.network().critic());
            Map<String, float[]> decoder = values(model.network().decoder());

            DecoderFineTuner tuner = new DecoderFineTuner(model, DecoderFineTuner.Scope.LAST_LAYER, 1e-3, 1, 0.1);
            for (int e = 0; e < 3; e++) tuner.epoch(LABELLED, 8, Seeds.stream(1, "shuffle", e));

            Map<String, float[]> encoderAfter = values(model.network().encoder());
            List<String> moved = new ArrayList<>();
            for (String k : encoder.keySet()) {
                boolean top = k.contains("layer1") || k.contains("finalNorm"); // tiny has layers 0 and 1
                if (top) {
                    if (!Arrays.equals(encoder.get(k), encoderAfter.get(k))) moved.add(k);
                } else {
                    assertThat(bits(encoderAfter.get(k)))
                            .as("frozen encoder parameter %s", k)
                            .containsExactly(bits(encoder.get(k)));
                }
            }
            long top = encoder.keySet().stream()
                    .filter(k -> k.contains("layer1") || k.contains("finalNorm"))
                    .count();
            assertThat(top).isGreaterThan(4);
            assertThat(moved)
                    .as("the last layer's and the final norm's parameters that moved")
                    .hasSize((int) top);
            assertThat(DecoderFineTuner.trainable(model, DecoderFineTuner.Scope.LAST_LAYER)
                            .size())
                    .isEqualTo(decoder.size() + (int) top);
            Map<String, float[]> criticAfter = values(model.network().critic());
            for (String k : critic.keySet())
                assertThat(bits(criticAfter.get(k)))
                        .as("critic parameter %s", k)
                        .containsExactly(bits(critic.get(k)));
            Map<String, float[]> decoderAfter = values(model.network().decoder());
            for (String k : decoder.keySet())
                assertThat(decoderAfter.get(k)).as("decoder parameter %s", k).isNotEqualTo(decoder.get(k));
        }
    }

    @Test
    void aRestoredLastLayerSnapshotBringsBackTheEncodersTopLayerBitForBit() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 11)) {
            DecoderFineTuner tuner = new DecoderFineTuner(model, DecoderFineTuner.Scope.LAST_LAYER, 1e-3, 1, 0.1);
            float[][] start = tuner.snapshot();
            Map<String, float[]> encoder = values(model.network().encoder());
            double gap = tuner.labelledGap(LABELLED);
            for (int e = 0; e < 2; e++) tuner.epoch(LABELLED, 8, Seeds.stream(3, "shuffle", e));
            assertThat(values(model.network().encoder()).get(lastLayerKey(encoder)))
                    .isNotEqualTo(encoder.get(lastLayerKey(encoder)));
            tuner.restore(start);
            Map<String, float[]> back = values(model.network().encoder());
            for (String k : encoder.keySet())
                assertThat(bits(back.get(k))).as("encoder parameter %s", k).containsExactly(bits(encoder.get(k)));
            assertThat(tuner.labelledGap(LABELLED)).isEqualTo(gap);
        }
    }

    private static String lastLayerKey(Map<String, float[]> encoder) {
        return encoder.keySet().stream()
                .filter(k -> k.contains("layer1"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aScopeIsReadByItsNameAndAnUnknownOneIsRefusedWithTheText() {
        assertThat(DecoderFineTuner.Scope.parse("decoder")).isEqualTo(DecoderFineTuner.Scope.DECODER);
        assertThat(DecoderFineTuner.Scope.parse(" Last-Layer ")).isEqualTo(DecoderFineTuner.Scope.LAST_LAYER);
        assertThat(DecoderFineTuner.Scope.parse("actor")).isEqualTo(DecoderFineTuner.Scope.ACTOR);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DecoderFineTuner.Scope.parse("encoder"))
                .hasMessage("scope must be decoder, last-layer or actor, got 'encoder'");
    }

    @Test
    void theOffloadLossIsTheCrossEntropyOfTheLocalOrOffloadChoiceAlone() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 12)) {
            DecoderFineTuner plain = new DecoderFineTuner(model, DecoderFineTuner.Scope.DECODER, 1e-3, 1, 0.5, 0);
            DecoderFineTuner withOffload = new DecoderFineTuner(model, DecoderFineTuner.Scope.DECODER, 1e-3, 1, 0.5, 2);
            // an expert that keeps every UE local: its option is its local-or-offload choice, so the offload loss is
            // the option cross-entropy itself
            List<Demonstration> local = new ArrayList<>();
            for (Demonstration d : LABELLED.subList(0, 8))
                local.add(Demonstration.replay(
                        d.instance(),
                        d.prompt(),
                        org.lambo.mec.Decision.allLocal(d.instance().n()),
                        Demonstration.Reservation.MINIMUM));
            DecoderFineTuner.Loss l0 = plain.loss(local);
            DecoderFineTuner.Loss l2 = withOffload.loss(local);
            assertThat(l2.crossEntropy()).isEqualTo(l0.crossEntropy());
            assertThat(l2.total() - l0.total())
                    .isCloseTo(2 * l0.crossEntropy(), org.assertj.core.api.Assertions.within(1e-4));

            // an expert that offloads: the servers' summed probability is at least the chosen server's, so the
            // offload loss is positive and below the option cross-entropy (several servers were open to the UEs)
            List<Demonstration> offloading = LABELLED.stream()
                    .filter(d -> d.expert().countsPerOption(d.instance().m())[0]
                            < d.instance().n())
                    .limit(8)
                    .toList();
            assertThat(offloading).isNotEmpty();
            List<Demonstration> oneSize = offloading.stream()
                    .filter(d ->
                            d.instance().n() == offloading.get(0).instance().n())
                    .toList();
            DecoderFineTuner.Loss m0 = plain.loss(oneSize);
            DecoderFineTuner.Loss m2 = withOffload.loss(oneSize);
            double offload = (m2.total() - m0.total()) / 2;
            assertThat(offload).isGreaterThan(0).isLessThan(m0.crossEntropy());
        }
    }

    /** The labelled slots of one size in which the expert offloaded some UE and kept another local. */
    private static List<Demonstration> mixedSlotsOfOneSize() {
        List<Demonstration> mixed = LABELLED.stream()
                .filter(d -> {
                    int local = d.expert().countsPerOption(d.instance().m())[0];
                    return local > 0 && local < d.instance().n();
                })
                .toList();
        assertThat(mixed).isNotEmpty();
        return mixed.stream()
                .filter(d -> d.instance().n() == mixed.get(0).instance().n())
                .toList();
    }

    @Test
    void theRankingLossIsAddedWithItsWeightAndVanishesWithoutAnOffloadedAndLocalPair() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 12)) {
            DecoderFineTuner plain = new DecoderFineTuner(model, DecoderFineTuner.Scope.DECODER, 1e-3, 1, 0.5, 0, 0);
            DecoderFineTuner ranked = new DecoderFineTuner(model, DecoderFineTuner.Scope.DECODER, 1e-3, 1, 0.5, 0, 3);
            // all-local labels hold no (offloaded, local) pair: no ranking term, the loss of before
            List<Demonstration> local = new ArrayList<>();
            for (Demonstration d : LABELLED.subList(0, 8))
                local.add(Demonstration.replay(
                        d.instance(),
                        d.prompt(),
                        org.lambo.mec.Decision.allLocal(d.instance().n()),
                        Demonstration.Reservation.MINIMUM));
            assertThat(ranked.rankingLoss(local)).isZero();
            assertThat(ranked.loss(local).total()).isEqualTo(plain.loss(local).total());

            // slots with pairs: a positive logistic loss, in the total with weight 3
            List<Demonstration> mixed = mixedSlotsOfOneSize();
            double rank = ranked.rankingLoss(mixed);
            assertThat(rank).isGreaterThan(0);
            assertThat(ranked.loss(mixed).total() - plain.loss(mixed).total())
                    .isCloseTo(3 * rank, org.assertj.core.api.Assertions.within(1e-4));
        }
    }

    /**
     * The pairs of the ranking loss, read from the demonstrations themselves: per slot, (i, j) with the expert's UE i
     * offloaded and UE j kept local though a server was open to it; returns {logistic loss mean, share ordered}.
     */
    private static double[] pairsByHand(List<Demonstration> demos, float[][] z) {
        double loss = 0;
        int ordered = 0;
        int pairs = 0;
        for (int b = 0; b < demos.size(); b++) {
            org.lambo.aed.infer.Trajectory tr = demos.get(b).teacher();
            for (int i = 0; i < tr.options().length; i++) {
                if (tr.options()[i] == 0) continue;
                for (int j = 0; j < tr.options().length; j++) {
                    boolean open = false;
                    for (int o = 1; o < tr.masks()[j].length; o++) open |= tr.masks()[j][o];
                    if (tr.options()[j] != 0 || !open) continue;
                    double x = z[b][j] - z[b][i];
                    loss += Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
                    if (z[b][i] > z[b][j]) ordered++;
                    pairs++;
                }
            }
        }
        assertThat(pairs).isPositive();
        return new double[] {loss / pairs, ordered / (double) pairs};
    }

    @Test
    void theRankingLossIsTheMeanLogisticLossOfEveryOffloadedAgainstEveryLocalUeOfItsSlot() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 12)) {
            DecoderFineTuner ranked = new DecoderFineTuner(model, DecoderFineTuner.Scope.DECODER, 1e-3, 1, 0.5, 0, 1);
            List<Demonstration> mixed = mixedSlotsOfOneSize();
            double[] byHand = pairsByHand(mixed, ranked.offloadLogOdds(mixed));
            assertThat(ranked.rankingLoss(mixed)).isCloseTo(byHand[0], org.assertj.core.api.Assertions.within(1e-4));
        }
    }

    @Test
    void trainingOnTheRankingLossOrdersTheExpertsOffloadedUesAboveItsLocalOnes() {
        List<Demonstration> mixed = mixedSlotsOfOneSize();
        double[] after = new double[2];
        double before = Double.NaN;
        double[] weights = {0, 5};
        for (int k = 0; k < 2; k++) {
            // the same untrained model twice: once without the ranking term, once with it
            try (AedModel model = AedModel.create(TestModels.tiny(), 21)) {
                DecoderFineTuner tuner =
                        new DecoderFineTuner(model, DecoderFineTuner.Scope.DECODER, 3e-3, 1, 0.5, 0, weights[k]);
                double start = pairsByHand(mixed, tuner.offloadLogOdds(mixed))[1];
                if (k == 0) before = start;
                else assertThat(start).isEqualTo(before);
                for (int step = 0; step < 15; step++) tuner.step(mixed);
                after[k] = pairsByHand(mixed, tuner.offloadLogOdds(mixed))[1];
            }
        }
        // the share of pairs in the expert's order, counted by hand: the term's gradient raises it above where the
        // option
        // cross-entropy alone leaves it
        assertThat(after[1]).isGreaterThan(before).isGreaterThan(after[0]);
    }

    @Test
    void aNegativeRankWeightIsRefusedWithTheValue() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 12)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> new DecoderFineTuner(model, DecoderFineTuner.Scope.DECODER, 1e-3, 1, 1, 0, -2))
                    .hasMessage("rank weight must be >= 0, got -2.0");
        }
    }

    @Test
    void aNegativeOffloadWeightIsRefusedWithTheValue() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 12)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> new DecoderFineTuner(model, DecoderFineTuner.Scope.DECODER, 1e-3, 1, 1, -0.5))
                    .hasMessage("offload weight must be >= 0, got -0.5");
        }
    }

    @Test
    void theSupervisedLossOnTheLabelledSetFallsOverTheSteps() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 8)) {
            DecoderFineTuner tuner = new DecoderFineTuner(model, 3e-3, 1, 0.1);
            DecoderFineTuner.Loss start = tuner.loss(LABELLED);
            double[] curve = new double[4];
            for (int k = 0; k < curve.length; k++) {
                for (int e = 0; e < 3; e++) tuner.epoch(LABELLED, 12, Seeds.stream(2, "shuffle", k * 3L + e));
                curve[k] = tuner.loss(LABELLED).total();
            }
            DecoderFineTuner.Loss end = tuner.loss(LABELLED);
            assertThat(end.total()).isLessThan(0.6 * start.total());
            assertThat(end.crossEntropy()).isLessThan(start.crossEntropy());
            assertThat(end.share()).isLessThan(start.share());
            // falls along the way, not only from end to end
            assertThat(curve[curve.length - 1]).isLessThan(curve[0]);
            assertThat(curve[0]).isLessThan(start.total());
        }
    }

    @Test
    void aStepReportsTheLossBeforeItsUpdate() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 9)) {
            DecoderFineTuner tuner = new DecoderFineTuner(model, 1e-3, 1, 0.5);
            List<Demonstration> batch = LABELLED.subList(0, 8);
            double before = tuner.loss(batch).total();
            assertThat(tuner.step(batch).total()).isCloseTo(before, org.assertj.core.api.Assertions.within(1e-5));
            assertThat(tuner.loss(batch).total()).isLessThan(before);
        }
    }

    @Test
    void aRestoredSnapshotBringsBackTheSameDecoderAndItsLabelledGap() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 10)) {
            DecoderFineTuner tuner = new DecoderFineTuner(model, 3e-3, 1, 1);
            float[][] before = tuner.snapshot();
            double gapBefore = tuner.labelledGap(LABELLED);
            assertThat(gapBefore).isGreaterThanOrEqualTo(-1e-9); // exhaustive is optimal: no decoding beats it
            tuner.epoch(LABELLED, 8, Seeds.stream(3, "shuffle"));
            assertThat(tuner.snapshot()[0]).isNotEqualTo(before[0]);
            tuner.restore(before);
            float[][] after = tuner.snapshot();
            for (int k = 0; k < before.length; k++) assertThat(bits(after[k])).containsExactly(bits(before[k]));
            assertThat(tuner.labelledGap(LABELLED)).isEqualTo(gapBefore);
        }
    }

    /**
     * The restored weights live in memory the engine owns. They were once put in place over a Java direct buffer that
     * nothing held any more (the engine's {@code from_blob}): the first garbage collection freed it under the model,
     * and the weights turned into whatever the allocator wrote there, a NaN or a wrong decision later (AlefLoopTest
     * failed one run in three). Here the collections come at once, and freed memory is reused and overwritten.
     */
    @Test
    void restoredWeightsSurviveGarbageCollectionsAndTheReuseOfFreedMemory() throws InterruptedException {
        try (AedModel model = AedModel.create(TestModels.tiny(), 12)) {
            DecoderFineTuner tuner = new DecoderFineTuner(model, 3e-3, 1, 1);
            float[][] before = tuner.snapshot();
            tuner.epoch(LABELLED, 8, Seeds.stream(4, "shuffle"));
            tuner.restore(before);
            List<java.nio.ByteBuffer> scribbles = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                System.gc();
                Thread.sleep(20); // the cleaner thread frees unreachable direct buffers after a collection
                for (float[] w : before) {
                    java.nio.ByteBuffer junk = java.nio.ByteBuffer.allocateDirect(w.length * Float.BYTES);
                    while (junk.hasRemaining()) junk.put((byte) 0xff); // a NaN in every float
                    scribbles.add(junk);
                }
                float[][] now = tuner.snapshot();
                for (int k = 0; k < before.length; k++)
                    assertThat(bits(now[k]))
                            .as("parameter %d after %d collections", k, round + 1)
                            .containsExactly(bits(before[k]));
            }
            assertThat(scribbles).isNotEmpty();
        }
    }

    /**
     * The optimiser state read back for a resumed warm start ({@code Adam.load}) lives in memory the engine owns too:
     * the read arrays alias Java direct buffers, and taking their place (intern) used to let go of them.
     */
    @Test
    void loadedOptimiserStateSurvivesGarbageCollectionsAndTheReuseOfFreedMemory(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (AedModel model = AedModel.create(TestModels.tiny(), 13)) {
            DecoderFineTuner trained = new DecoderFineTuner(model, 3e-3, 1, 1);
            trained.epoch(LABELLED, 8, Seeds.stream(5, "shuffle"));
            java.nio.file.Path saved = dir.resolve("saved.adam");
            trained.optimizer().save(saved);
            DecoderFineTuner resumed = new DecoderFineTuner(model, 3e-3, 1, 1);
            resumed.optimizer().load(saved);
            List<java.nio.ByteBuffer> scribbles = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                System.gc();
                Thread.sleep(20); // the cleaner thread frees unreachable direct buffers after a collection
                for (float[] w : resumed.snapshot()) {
                    java.nio.ByteBuffer junk = java.nio.ByteBuffer.allocateDirect(w.length * Float.BYTES);
                    while (junk.hasRemaining()) junk.put((byte) 0xff); // a NaN in every float
                    scribbles.add(junk);
                }
            }
            java.nio.file.Path again = dir.resolve("again.adam");
            resumed.optimizer().save(again);
            assertThat(java.nio.file.Files.readAllBytes(again)).isEqualTo(java.nio.file.Files.readAllBytes(saved));
            assertThat(scribbles).isNotEmpty();
        }
    }

    @Test
    void aRestoredDecoderStillLearnsAsTheOneItWasTakenFrom() {
        try (AedModel a = AedModel.create(TestModels.tiny(), 11);
                AedModel b = AedModel.create(TestModels.tiny(), 11)) {
            DecoderFineTuner restored = new DecoderFineTuner(a, 3e-3, 1, 1);
            DecoderFineTuner fresh = new DecoderFineTuner(b, 3e-3, 1, 1);
            float[][] start = restored.snapshot();
            restored.epoch(LABELLED, 8, Seeds.stream(3, "shuffle"));
            restored.restore(start); // the weights are new arrays now: gradients must still reach them
            List<Demonstration> batch = LABELLED.subList(0, 8);
            double after = restored.step(batch).total();
            assertThat(after).isCloseTo(fresh.step(batch).total(), org.assertj.core.api.Assertions.within(1e-5));
            assertThat(bits(restored.snapshot()[0])).isNotEqualTo(bits(start[0]));
            assertThat(restored.loss(batch).total()).isLessThan(after);
        }
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int k = 0; k < v.length; k++) b[k] = Float.floatToRawIntBits(v[k]);
        return b;
    }
}
