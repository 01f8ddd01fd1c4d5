package org.lambo.aed.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
import org.lambo.aed.AedPolicy;
import org.lambo.aed.TestModels;
import org.lambo.aed.features.Features;
import org.lambo.aed.train.TrajectoryTensors;
import org.lambo.mec.CostModel;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.PolicySettings;
import org.lambo.rng.Seeds;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/**
 * One AED serves every weight: weighted:w reads the row [w, 1 - w], so every prompt embedding (encoder, decoder,
 * critic) is w P[0] + (1 - w) P[1], the interpolation of the two learned ones; the named prompts read their one-hot
 * rows exactly as before, so a checkpoint trained on them loads and decides as it did.
 */
class WeightedPromptEmbeddingTest {
    @Test
    void theNamedPromptsAreOneHotAndAWeightedOneIsTheirInterpolation() {
        assertThat(Features.promptOneHot(Prompt.MIN_LATENCY)).containsExactly(1f, 0f);
        assertThat(Features.promptOneHot(Prompt.MIN_ENERGY)).containsExactly(0f, 1f);
        assertThat(Features.promptOneHot(Prompt.weighted(0.3))).containsExactly(0.3f, 0.7f);
        assertThat(Features.promptOneHot(Prompt.weighted(1))).containsExactly(1f, 0f);
    }

    @Test
    void theEndWeightsEncodeExactlyAsTheNamedPromptsAndAMiddleWeightEncodesBetween() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 3)) {
            Instance inst = new World(ScenarioLoader.load("small"), 41).next();
            float[][][] h = model.encode(
                    List.of(inst, inst, inst, inst, inst),
                    List.of(
                            Prompt.MIN_LATENCY,
                            Prompt.weighted(1),
                            Prompt.MIN_ENERGY,
                            Prompt.weighted(0),
                            Prompt.weighted(0.5)));
            assertThat(h[1]).isDeepEqualTo(h[0]);
            assertThat(h[3]).isDeepEqualTo(h[2]);
            assertThat(h[4][0]).isNotEqualTo(h[0][0]).isNotEqualTo(h[2][0]);
        }
    }

    /**
     * The plain-Java decoder interpolates the decoder's prompt embedding exactly as the engine's matrix product does.
     */
    @Test
    void theFastDecoderMatchesTheEngineOnWeightedPrompts() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 3)) {
            World world = new World(ScenarioLoader.load("small"), 99);
            List<Instance> batch = List.of(world.next(), world.next(), world.next());
            List<Prompt> prompts = List.of(Prompt.weighted(0.3), Prompt.weighted(0.8), Prompt.weighted(0.05));
            float[][][] h = model.encode(batch, prompts);
            FastDecoder fast = model.fastDecoder();
            List<Trajectory> trs = new ArrayList<>();
            for (int k = 0; k < batch.size(); k++) {
                trs.add(fast.decode(
                        batch.get(k),
                        prompts.get(k),
                        fast.prepare(h[k]),
                        FastDecoder.Mode.SAMPLE,
                        Seeds.stream(5, "w", k)));
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
                float[] lg = out.get(1).toFloatArray();
                int n = batch.get(0).n();
                int m1 = batch.get(0).m() + 1;
                int compared = 0;
                for (int k = 0; k < batch.size(); k++) {
                    for (int t = 0; t < n; t++) {
                        for (int j = 0; j < m1; j++) {
                            if (!trs.get(k).masks()[t][j]) continue;
                            assertThat((double) lg[(k * n + t) * m1 + j])
                                    .as("logit b=%d t=%d j=%d", k, t, j)
                                    .isCloseTo(trs.get(k).logits()[t][j], within(1e-5));
                            compared++;
                        }
                    }
                }
                assertThat(compared).isGreaterThan(n);
            }
        }
    }

    /**
     * The shipped checkpoint (trained on the two named prompts only) decides weighted:1 as min-latency and weighted:0
     * as min-energy, and any weight validly.
     */
    @Test
    void theShippedCheckpointServesEveryWeight() {
        World world = new World(ScenarioLoader.load("paper"), 90001);
        for (int s = 0; s < 2; s++) {
            Instance inst = world.next();
            try (AedPolicy a = AedPolicy.fromSettings(new PolicySettings(1, Map.of()));
                    AedPolicy b = AedPolicy.fromSettings(new PolicySettings(1, Map.of()))) {
                assertThat(b.decide(inst, Prompt.weighted(1))).isEqualTo(a.decide(inst, Prompt.MIN_LATENCY));
                assertThat(b.decide(inst, Prompt.weighted(0))).isEqualTo(a.decide(inst, Prompt.MIN_ENERGY));
                for (double w : new double[] {0.1, 0.5, 0.9}) {
                    var d = a.decide(inst, Prompt.weighted(w));
                    assertThat(DecisionValidator.violations(inst, d)).isEmpty();
                    assertThat(CostModel.evaluate(inst, d).objective(Prompt.weighted(w)))
                            .as("w = " + w + ": no worse than all-local")
                            .isLessThan(1.0);
                }
            }
        }
    }
}
