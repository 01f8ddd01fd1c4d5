package org.lambo.aed.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.lambo.aed.infer.NormWeights;

/** Layer normalisation over the last axis of width d, with a learned scale and shift: [..., d] -> [..., d]. */
public final class Norm extends AbstractBlock {
    /** The epsilon added to the variance. */
    public static final float EPSILON = 1e-5f;

    private final int d;
    private final Parameter gamma;
    private final Parameter beta;

    public Norm(int d) {
        if (d < 1) throw new IllegalArgumentException("layer norm needs d >= 1, got " + d);
        this.d = d;
        this.gamma = addParameter(Parameter.builder()
                .setName("gamma")
                .setType(Parameter.Type.GAMMA)
                .optShape(new Shape(d))
                .build());
        this.beta = addParameter(Parameter.builder()
                .setName("beta")
                .setType(Parameter.Type.BETA)
                .optShape(new Shape(d))
                .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow(); // [..., d]
        NDArray g = ps.getValue(gamma, x.getDevice(), training); // [d]
        NDArray b = ps.getValue(beta, x.getDevice(), training); // [d]
        return LayerNorm.layerNorm(x, new Shape(d), g, b, EPSILON); // [..., d]
    }

    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    public NormWeights snapshot() {
        return new NormWeights(gamma.getArray().toFloatArray(), beta.getArray().toFloatArray(), EPSILON);
    }
}
