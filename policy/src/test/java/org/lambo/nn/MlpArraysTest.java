package org.lambo.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.lambo.rng.Seeds;

/**
 * DROO's and ARE's learning by counts: a gradient step leaves no array behind in the network's manager, so online
 * learning over a long trial holds as many arrays after a thousand slots as after one. Before the fix the collector's
 * {@code zeroGradients()} left two gradient handles per parameter there on every step.
 */
class MlpArraysTest {
    @Test
    void trainingStepsLeaveTheNetworksArraysAsManyWithEitherOptimiser() {
        Map<String, Optimizer> optimisers = Map.of(
                "adam (DROO)",
                Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build(),
                "sgd with momentum (ARE)",
                Optimizer.sgd()
                        .setLearningRateTracker(Tracker.fixed(1e-2f))
                        .optMomentum(0.9f)
                        .build());
        for (Map.Entry<String, Optimizer> o : optimisers.entrySet()) {
            RandomGenerator rng = Seeds.stream(4, "mlp-arrays");
            try (Mlp mlp = Mlp.create(
                    new Mlp.Spec(6, new int[] {8, 8}, 3, Mlp.Hidden.RELU),
                    Mlp.Init.XAVIER_UNIFORM,
                    o.getValue(),
                    rng)) {
                float[][] rows = new float[5][6];
                for (float[] row : rows) for (int k = 0; k < row.length; k++) row[k] = (float) rng.nextGaussian();
                double first = mlp.loss(rows, (sub, out) -> out.square().mean());
                mlp.train(rows, (sub, out) -> out.square().mean(), 1); // the optimiser's state, made once
                int settled = mlp.liveArrays();
                List<Integer> perCall = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    mlp.train(rows, (sub, out) -> out.square().mean(), 3);
                    mlp.loss(rows, (sub, out) -> out.square().mean());
                    mlp.engineOutputs(rows);
                    perCall.add(mlp.liveArrays());
                }
                assertThat(mlp.steps()).isEqualTo(31);
                assertThat(mlp.loss(rows, (sub, out) -> out.square().mean()))
                        .as(o.getKey() + " learns")
                        .isLessThan(first);
                assertThat(perCall)
                        .as("%s: arrays of the network after each call (%d after the first step)", o.getKey(), settled)
                        .containsOnly(settled);
            }
        }
    }
}
