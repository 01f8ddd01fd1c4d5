package org.lambo.aed.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.lambo.aed.features.Features;

/**
 * The deep encoder: UE tokens embedded to width d, the prompt's learned embedding added to every token, L
 * pre-normalised self-attention layers, and a final layer norm. Inputs: UE features [B, N, {@value Features#UE}],
 * prompt one-hot [B, {@value Features#PROMPTS}]. Output: H [B, N, d].
 */
public final class AedEncoder extends Composite {
    private final int d;
    private final Dense embed;
    private final Parameter prompt;
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final Norm finalNorm;

    public AedEncoder(AedConfig cfg) {
        this.d = cfg.dModel();
        this.embed = addChildBlock("embed", new Dense(Features.UE, d));
        this.prompt = addParameter(Parameter.builder()
                .setName("prompt")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(Features.PROMPTS, d))
                .build());
        for (int l = 0; l < cfg.encoderLayers(); l++) {
            layers.add(addChildBlock("layer" + l, new EncoderLayer(d, cfg.heads(), cfg.ffHidden())));
        }
        this.finalNorm = addChildBlock("finalNorm", new Norm(d));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ue = inputs.get(0); // [B, N, FU]
        NDArray promptOneHot = inputs.get(1); // [B, P]
        NDArray p = promptOneHot
                .matMul(ps.getValue(prompt, ue.getDevice(), training)) // [B, d]
                .expandDims(1); // [B, 1, d]
        NDArray x = embed.apply(ps, ue, training).add(p); // [B, N, d]
        for (EncoderLayer layer : layers) {
            x = layer.forward(ps, new NDList(x), training).singletonOrThrow(); // [B, N, d]
        }
        return new NDList(finalNorm.apply(ps, x, training)); // [B, N, d]
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ue = inputShapes[0];
        return new Shape[] {new Shape(ue.get(0), ue.get(1), d)};
    }
}
