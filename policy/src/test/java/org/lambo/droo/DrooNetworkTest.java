package org.lambo.droo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.io.InputException;
import org.lambo.mec.Instance;
import org.lambo.rng.Seeds;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class DrooNetworkTest {
    private static final DrooSettings SMALL_NET =
            DrooSettings.builder().hidden(32, 16).learningRate(1e-2).build();

    private static DrooNetwork net(long seed) {
        return DrooNetwork.create(10, 3, SMALL_NET, Seeds.stream(seed, "test/net"));
    }

    private static float[][] states(int count, long seed) {
        World w = new World(ScenarioLoader.load("small"), seed);
        float[][] x = new float[count][];
        for (int b = 0; b < count; b++) x[b] = StateFeatures.encode(w.next());
        return x;
    }

    @Test
    void featuresAndLogitsHaveTheDocumentedShapes() {
        Instance inst = new World(ScenarioLoader.load("paper"), 1).next();
        assertThat(StateFeatures.encode(inst))
                .hasSize(50 * 3 + 50 * 4 * 2 + 4 * 2)
                .hasSize(StateFeatures.dimension(50, 4));
        try (DrooNetwork n = net(1)) {
            assertThat(n.inputDimension()).isEqualTo(StateFeatures.dimension(10, 3));
            assertThat(n.options()).isEqualTo(4);
            float[][] logits = n.logits(states(5, 1));
            assertThat(logits).hasNumberOfRows(5);
            for (float[] row : logits) assertThat(row).hasSize(10 * 4);
            // (D x 32 + 32) + (32 x 16 + 16) + (16 x 40 + 40)
            long d = n.inputDimension();
            assertThat(n.parameterCount()).isEqualTo(d * 32 + 32 + 32 * 16 + 16 + 16 * 40 + 40);
        }
    }

    @Test
    void featuresAreScaleFreeAndClipped() {
        for (Instance inst : CandidateRepairTest.instances(5, 3)) {
            for (float v : StateFeatures.encode(inst))
                assertThat(v).isBetween(0f, 10f).isNotNaN();
        }
    }

    @Test
    void theJavaForwardMatchesTheEngineBeforeAndAfterTraining() {
        float[][] x = states(8, 3);
        try (DrooNetwork n = net(3)) {
            for (int round = 0; round < 2; round++) {
                float[][] engine = n.logits(x);
                for (int b = 0; b < x.length; b++) {
                    float[] java = n.forward(x[b]);
                    for (int k = 0; k < java.length; k++) assertThat(java[k]).isCloseTo(engine[b][k], within(1e-5f));
                }
                n.trainStep(x, new int[8][10]); // the Java copy must follow the update
            }
        }
    }

    @Test
    void probabilitiesAreDistributionsThatRespectTheMask() {
        try (DrooNetwork n = net(2)) {
            boolean[][] allowed = new boolean[10][4];
            for (int i = 0; i < 10; i++) {
                allowed[i][0] = true;
                allowed[i][1 + i % 3] = i % 2 == 0;
            }
            double[][] p = n.probabilities(states(1, 2)[0], allowed);
            for (int i = 0; i < 10; i++) {
                double sum = 0;
                for (int j = 0; j < 4; j++) {
                    if (!allowed[i][j]) assertThat(p[i][j]).isZero();
                    else assertThat(p[i][j]).isPositive();
                    sum += p[i][j];
                }
                assertThat(sum).isCloseTo(1.0, within(1e-9));
            }
        }
    }

    @Test
    void oneTrainingStepLowersTheLossOnAFixedBatch() {
        RandomGenerator rng = Seeds.stream(4, "test/labels");
        float[][] x = states(32, 4);
        int[][] y = new int[32][10];
        for (int[] row : y) for (int i = 0; i < row.length; i++) row[i] = rng.nextInt(4);
        try (DrooNetwork n = net(4)) {
            double before = n.loss(x, y);
            double reported = n.trainStep(x, y);
            assertThat(reported).isCloseTo(before, within(1e-5));
            assertThat(n.loss(x, y)).isLessThan(before);
            assertThat(n.trainingSteps()).isEqualTo(1);
        }
    }

    @Test
    void sameSeedGivesTheSameUntrainedNetworkAndAnotherSeedAnother() {
        float[][] x = states(2, 5);
        try (DrooNetwork a = net(7);
                DrooNetwork b = net(7);
                DrooNetwork c = net(8)) {
            assertThat(a.logits(x)).isDeepEqualTo(b.logits(x));
            assertThat(a.logits(x)[0]).isNotEqualTo(c.logits(x)[0]);
        }
    }

    @Test
    void savedWeightsLoadToTheSameOutputs(@TempDir Path dir) throws Exception {
        float[][] x = states(3, 6);
        int[][] y = new int[3][10];
        Path file = dir.resolve("w.params");
        try (DrooNetwork n = net(6)) {
            n.trainStep(x, y); // move the weights away from their seeded start
            n.save(file);
            try (DrooNetwork back = DrooNetwork.load(file, 10, 3, SMALL_NET)) {
                assertThat(back.logits(x)).isDeepEqualTo(n.logits(x));
                double before = back.loss(x, y);
                back.trainStep(x, y); // a loaded network goes on learning
                assertThat(back.loss(x, y)).isLessThan(before);
            }
        }
        assertThatThrownBy(() -> DrooNetwork.load(file, 10, 4, SMALL_NET))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("N = 10, M = 4");
        Files.writeString(dir.resolve("junk.params"), "not weights");
        assertThatThrownBy(() -> DrooNetwork.load(dir.resolve("junk.params"), 10, 3, SMALL_NET))
                .isInstanceOf(InputException.class);
    }
}
