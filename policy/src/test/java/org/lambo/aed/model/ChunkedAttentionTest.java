package org.lambo.aed.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
import org.lambo.aed.TestModels;
import org.lambo.aed.infer.FastDecoder;
import org.lambo.aed.infer.Trajectory;
import org.lambo.aed.train.TrajectoryTensors;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.rng.Seeds;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/**
 * An inference pass over more than {@link MultiHeadAttention#CHUNK_PAIRS} query-key pairs attends a block of queries at
 * a time; it computes what the whole-matrix pass (the one training takes) computes, in the encoder (no mask) and in the
 * decoder (causal mask), here at N = 600 (360,000 pairs per head, 3 blocks).
 */
class ChunkedAttentionTest {
    @Test
    void attentionInBlocksComputesWhatTheWholeMatrixComputes() {
        Instance inst = new World(ScenarioLoader.load("small").withUes(600), 8).next();
        assertThat((long) inst.n() * inst.n()).isGreaterThan(MultiHeadAttention.CHUNK_PAIRS);
        try (AedModel model = AedModel.create(TestModels.tiny(), 5)) {
            List<Instance> batch = List.of(inst);
            List<Prompt> prompts = List.of(Prompt.weighted(0.4));
            float[][][] h = model.encode(batch, prompts);
            FastDecoder fast = model.fastDecoder();
            Trajectory tr = fast.decode(
                    inst, prompts.get(0), fast.prepare(h[0]), FastDecoder.Mode.SAMPLE, Seeds.stream(3, "chunk"));
            try (NDManager m = model.manager().newSubManager()) {
                ParameterStore ps = new ParameterStore(m, false);
                TrajectoryTensors tt = TrajectoryTensors.of(m, List.of(tr));
                NDList in = new NDList(
                        AedModel.ueFeatures(m, batch),
                        AedModel.prompts(m, prompts),
                        tt.optionFeatures(),
                        tt.actionFeatures(),
                        tt.mask());
                NDList blocks = model.network().forward(ps, in, false);
                NDList whole = model.network().forward(ps, in, true);
                float[] hb = blocks.get(0).toFloatArray();
                float[] hw = whole.get(0).toFloatArray();
                for (int k = 0; k < hw.length; k++)
                    assertThat(hb[k]).as("encoder output %d", k).isCloseTo(hw[k], within(1e-4f));
                float[] lb = blocks.get(1).toFloatArray();
                float[] lw = whole.get(1).toFloatArray();
                int compared = 0;
                for (int k = 0; k < lw.length; k++) {
                    if (!Float.isFinite(lw[k])) continue;
                    assertThat(lb[k]).as("logit %d", k).isCloseTo(lw[k], within(1e-4f));
                    compared++;
                }
                assertThat(compared).isGreaterThan(inst.n());
            }
        }
    }
}
