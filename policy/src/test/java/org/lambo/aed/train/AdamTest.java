package org.lambo.aed.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
import org.lambo.aed.TestModels;
import org.lambo.aed.model.Scalars;

class AdamTest {
    @Test
    void aSkippedStepNamesTheParameterWhoseGradientIsGarbage() {
        try (AedModel model = AedModel.create(TestModels.tiny(), 1)) {
            PairList<String, Parameter> params = model.network().getParameters();
            Adam adam = new Adam(model.manager(), params, 1e-3, 1.0);
            Pair<String, Parameter> victim = params.get(params.size() / 2);
            Pair<String, Parameter> other = params.get(0);
            float[] before = victim.getValue().getArray().toFloatArray();
            try (NDManager sub = model.manager().newSubManager()) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray bad = Scalars.mul(victim.getValue().getArray().sum(), Float.NaN);
                    gc.backward(bad.add(other.getValue().getArray().sum()));
                }
            }
            assertThat(adam.lastSkip()).isNull();
            assertThat(adam.step()).isNaN();
            assertThat(adam.steps()).isZero();
            assertThat(adam.lastSkip()).startsWith(victim.getKey() + ": NaN (1 of ");
            assertThat(victim.getValue().getArray().toFloatArray()).containsExactly(before);
            // the gradients were zeroed: the next step is a clean one
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(other.getValue().getArray().sum());
            }
            assertThat(adam.step()).isFinite();
            assertThat(adam.steps()).isOne();
        }
    }
}
