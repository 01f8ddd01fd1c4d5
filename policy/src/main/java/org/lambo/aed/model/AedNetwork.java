package org.lambo.aed.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The asymmetric encoder-decoder with its critic: a deep {@link AedEncoder}, a one-layer {@link AedDecoder} and a
 * two-headed {@link Critic}, as named children {@code encoder}, {@code decoder} and {@code critic} (the parameter names
 * of a checkpoint start with these).
 *
 * <p>Inputs: UE features [B, N, FU], prompt one-hot [B, P], option features [B, N, M+1, FO], action features [B, N,
 * FA], mask [B, N, M+1], optionally slot features [B, N, M+1, FS] (the decoder's slot term). Outputs: H [B, N, d],
 * logits [B, N, M+1], share means [B, N, M+1], values [B, 2].
 */
public final class AedNetwork extends Composite {
    private final AedConfig config;
    private final AedEncoder encoder;
    private final AedDecoder decoder;
    private final Critic critic;

    public AedNetwork(AedConfig config) {
        this.config = config;
        this.encoder = addChildBlock("encoder", new AedEncoder(config));
        this.decoder = addChildBlock("decoder", new AedDecoder(config));
        this.critic = addChildBlock("critic", new Critic(config));
    }

    public AedConfig config() {
        return config;
    }

    public AedEncoder encoder() {
        return encoder;
    }

    public AedDecoder decoder() {
        return decoder;
    }

    public Critic critic() {
        return critic;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ue = inputs.get(0); // [B, N, FU]
        NDArray prompt = inputs.get(1); // [B, P]
        NDArray h = encode(ps, ue, prompt, training); // [B, N, d]
        NDList decIn = new NDList(h, prompt, inputs.get(2), inputs.get(3), inputs.get(4));
        if (inputs.size() > 5) decIn.add(inputs.get(5)); // the slot features (AedDecoder)
        NDList dec = decoder.forward(ps, decIn, training);
        NDArray values = critic.forward(ps, new NDList(h, prompt), training).singletonOrThrow(); // [B, 2]
        return new NDList(h, dec.get(0), dec.get(1), values);
    }

    /** The encoder alone: [B, N, FU], [B, P] -> H [B, N, d]. */
    public NDArray encode(ParameterStore ps, NDArray ue, NDArray prompt, boolean training) {
        return encoder.forward(ps, new NDList(ue, prompt), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ue = inputShapes[0];
        Shape options = inputShapes[2];
        Shape perOption = new Shape(options.get(0), options.get(1), options.get(2));
        return new Shape[] {
            new Shape(ue.get(0), ue.get(1), config.dModel()), perOption, perOption, new Shape(ue.get(0), 2)
        };
    }
}
