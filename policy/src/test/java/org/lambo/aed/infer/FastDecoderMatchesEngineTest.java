package org.lambo.aed.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
import org.lambo.aed.TestModels;
import org.lambo.aed.train.TrajectoryTensors;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.rng.Seeds;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/**
 * The plain-Java decoder computes exactly what the engine's teacher-forced decoder computes: same logits at every step
 * (feasible options) and the same share means, to 1e-5.
 */
class FastDecoderMatchesEngineTest {
    @Test
    void stepByStepDecodingMatchesTheBatchedEnginePass() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 3)) {
            World world = new World(ScenarioLoader.load("small"), 99);
            List<Instance> batch = List.of(world.next(), world.next(), world.next(), world.next());
            List<Prompt> prompts =
                    List.of(Prompt.MIN_LATENCY, Prompt.MIN_ENERGY, Prompt.MIN_LATENCY, Prompt.MIN_ENERGY);
            float[][][] h = model.encode(batch, prompts);
            FastDecoder fast = model.fastDecoder();
            List<Trajectory> trs = new ArrayList<>();
            for (int k = 0; k < batch.size(); k++) {
                FastDecoder.Mode mode = k % 2 == 0 ? FastDecoder.Mode.GREEDY : FastDecoder.Mode.SAMPLE;
                trs.add(fast.decode(batch.get(k), prompts.get(k), fast.prepare(h[k]), mode, Seeds.stream(5, "t", k)));
            }
            try (NDManager m = model.manager().newSubManager()) {
                ParameterStore ps = new ParameterStore(m, false);
                TrajectoryTensors tt = TrajectoryTensors.of(m, trs);
                NDList out = model.network()
                        .forward(
                                ps,
                                new NDList(
                                        AedModel.ueFeatures(m, batch),
                                        AedModel.prompts(m, prompts),
                                        tt.optionFeatures(),
                                        tt.actionFeatures(),
                                        tt.mask()),
                                false);
                assertThat(AedModel.toTokens(out.get(0))[2][4]).containsExactly(h[2][4], within(1e-6f));
                NDArray logits = out.get(1);
                NDArray mu = out.get(2);
                int n = batch.get(0).n();
                int m1 = batch.get(0).m() + 1;
                float[] lg = logits.toFloatArray();
                float[] mus = mu.toFloatArray();
                int offloaded = 0;
                for (int k = 0; k < batch.size(); k++) {
                    Trajectory tr = trs.get(k);
                    for (int t = 0; t < n; t++) {
                        for (int j = 0; j < m1; j++) {
                            if (!tr.masks()[t][j]) continue;
                            assertThat((double) lg[(k * n + t) * m1 + j])
                                    .as("logit b=%d t=%d j=%d", k, t, j)
                                    .isCloseTo(tr.logits()[t][j], within(1e-5));
                        }
                        int chosen = tr.options()[t];
                        if (chosen != 0) {
                            offloaded++;
                            assertThat((double) mus[(k * n + t) * m1 + chosen])
                                    .isCloseTo(tr.shareMeans()[t], within(1e-5));
                        }
                    }
                }
                assertThat(offloaded).as("the comparison covers the share head").isPositive();
            }
        }
    }
}
