package org.lambo.are;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.baseline.GreedyPolicy;
import org.lambo.io.InputException;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class AreNetworkTest {
    private static SlotMemory greedyLabels(String scenario, int slots, Prompt prompt) {
        World w = new World(ScenarioLoader.load(scenario), 5);
        SlotMemory memory = new SlotMemory(slots);
        GreedyPolicy greedy = new GreedyPolicy();
        for (int k = 0; k < slots; k++) {
            Instance inst = w.next();
            memory.add(SlotMemory.label(inst, greedy.decide(inst, prompt)));
        }
        return memory;
    }

    @Test
    void theJavaForwardMatchesTheEngineBeforeAndAfterTraining() {
        SlotMemory memory = greedyLabels("small", 8, Prompt.MIN_LATENCY);
        try (AreNetwork net = AreNetwork.create(3, AreSettings.defaults(), new Well19937c(1))) {
            for (int round = 0; round < 2; round++) {
                float[][] rows = memory.batch().rows();
                float[][] engine = net.engineOutputs(rows);
                for (int r = 0; r < rows.length; r++) {
                    float[] java = net.forward(rows[r]);
                    for (int j = 0; j <= 3; j++) assertThat(java[j]).isCloseTo(engine[r][j], within(1e-4f));
                    assertThat(java[4]).isCloseTo((float) (1 / (1 + Math.exp(-engine[r][4]))), within(1e-5f));
                }
                net.train(memory.batch(), 5);
            }
        }
    }

    @Test
    void fullBatchTrainingLowersTheLossOfTheLabels() {
        SlotMemory memory = greedyLabels("small", 20, Prompt.MIN_ENERGY);
        try (AreNetwork net = AreNetwork.create(3, AreSettings.defaults(), new Well19937c(2))) {
            double before = net.loss(memory.batch());
            double[] losses = net.train(memory.batch(), 200);
            double after = net.loss(memory.batch());
            assertThat(losses[0]).isCloseTo(before, within(1e-4));
            assertThat(after).isLessThan(before * 0.8);
            assertThat(net.updates()).isEqualTo(200);
        }
    }

    @Test
    void saveAndLoadKeepTheOutputsAndRefuseAnotherShape(@TempDir Path dir) throws Exception {
        float[] row = AreFeatures.encode(new World(ScenarioLoader.load("small"), 3).next())[0];
        Path file = dir.resolve("w.params");
        try (AreNetwork net = AreNetwork.create(3, AreSettings.defaults(), new Well19937c(3))) {
            net.save(file);
            try (AreNetwork back = AreNetwork.load(file, 3, AreSettings.defaults())) {
                assertThat(back.forward(row)).containsExactly(net.forward(row));
            }
        }
        assertThatThrownBy(() -> AreNetwork.load(file, 4, AreSettings.defaults()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("M = 4");
        assertThatThrownBy(() -> AreNetwork.load(file, 3, AreSettings.defaults().withHidden(new int[] {16})))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("hidden [16]");
    }

    @Test
    void theSameSeedDrawsTheSameWeights() {
        float[] row = AreFeatures.encode(new World(ScenarioLoader.load("small"), 3).next())[1];
        try (AreNetwork a = AreNetwork.create(3, AreSettings.defaults(), new Well19937c(9));
                AreNetwork b = AreNetwork.create(3, AreSettings.defaults(), new Well19937c(9));
                AreNetwork c = AreNetwork.create(3, AreSettings.defaults(), new Well19937c(10))) {
            assertThat(a.forward(row)).containsExactly(b.forward(row));
            assertThat(a.forward(row)).isNotEqualTo(c.forward(row));
        }
    }

    @Test
    void aLabelOutsideTheOptionsIsRefused() {
        try (AreNetwork net = AreNetwork.create(2, AreSettings.defaults(), new Well19937c(1))) {
            AreNetwork.Batch bad = new AreNetwork.Batch(
                    new float[][] {new float[AreFeatures.dimension(2)]}, new int[] {3}, new float[] {0.5f});
            assertThatThrownBy(() -> net.train(bad, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("label 3");
        }
        assertThat(List.of(AreFeatures.dimension(4))).containsExactly(19);
    }
}
