package org.lambo.aed.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
import org.lambo.aed.TestModels;
import org.lambo.aed.features.Features;

class AedNetworkShapesTest {
    private static final int B = 3;
    private static final int N = 7;
    private static final int M = 4;
    private static final int D = TestModels.tiny().dModel();
    private static AedModel model;

    @BeforeAll
    static void build() {
        model = AedModel.create(TestModels.tiny(), 1);
    }

    @AfterAll
    static void free() {
        model.close();
    }

    private static NDArray random(NDManager m, long... shape) {
        return m.randomUniform(0, 1, new Shape(shape));
    }

    @Test
    void denseMapsTheLastAxis() {
        Dense dense = new Dense(5, 3);
        try (NDManager m = model.manager().newSubManager()) {
            dense.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(5));
            NDArray y = dense.apply(new ParameterStore(m, false), random(m, B, N, M, 5), false);
            assertThat(y.getShape()).isEqualTo(new Shape(B, N, M, 3));
        }
    }

    @Test
    void attentionKeepsTheQueryShapeWhateverTheMemoryLength() {
        MultiHeadAttention att = new MultiHeadAttention(D, 2);
        try (NDManager m = model.manager().newSubManager()) {
            att.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(D));
            NDArray y =
                    att.apply(new ParameterStore(m, false), random(m, B, N, D), random(m, B, N + 5, D), null, false);
            assertThat(y.getShape()).isEqualTo(new Shape(B, N, D));
        }
    }

    @Test
    void everyOutputHasItsDocumentedShape() {
        try (NDManager m = model.manager().newSubManager()) {
            NDList in = new NDList(
                    random(m, B, N, Features.UE),
                    m.eye(Features.PROMPTS).get("0:1").repeat(0, B),
                    random(m, B, N, M + 1, Features.OPTION),
                    random(m, B, N, Features.ACTION),
                    m.ones(new Shape(B, N, M + 1)));
            NDList out = model.network().forward(new ParameterStore(m, false), in, false);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(B, N, D));
            assertThat(out.get(1).getShape()).isEqualTo(new Shape(B, N, M + 1));
            assertThat(out.get(2).getShape()).isEqualTo(new Shape(B, N, M + 1));
            assertThat(out.get(3).getShape()).isEqualTo(new Shape(B, 2));
            Shape[] declared = model.network().getOutputShapes(in.getShapes());
            assertThat(List.of(declared))
                    .containsExactly(
                            out.get(0).getShape(),
                            out.get(1).getShape(),
                            out.get(2).getShape(),
                            out.get(3).getShape());
        }
    }

    @Test
    void causalBiasLetsStepTSeeTheStartTokenAndEarlierSteps() {
        try (NDManager m = model.manager().newSubManager()) {
            float[] bias = AedDecoder.causalBias(m, 3).toFloatArray(); // [3, 4]
            assertThat(bias)
                    .containsExactly(
                            0,
                            -AedDecoder.MASKED,
                            -AedDecoder.MASKED,
                            -AedDecoder.MASKED,
                            0,
                            0,
                            -AedDecoder.MASKED,
                            -AedDecoder.MASKED,
                            0,
                            0,
                            0,
                            -AedDecoder.MASKED);
        }
    }

    @Test
    void modelSizesCountTheirParameters() {
        assertThat(model.parameterCount())
                .isEqualTo(model.parameterCount("encoder")
                        + model.parameterCount("decoder")
                        + model.parameterCount("critic"));
        assertThat(model.parameterCount("encoder")).isPositive();
    }
}
