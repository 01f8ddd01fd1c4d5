package org.lambo.aed.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.lambo.aed.infer.DenseWeights;

/**
 * y = x W^T + b over the last axis, any leading axes: [..., in] -> [..., out]. Its parameter shapes are fixed at
 * construction (weight [out, in], bias [out]), so it needs no input shape to initialise.
 */
public final class Dense extends AbstractBlock {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    public Dense(int in, int out) {
        if (in < 1 || out < 1)
            throw new IllegalArgumentException("dense layer needs in, out >= 1, got " + in + ", " + out);
        this.in = in;
        this.out = out;
        this.weight = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in))
                .build());
        this.bias = addParameter(Parameter.builder()
                .setName("bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(out))
                .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow(); // [..., in]
        NDArray w = ps.getValue(weight, x.getDevice(), training); // [out, in]
        NDArray b = ps.getValue(bias, x.getDevice(), training); // [out]
        return Linear.linear(x, w, b); // [..., out]
    }

    /** Applies the layer to one array. */
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {s.slice(0, s.dimension() - 1).add(out)};
    }

    /** The weights as plain Java arrays, for the CPU inference path. */
    public DenseWeights snapshot() {
        return DenseWeights.of(weight.getArray().toFloatArray(), bias.getArray().toFloatArray(), in, out);
    }
}
