package org.lambo.aed.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
import org.lambo.aed.MemoryChurn;
import org.lambo.aed.TestModels;
import org.lambo.rng.Seeds;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;

class AcrlUnderMemoryChurnTest {
    private static final Scenario SMALL = ScenarioLoader.load("small");
    private static final int STEPS = 4;

    private static TrainOptions options() {
        return TrainOptions.builder()
                .batch(8)
                .seed(3)
                .learningRate(1e-3)
                .validationSize(2)
                .layoutEvery(3)
                .steps(STEPS)
                .build();
    }

    /**
     * Runs the steps, the churn between every forward pass and its backward pass; {@code skipped} gets the count and
     * the first skip's parameter.
     */
    private static List<float[]> weightsAfterSteps(Runnable beforeBackward, String[] skipped, double[] norms) {
        try (AedModel model = AedModel.create(TestModels.tiny(), 9)) {
            AcrlTrainer trainer = new AcrlTrainer(model, SMALL, options());
            trainer.beforeBackward = beforeBackward;
            for (int step = 0; step < STEPS; step++) {
                AcrlTrainer.Rollouts r = trainer.rollout(trainer.batch(step), Seeds.stream(3, "train.sample", step));
                norms[step] = trainer.update(r).gradNorm();
            }
            skipped[0] = trainer.skippedSteps() + " skipped, first: " + trainer.firstSkip();
            List<float[]> out = new ArrayList<>();
            for (Pair<String, Parameter> p : model.network().getParameters())
                out.add(p.getValue().getArray().toFloatArray());
            return out;
        }
    }

    @Test
    void memoryFreedAndReusedBetweenForwardAndBackwardChangesNoGradient() {
        String[] quietSkipped = new String[1];
        double[] quietNorms = new double[STEPS];
        List<float[]> quiet = weightsAfterSteps(() -> {}, quietSkipped, quietNorms);
        String[] churnSkipped = new String[1];
        double[] churnNorms = new double[STEPS];
        List<float[]> churned = weightsAfterSteps(new MemoryChurn(), churnSkipped, churnNorms);
        assertThat(quietSkipped[0]).isEqualTo("0 skipped, first: null");
        // before the fix (DJL's x.mul(number) in the graph) the churned run skipped all 4 steps for a NaN gradient
        assertThat(churnSkipped[0])
                .as("steps skipped for a garbage gradient under churn")
                .isEqualTo("0 skipped, first: null");
        assertThat(churnNorms).containsExactly(quietNorms);
        for (int k = 0; k < quiet.size(); k++) assertThat(churned.get(k)).containsExactly(quiet.get(k));
    }
}
