package org.lambo.aed.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.aed.AedModel;
import org.lambo.aed.TestModels;
import org.lambo.run.ProgressListener;
import org.lambo.scenario.ScenarioLoader;

/**
 * Training with the default prompts ({@code named}) makes what it made before the prompts became a sampler: the
 * learning curve of three steps of a seeded run is the one recorded from the trainer that indexed the two named prompts
 * by ordinal (commit bc13686), to float noise (PyTorch's CPU sums are not bit-stable, docs/AED.md).
 */
class NamedPromptTrainingUnchangedTest {
    /** step, loss, cost min-latency, cost min-energy, validation gap min-latency, min-energy (bc13686). */
    private static final double[][] RECORDED = {
        {1, 1.06271732, 0.829051438, 0.704293286, Double.NaN, Double.NaN},
        {2, 1.19668174, 0.801442889, 0.792149301, Double.NaN, Double.NaN},
        {3, 1.72839749, 0.831249581, 0.778727274, 0.0840454053, 0.0992417421},
    };

    @Test
    void namedPromptsTrainAsBeforeForTheSameSeed(@TempDir Path dir) throws Exception {
        TrainOptions opts = TrainOptions.builder()
                .steps(3)
                .batch(6)
                .seed(11)
                .learningRate(1e-3)
                .validationSize(3)
                .evalEvery(3)
                .checkpointEvery(3)
                .layoutEvery(2)
                .build();
        List<LearningCurve.Row> rows;
        try (AedModel model = AedModel.create(TestModels.tiny(), 11)) {
            rows = new AcrlTrainer(model, ScenarioLoader.load("small"), opts)
                    .train(dir, 0, ProgressListener.NONE, null)
                    .rows();
        }
        assertThat(rows).hasSize(RECORDED.length);
        for (int k = 0; k < RECORDED.length; k++) {
            LearningCurve.Row r = rows.get(k);
            double[] g = RECORDED[k];
            assertThat(r.step()).isEqualTo((long) g[0]);
            assertThat(r.loss())
                    .as("loss at step %d", r.step())
                    .isCloseTo(g[1], within(1e-4 * Math.max(1, Math.abs(g[1]))));
            assertThat(r.costLatency()).as("cost L at step %d", r.step()).isCloseTo(g[2], within(1e-5));
            assertThat(r.costEnergy()).as("cost E at step %d", r.step()).isCloseTo(g[3], within(1e-5));
            if (Double.isNaN(g[4])) {
                assertThat(r.valGapLatency()).isNaN();
            } else {
                assertThat(r.valGapLatency()).isCloseTo(g[4], within(1e-5));
                assertThat(r.valGapEnergy()).isCloseTo(g[5], within(1e-5));
            }
        }
    }
}
