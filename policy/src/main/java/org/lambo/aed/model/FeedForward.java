package org.lambo.aed.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.lambo.aed.infer.FeedForwardWeights;

/** Position-wise feed-forward: Dense(in, hidden), ReLU, Dense(hidden, out); [..., in] -> [..., out]. */
public final class FeedForward extends Composite {
    private final int out;
    private final Dense first;
    private final Dense second;

    public FeedForward(int in, int hidden, int out) {
        this.out = out;
        this.first = addChildBlock("first", new Dense(in, hidden));
        this.second = addChildBlock("second", new Dense(hidden, out));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow(); // [..., in]
        NDArray h = Activation.relu(first.apply(ps, x, training)); // [..., hidden]
        return new NDList(second.apply(ps, h, training)); // [..., out]
    }

    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {s.slice(0, s.dimension() - 1).add(out)};
    }

    public FeedForwardWeights snapshot() {
        return new FeedForwardWeights(first.snapshot(), second.snapshot());
    }
}
