package org.lambo.aed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.aed.alef.DecoderFineTuner;
import org.lambo.aed.alef.Demonstration;
import org.lambo.aed.features.Features;
import org.lambo.aed.features.SlotFeatures;
import org.lambo.aed.infer.FastDecoder;
import org.lambo.aed.infer.Trajectory;
import org.lambo.aed.model.AedDecoder;
import org.lambo.aed.train.TrajectoryTensors;
import org.lambo.io.InputException;
import org.lambo.mec.CostModel;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.rng.Seeds;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/**
 * The decoder's slot term (W_s times the {@link SlotFeatures} in the option logits): one function in the engine's
 * teacher-forced pass and the plain-Java decoder, nothing at all while W_s is zero, trained by the fine-tuner only when
 * asked, and carried by checkpoints (absent = zero, a wrong shape refused naming it).
 */
class SlotTermTest {
    static {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null)
            System.setProperty("ai.djl.pytorch.num_threads", "1");
    }

    private static float[] someSlotWeights() {
        float[] w = new float[Features.PROMPTS * SlotFeatures.WIDTH];
        // none zero; times the gain G C = 1000, a term of a few logits
        for (int k = 0; k < w.length; k++) w[k] = (float) (0.002 * Math.sin(3 * k + 1));
        return w;
    }

    private static List<Instance> slots(String scenario, int count) {
        World world = new World(ScenarioLoader.load(scenario), 99);
        List<Instance> out = new ArrayList<>();
        for (int s = 0; s < count; s++) out.add(world.next());
        return out;
    }

    /** The engine's logits [B * N * (M+1)] along the trajectories, with or without the slot features. */
    private static float[] engineLogits(
            AedModel model, List<Instance> batch, List<Prompt> prompts, List<Trajectory> trs, boolean slot) {
        try (NDManager m = model.manager().newSubManager()) {
            TrajectoryTensors tt = TrajectoryTensors.of(m, trs);
            NDList in = new NDList(
                    AedModel.ueFeatures(m, batch),
                    AedModel.prompts(m, prompts),
                    tt.optionFeatures(),
                    tt.actionFeatures(),
                    tt.mask());
            if (slot) in.add(AedModel.slotFeatures(m, batch));
            return model.network()
                    .forward(new ParameterStore(m, false), in, false)
                    .get(1)
                    .toFloatArray();
        }
    }

    private static List<Trajectory> decode(AedModel model, List<Instance> batch, List<Prompt> prompts) {
        float[][][] h = model.encode(batch, prompts);
        FastDecoder fast = model.fastDecoder();
        List<Trajectory> trs = new ArrayList<>();
        for (int k = 0; k < batch.size(); k++) {
            FastDecoder.Mode mode = k % 2 == 0 ? FastDecoder.Mode.GREEDY : FastDecoder.Mode.SAMPLE;
            trs.add(fast.decode(batch.get(k), prompts.get(k), fast.prepare(h[k]), mode, Seeds.stream(5, "t", k)));
        }
        return trs;
    }

    @Test
    void theSlotTermGivesTheSameLogitsInTheEnginePassAndThePlainJavaDecoder() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 3)) {
            List<Instance> batch = slots("small", 4);
            List<Prompt> prompts =
                    List.of(Prompt.MIN_LATENCY, Prompt.MIN_ENERGY, Prompt.MIN_LATENCY, Prompt.MIN_ENERGY);
            List<Trajectory> without = decode(model, batch, prompts);
            model.setSlotWeights(someSlotWeights());
            assertThat(model.hasSlotTerm()).isTrue();
            List<Trajectory> trs = decode(model, batch, prompts);
            float[] lg = engineLogits(model, batch, prompts, trs, true);
            int n = batch.get(0).n();
            int m1 = batch.get(0).m() + 1;
            double moved = 0;
            for (int k = 0; k < batch.size(); k++) {
                for (int t = 0; t < n; t++) {
                    for (int j = 0; j < m1; j++) {
                        if (!trs.get(k).masks()[t][j]) continue;
                        assertThat((double) lg[(k * n + t) * m1 + j])
                                .as("logit b=%d t=%d j=%d", k, t, j)
                                .isCloseTo(trs.get(k).logits()[t][j], within(1e-5));
                    }
                }
                // the first step sees the same state with and without the term: its logits differ by the term alone
                for (int j = 0; j < m1; j++)
                    if (trs.get(k).masks()[0][j])
                        moved = Math.max(
                                moved,
                                Math.abs(trs.get(k).logits()[0][j]
                                        - without.get(k).logits()[0][j]));
            }
            assertThat(moved).as("the term changes the logits").isGreaterThan(0.05);
        }
    }

    @Test
    void withZeroSlotWeightsTheSlotFeaturesChangeNoLogitBitAndThePlainJavaDecoderSkipsThem() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 3)) {
            assertThat(model.slotWeights()).containsOnly(0f);
            assertThat(model.hasSlotTerm()).isFalse();
            List<Instance> batch = slots("small", 2);
            List<Prompt> prompts = List.of(Prompt.MIN_ENERGY, Prompt.MIN_LATENCY);
            List<Trajectory> trs = decode(model, batch, prompts);
            float[] with = engineLogits(model, batch, prompts, trs, true);
            float[] without = engineLogits(model, batch, prompts, trs, false);
            assertThat(bits(with)).containsExactly(bits(without));
        }
    }

    private static int[] bits(float[] x) {
        int[] b = new int[x.length];
        for (int k = 0; k < x.length; k++) b[k] = Float.floatToIntBits(x[k]);
        return b;
    }

    private static List<Demonstration> labelled() {
        OffloadingPolicy exhaustive = Policies.create("exhaustive", PolicySettings.ofSeed(1));
        List<Demonstration> out = new ArrayList<>();
        for (Instance inst : slots("tiny", 8))
            for (Prompt p : Prompt.values())
                out.add(Demonstration.replay(inst, p, exhaustive.decide(inst, p), Demonstration.Reservation.MINIMUM));
        return out;
    }

    @Test
    void theFineTunerTrainsTheSlotWeightsOnlyWhenAskedAndThenDecodesWithThem() {
        List<Demonstration> demos = labelled();
        try (AedModel plain = AedModel.create(TestModels.tiny(), 7);
                AedModel slot = AedModel.create(TestModels.tiny(), 7)) {
            DecoderFineTuner off = new DecoderFineTuner(plain, DecoderFineTuner.Scope.DECODER, 1e-2, 1, 1, 0, 0);
            DecoderFineTuner on = new DecoderFineTuner(slot, DecoderFineTuner.Scope.DECODER, 1e-2, 1, 1, 0, 0, true);
            assertThat(DecoderFineTuner.trainable(slot, DecoderFineTuner.Scope.DECODER, true)
                            .keys())
                    .endsWith(AedDecoder.SLOT_WEIGHTS);
            for (int e = 0; e < 3; e++) {
                off.epoch(demos, 8, Seeds.stream(1, "shuffle", e));
                on.epoch(demos, 8, Seeds.stream(1, "shuffle", e));
            }
            assertThat(plain.slotWeights()).containsOnly(0f);
            assertThat(slot.hasSlotTerm()).isTrue();
            // the tuner's snapshot and restore carry W_s with the decoder
            float[][] snap = on.snapshot();
            assertThat(snap[snap.length - 1]).containsExactly(slot.slotWeights());
            slot.setSlotWeights(new float[slot.slotWeights().length]);
            on.restore(snap);
            assertThat(slot.slotWeights()).containsExactly(snap[snap.length - 1]);
            // ... and what the fine-tuner measures decodes with them (a gap, finite)
            assertThat(on.labelledGap(demos)).isFinite();
        }
    }

    @Test
    void aCheckpointCarriesTheSlotWeightsLoadsZeroWithoutThemAndRefusesAWrongShapeNamingThem(@TempDir Path dir)
            throws Exception {
        float[] w = someSlotWeights();
        try (AedModel model = AedModel.create(TestModels.tiny(), 7)) {
            model.setSlotWeights(w);
            model.save(dir, 5, null);
        }
        try (AedModel loaded = AedModel.load(dir)) {
            assertThat(bits(loaded.slotWeights())).containsExactly(bits(w));
        }
        ObjectMapper json = new ObjectMapper();
        Path meta = dir.resolve(AedModel.META);
        ObjectNode node = (ObjectNode) json.readTree(Files.readString(meta, StandardCharsets.UTF_8));
        node.remove(AedDecoder.SLOT_WEIGHTS); // a checkpoint saved before the slot term
        Files.writeString(meta, node.toString(), StandardCharsets.UTF_8);
        try (AedModel old = AedModel.load(dir)) {
            assertThat(old.slotWeights()).containsOnly(0f);
            assertThat(old.hasSlotTerm()).isFalse();
        }
        node.putArray(AedDecoder.SLOT_WEIGHTS).addArray().add(1.0).add(2.0);
        Files.writeString(meta, node.toString(), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> AedModel.load(dir))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(AedDecoder.SLOT_WEIGHTS)
                .hasMessageContaining("1 rows")
                .hasMessageContaining("[" + Features.PROMPTS + ", " + SlotFeatures.WIDTH + "]");
    }

    @Test
    void aSession14CheckpointWithSixSlotWeightsPerPromptLoadsThemAndAZeroWeightForTheGreedyOffloadsFeature(
            @TempDir Path dir) throws Exception {
        try (AedModel model = AedModel.create(TestModels.tiny(), 1)) {
            model.save(dir, 5, null);
        }
        ObjectMapper json = new ObjectMapper();
        Path meta = dir.resolve(AedModel.META);
        ObjectNode node = (ObjectNode) json.readTree(Files.readString(meta, StandardCharsets.UTF_8));
        var rows = node.putArray(AedDecoder.SLOT_WEIGHTS);
        for (int p = 0; p < Features.PROMPTS; p++) {
            var r = rows.addArray();
            for (int k = 0; k < SlotFeatures.WIDTH_SESSION_14; k++) r.add(0.5 + p + 0.125 * k);
        }
        Files.writeString(meta, node.toString(), StandardCharsets.UTF_8);
        try (AedModel old = AedModel.load(dir)) {
            float[] w = old.slotWeights();
            assertThat(w).hasSize(Features.PROMPTS * SlotFeatures.WIDTH);
            for (int p = 0; p < Features.PROMPTS; p++) {
                for (int k = 0; k < SlotFeatures.WIDTH_SESSION_14; k++)
                    assertThat(w[p * SlotFeatures.WIDTH + k]).isEqualTo((float) (0.5 + p + 0.125 * k));
                for (int k = SlotFeatures.WIDTH_SESSION_14; k < SlotFeatures.WIDTH; k++)
                    assertThat(w[p * SlotFeatures.WIDTH + k])
                            .as("row %d, feature %d", p, k)
                            .isZero();
            }
        }
        // five is neither width: refused, naming the parameter
        for (var r : rows) ((com.fasterxml.jackson.databind.node.ArrayNode) r).remove(0);
        Files.writeString(meta, node.toString(), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> AedModel.load(dir))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(AedDecoder.SLOT_WEIGHTS)
                .hasMessageContaining("[" + Features.PROMPTS + ", 5]");
    }

    @Test
    void theSlotFeaturesRankEachServersCandidatesAndPackThemGreedilyWithinEveryServer() {
        for (Instance inst : slots("small", 3)) {
            float[][][] f = SlotFeatures.of(inst);
            int n = inst.n();
            int m = inst.m();
            double[] packed = new double[m + 1];
            int ranked = 0;
            int offloaded = 0;
            for (int i = 0; i < n; i++) {
                assertThat(f[i][0]).containsExactly(1, 0, 0, 0, 0, 0, 0);
                int greedy = 0;
                for (int j = 1; j <= m; j++) {
                    for (float x : f[i][j]) assertThat(Float.isFinite(x)).isTrue();
                    assertThat(f[i][j][2]).isBetween(0f, 1f);
                    if (f[i][j][2] > 0) ranked++;
                    if (f[i][j][5] == 1) {
                        greedy++;
                        packed[j] += CostModel.minShare(inst, i, j);
                        assertThat(f[i][j][1]).as("a greedy UE saves energy").isPositive();
                    }
                }
                assertThat(greedy).as("UE %d on at most one server", i).isLessThanOrEqualTo(1);
                // feature 6 marks every server row of a UE the packing offloads, whichever server it packs it on
                for (int j = 1; j <= m; j++)
                    assertThat(f[i][j][6]).as("UE %d row %d", i, j).isEqualTo(greedy);
                if (greedy == 1) offloaded++;
            }
            assertThat(offloaded).as("the packing offloads some UE").isPositive();
            assertThat(ranked).isPositive();
            for (int j = 1; j <= m; j++)
                assertThat(packed[j]).as("server %d", j).isLessThanOrEqualTo(1 + 1e-12);
            // rank 1 goes to the candidate with the largest saving per share, and it fits
            for (int j = 1; j <= m; j++) {
                double best = -1;
                int arg = -1;
                for (int i = 0; i < n; i++) {
                    if (f[i][j][2] == 0) continue;
                    double r = (CostModel.localEnergy(inst, i) - CostModel.uploadEnergy(inst, i, j))
                            / CostModel.minShare(inst, i, j);
                    if (r > best) {
                        best = r;
                        arg = i;
                    }
                }
                if (arg < 0) continue;
                assertThat(f[arg][j][2]).isEqualTo(1f);
                assertThat(f[arg][j][3]).isEqualTo(1f);
                assertThat((double) f[arg][j][4]).isCloseTo(CostModel.minShare(inst, arg, j), within(1e-6));
            }
        }
    }
}
