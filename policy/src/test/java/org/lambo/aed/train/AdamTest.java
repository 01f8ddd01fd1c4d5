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
import org.lambo.aed.model.AedConfig;
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

    @Test
    void stateOfAnotherModelIsRefusedNamingTheFileAndTheParameter(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (AedModel model = AedModel.create(TestModels.tiny(), 1);
                AedModel other = AedModel.create(new AedConfig("test-wider", 24, 2, 2, 32, 10.0, 0.3), 1)) {
            java.nio.file.Path file = dir.resolve("adam.bin");
            new Adam(other.manager(), other.network().getParameters(), 1e-3, 1.0).save(file);
            Adam adam = new Adam(model.manager(), model.network().getParameters(), 1e-3, 1.0);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> adam.load(file))
                    .isInstanceOf(org.lambo.io.InputException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("parameter 0")
                    .hasMessageContaining("the model's parameter is");
        }
    }

    @Test
    void savedStateLoadsBackIntoTheSameMoments(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        try (AedModel model = AedModel.create(TestModels.tiny(), 1)) {
            PairList<String, Parameter> params = model.network().getParameters();
            Adam adam = new Adam(model.manager(), params, 1e-3, 1.0);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(params.get(0).getValue().getArray().sum());
            }
            adam.step();
            java.nio.file.Path file = dir.resolve("adam.bin");
            adam.save(file);
            Adam back = new Adam(model.manager(), params, 1e-3, 1.0);
            back.load(file);
            java.nio.file.Path again = dir.resolve("again.bin");
            back.save(again);
            assertThat(java.nio.file.Files.readAllBytes(again)).isEqualTo(java.nio.file.Files.readAllBytes(file));
            assertThat(back.steps()).isOne();
        }
    }
}
