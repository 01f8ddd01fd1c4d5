package org.lambo.aed.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
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

    private static List<float[]> weightsAfterSteps(Runnable beforeBackward, long[] skipped, double[] norms) {
        try (AedModel model = AedModel.create(TestModels.tiny(), 9)) {
            AcrlTrainer trainer = new AcrlTrainer(model, SMALL, options());
            trainer.beforeBackward = beforeBackward;
            for (int step = 0; step < STEPS; step++) {
                AcrlTrainer.Rollouts r = trainer.rollout(trainer.batch(step), Seeds.stream(3, "train.sample", step));
                norms[step] = trainer.update(r).gradNorm();
            }
            skipped[0] = trainer.skippedSteps();
            List<float[]> out = new ArrayList<>();
            for (Pair<String, Parameter> p : model.network().getParameters())
                out.add(p.getValue().getArray().toFloatArray());
            return out;
        }
    }

    @Test
    void memoryFreedAndReusedBetweenForwardAndBackwardChangesNoGradient() {
        long[] quietSkipped = new long[1];
        double[] quietNorms = new double[STEPS];
        List<float[]> quiet = weightsAfterSteps(() -> {}, quietSkipped, quietNorms);
        long[] churnSkipped = new long[1];
        double[] churnNorms = new double[STEPS];
        List<float[]> churned = weightsAfterSteps(new MemoryChurn(), churnSkipped, churnNorms);
        assertThat(quietSkipped[0]).isZero();
        assertThat(churnSkipped[0])
                .as("steps skipped for a garbage gradient under churn")
                .isZero();
        assertThat(churnNorms).containsExactly(quietNorms);
        for (int k = 0; k < quiet.size(); k++) assertThat(churned.get(k)).containsExactly(quiet.get(k));
    }
}
