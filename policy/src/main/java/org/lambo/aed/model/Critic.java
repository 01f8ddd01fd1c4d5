package org.lambo.aed.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.lambo.aed.features.Features;

/**
 * The critic of ACRL, with two heads: the value of the offloading options (the expected reward of the decoded
 * assignment) and the value of the shares (the expected reward of the decoded shares as they are). It reads the mean of
 * the encoder's tokens, detached so that the critic's loss does not shape the encoder, plus its own prompt embedding.
 * Inputs: H [B, N, d], prompt one-hot [B, P]. Output: values [B, 2] (column 0 options, 1 shares).
 */
public final class Critic extends Composite {
    private final Parameter prompt;
    private final FeedForward head;

    public Critic(AedConfig cfg) {
        int d = cfg.dModel();
        this.prompt = addParameter(Parameter.builder()
                .setName("prompt")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(Features.PROMPTS, d))
                .build());
        this.head = addChildBlock("head", new FeedForward(d, d, 2));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = inputs.get(0).stopGradient(); // [B, N, d]
        NDArray promptOneHot = inputs.get(1); // [B, P]
        NDArray g = h.mean(new int[] {1}) // [B, d]
                .add(promptOneHot.matMul(ps.getValue(prompt, h.getDevice(), training))); // [B, d]
        return new NDList(head.apply(ps, g, training)); // [B, 2]
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 2)};
    }
}
