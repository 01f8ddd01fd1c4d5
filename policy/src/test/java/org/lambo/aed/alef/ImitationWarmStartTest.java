package org.lambo.aed.alef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
import org.lambo.aed.TestModels;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;

class ImitationWarmStartTest {
    static {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null)
            System.setProperty("ai.djl.pytorch.num_threads", "1");
    }

    private static final Scenario TINY = ScenarioLoader.load("tiny");

    private static ImitationWarmStart.Options options(Map<Prompt, String> experts, int slots, int epochs) {
        return new ImitationWarmStart.Options(experts, PolicySettings.ofSeed(1), slots, epochs, 8, 3e-3, 1, 1, 11);
    }

    private static Map<String, float[]> values(Block block) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters())
            out.put(p.getKey(), p.getValue().getArray().toFloatArray());
        return out;
    }

    @Test
    void eachSlotComesFromAWorldOfItsOwnAndIsLabelledUnderEveryPromptOfTheMap() {
        ImitationWarmStart ws = new ImitationWarmStart(
                TINY, options(Map.of(Prompt.MIN_LATENCY, "exhaustive", Prompt.MIN_ENERGY, "greedy"), 6, 1));
        List<Instance> slots = ws.slots();
        assertThat(slots).hasSize(6);
        assertThat(slots.stream().map(Instance::id).distinct()).hasSize(6);
        // server layouts differ between the worlds
        assertThat(slots.stream()
                        .map(i -> i.server(1).position().toString())
                        .distinct()
                        .count())
                .isGreaterThan(1);
        ImitationWarmStart.Labels labels = ws.label(slots, null);
        List<Demonstration> demos = labels.demonstrations();
        assertThat(demos.size() + labels.skipped()).isEqualTo(12);
        assertThat(demos).extracting(Demonstration::prompt).contains(Prompt.MIN_LATENCY, Prompt.MIN_ENERGY);
        // the same seed labels the same slots the same way
        List<Demonstration> again = new ImitationWarmStart(
                        TINY, options(Map.of(Prompt.MIN_LATENCY, "exhaustive", Prompt.MIN_ENERGY, "greedy"), 6, 1))
                .label(slots, null)
                .demonstrations();
        for (int k = 0; k < demos.size(); k++)
            assertThat(again.get(k).expert()).isEqualTo(demos.get(k).expert());
    }

    @Test
    void cloningTrainsEncoderAndDecoderTowardsTheExpertAndLeavesTheCriticAlone() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 3)) {
            Map<String, float[]> encoder = values(model.network().encoder());
            Map<String, float[]> critic = values(model.network().critic());
            ImitationWarmStart.Result r = new ImitationWarmStart(
                            TINY,
                            options(Map.of(Prompt.MIN_LATENCY, "exhaustive", Prompt.MIN_ENERGY, "exhaustive"), 16, 6))
                    .run(model, null, null);
            assertThat(r.labels() + r.skipped()).isEqualTo(32);
            assertThat(r.epochs()).hasSize(6);
            ImitationWarmStart.Epoch first = r.epochs().get(0);
            ImitationWarmStart.Epoch last = r.epochs().get(5);
            assertThat(last.crossEntropy()).isLessThan(first.crossEntropy());
            assertThat(last.labelledGap()).isLessThanOrEqualTo(first.labelledGap());
            Map<String, float[]> encoderAfter = values(model.network().encoder());
            long moved = encoder.keySet().stream()
                    .filter(k -> !Arrays.equals(encoder.get(k), encoderAfter.get(k)))
                    .count();
            assertThat(moved).as("encoder parameters trained").isEqualTo(encoder.size());
            Map<String, float[]> criticAfter = values(model.network().critic());
            for (String k : critic.keySet())
                assertThat(criticAfter.get(k)).as("critic parameter %s", k).containsExactly(critic.get(k));
            // nothing is left on the gradients for ACRL to inherit
            for (Pair<String, Parameter> p : model.network().getParameters()) {
                if (p.getValue().getArray().hasGradient()) {
                    assertThat(p.getValue().getArray().getGradient().abs().max().getFloat())
                            .as(p.getKey())
                            .isZero();
                }
            }
        }
    }

    @Test
    void badOptionsNameTheValue() {
        assertThatThrownBy(() -> options(Map.of(), 1, 1)).hasMessageContaining("expert");
        assertThatThrownBy(() -> options(Map.of(Prompt.MIN_ENERGY, "mip"), 0, 1))
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> options(Map.of(Prompt.MIN_ENERGY, "mip"), 1, 0))
                .hasMessageContaining("epochs")
                .hasMessageContaining("got 0");
    }
}
