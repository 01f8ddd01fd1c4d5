package org.lambo.aed.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.lambo.aed.MemoryChurn;

class ScalarsTest {
    @Test
    void aScaledArrayDifferentiatesExactlyAfterTheJvmFreedAndReusedMemory() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, -2, 3});
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = Scalars.div(Scalars.mul(x, 3f), 0.5f).sum(); // 6 x
                new MemoryChurn().run(); // what x.mul(3f) kept in the graph would now be freed and overwritten
                gc.backward(y);
            }
            assertThat(x.getGradient().toFloatArray()).containsExactly(6f, 6f, 6f);
            assertThat(Scalars.of(x, 2.5f).getFloat()).isEqualTo(2.5f);
        }
    }
}
