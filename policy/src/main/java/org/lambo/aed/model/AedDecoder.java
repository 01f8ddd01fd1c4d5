package org.lambo.aed.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import org.lambo.aed.features.Features;
import org.lambo.aed.features.SlotFeatures;
import org.lambo.aed.infer.DecoderWeights;

/**
 * The one-layer decoder that decides UE by UE, here evaluated for all N steps at once (teacher forcing): step t sees
 * what was decided for UEs 0..t-1 through a causal mask, so this pass gives exactly the outputs that step-by-step
 * decoding ({@link org.lambo.aed.infer.FastDecoder}) computes.
 *
 * <p>At step t (UE t):
 *
 * <pre>
 *   O_t  = MLP(option features of UE t)                 the MEC embedding, one token per option 0..M
 *   q_t  = H_t + W_c mean(O_t) + P_dec[prompt]
 *   C_k  = H_k + W_a action(k)                          what was decided for UE k (k &lt; t), after a learned BOS token
 *   z1   = LN(q_t + SelfAttn(q_t, [BOS, C_0..C_{t-1}]))
 *   z2   = LN(z1 + CrossAttn(z1, H))                    encoder-decoder attention over all UEs
 *   z3   = LN(z2 + FFN(z2))
 *   logit_j = C tanh((W_q z3) . (W_k O_tj) / sqrt(d)) + G C (prompt row W_s) . S_tj, -1e9 where j is infeasible
 *   mu_j    = MLP([z3 ; O_tj])                           share head, pre-sigmoid
 * </pre>
 *
 * Inputs: H [B, N, d], prompt one-hot [B, P], option features [B, N, M+1, FO], action features [B, N, FA], feasibility
 * mask [B, N, M+1] (1 feasible, 0 not), and optionally the slot features S [B, N, M+1, FS] ({@link SlotFeatures}).
 * Outputs: logits [B, N, M+1] and share means [B, N, M+1].
 *
 * <p><b>The slot term</b> (G C W_s S) is linear in the slot features with weights W_s [P, FS] (the prompt row picks or
 * interpolates a row); the factor G C ({@link DecoderWeights#SLOT_GAIN} times the logit clip) lets Adam, whose steps
 * move a weight by about the learning rate whatever its gradient, move the term on the scale of the logits within a
 * fine-tune's few hundred steps. W_s is zero in every model that was not fine-tuned with it ({@code lambo finetune
 * --slot-features}): it is not among the block's DJL parameters, so the engine's parameter file ({@code aed.params})
 * keeps its layout and every checkpoint saved before it loads as it did; {@link org.lambo.aed.AedModel} saves and loads
 * it beside ({@code aed.json}, {@value #SLOT_WEIGHTS}), absent meaning zero. Without the sixth input the term is left
 * out, which equals it while W_s is zero.
 */
public final class AedDecoder extends Composite {
    /** What an infeasible option's logit is pushed down by: the plain-Java decoder's {@link DecoderWeights#MASKED}. */
    public static final float MASKED = DecoderWeights.MASKED;

    private final int d;
    private final double logitClip;
    private final FeedForward optionEmbed;
    private final Dense context;
    private final Parameter prompt;
    private final Dense action;
    private final Parameter bos;
    private final MultiHeadAttention selfAttention;
    private final Norm selfNorm;
    private final MultiHeadAttention crossAttention;
    private final Norm crossNorm;
    private final FeedForward feedForward;
    private final Norm feedForwardNorm;
    private final Dense pointerQuery;
    private final Dense pointerKey;
    private final FeedForward shareHead;
    private final Parameter slotWeights;

    /** The name of the slot term's weights W_s [P, FS], in checkpoints and error messages. */
    public static final String SLOT_WEIGHTS = "decoder_slotWeights";

    public AedDecoder(AedConfig cfg) {
        this.d = cfg.dModel();
        this.logitClip = cfg.logitClip();
        this.optionEmbed = addChildBlock("optionEmbed", new FeedForward(Features.OPTION, d, d));
        this.context = addChildBlock("context", new Dense(d, d));
        this.prompt = addParameter(Parameter.builder()
                .setName("prompt")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(Features.PROMPTS, d))
                .build());
        this.action = addChildBlock("action", new Dense(Features.ACTION, d));
        this.bos = addParameter(Parameter.builder()
                .setName("bos")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, d))
                .build());
        this.selfAttention = addChildBlock("selfAttention", new MultiHeadAttention(d, cfg.heads()));
        this.selfNorm = addChildBlock("selfNorm", new Norm(d));
        this.crossAttention = addChildBlock("crossAttention", new MultiHeadAttention(d, cfg.heads()));
        this.crossNorm = addChildBlock("crossNorm", new Norm(d));
        this.feedForward = addChildBlock("feedForward", new FeedForward(d, cfg.ffHidden(), d));
        this.feedForwardNorm = addChildBlock("feedForwardNorm", new Norm(d));
        this.pointerQuery = addChildBlock("pointerQuery", new Dense(d, d));
        this.pointerKey = addChildBlock("pointerKey", new Dense(d, d));
        this.shareHead = addChildBlock("shareHead", new FeedForward(2 * d, d, 1));
        // not addParameter: kept out of the engine's parameter file (see the class comment); zero until trained
        this.slotWeights = Parameter.builder()
                .setName("slotWeights")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(Features.PROMPTS, SlotFeatures.WIDTH))
                .optInitializer(Initializer.ZEROS)
                .build();
    }

    /** W_s [P, FS], the slot term's weights: not among {@link #getParameters()}, initialised to zero by the model. */
    public Parameter slotWeights() {
        return slotWeights;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = inputs.get(0); // [B, N, d]
        NDArray promptOneHot = inputs.get(1); // [B, P]
        NDArray optionFeatures = inputs.get(2); // [B, N, M+1, FO]
        NDArray actionFeatures = inputs.get(3); // [B, N, FA]
        NDArray mask = inputs.get(4); // [B, N, M+1]
        long b = h.getShape().get(0);
        int n = Math.toIntExact(h.getShape().get(1));
        long options = optionFeatures.getShape().get(2);

        NDArray o = optionEmbed.apply(ps, optionFeatures, training); // [B, N, M+1, d]
        NDArray p = promptOneHot
                .matMul(ps.getValue(prompt, h.getDevice(), training)) // [B, d]
                .expandDims(1); // [B, 1, d]
        NDArray q = h.add(context.apply(ps, o.mean(new int[] {2}), training)).add(p); // [B, N, d]
        NDArray c = h.add(action.apply(ps, actionFeatures, training)); // [B, N, d]
        // zeros(h's manager) + bos, not bos.expandDims(0).broadcast(...): an array's operations put their result in
        // its own manager, and the parameter's is the model's, which lives as long as the model. Every array built
        // from the BOS token (the memory, its keys and values: ten per pass) would outlive the pass there, each
        // holding [B, N+1, d] floats: training's native memory grew without bound
        // (TrainingLeavesNoArraysBehindTest)
        NDArray start = h.getManager()
                .zeros(new Shape(b, 1, d), h.getDataType(), h.getDevice())
                .add(ps.getValue(bos, h.getDevice(), training)); // [B, 1, d]
        NDArray memory = NDArrays.concat(new NDList(start, c), 1); // [B, N+1, d]
        NDArray causal = causalBias(h.getManager(), n).toDevice(h.getDevice(), false); // [N, N+1]

        NDArray z1 =
                selfNorm.apply(ps, q.add(selfAttention.apply(ps, q, memory, causal, training)), training); // [B, N, d]
        NDArray z2 =
                crossNorm.apply(ps, z1.add(crossAttention.apply(ps, z1, h, null, training)), training); // [B, N, d]
        NDArray z3 = feedForwardNorm.apply(ps, z2.add(feedForward.apply(ps, z2, training)), training); // [B, N, d]

        NDArray pq = pointerQuery.apply(ps, z3, training).expandDims(2); // [B, N, 1, d]
        NDArray pk = pointerKey.apply(ps, o, training); // [B, N, M+1, d]
        NDArray scores = Scalars.div(pq.mul(pk).sum(new int[] {3}), (float) Math.sqrt(d)); // [B, N, M+1]
        NDArray logits = Scalars.mul(scores.tanh(), (float) logitClip); // [B, N, M+1]
        if (inputs.size() > 5) {
            NDArray slot = inputs.get(5); // [B, N, M+1, FS]
            NDArray ws = promptOneHot
                    .matMul(ps.getValue(slotWeights, h.getDevice(), training)) // [B, FS]
                    .reshape(b, 1, 1, SlotFeatures.WIDTH); // [B, 1, 1, FS]
            logits = logits.add(Scalars.mul(
                    slot.mul(ws).sum(new int[] {3}), (float) (DecoderWeights.SLOT_GAIN * logitClip))); // [B, N, M+1]
        }
        logits = logits
                // not differentiated: the mask is an input, its product with numbers carries no gradient
                .add(mask.sub(1f).mul(MASKED)); // [B, N, M+1]

        NDArray z3b = z3.expandDims(2).broadcast(new Shape(b, n, options, d)); // [B, N, M+1, d]
        NDArray shareIn = NDArrays.concat(new NDList(z3b, o), 3); // [B, N, M+1, 2d]
        NDArray mu = shareHead.apply(ps, shareIn, training).squeeze(3); // [B, N, M+1]
        return new NDList(logits, mu);
    }

    /** 0 where step t may look at memory slot s (s &lt;= t: the BOS token and UEs 0..t-1), -1e9 elsewhere. [N, N+1] */
    static NDArray causalBias(NDManager manager, int n) {
        float[] bias = new float[n * (n + 1)];
        for (int t = 0; t < n; t++) {
            for (int s = t + 1; s <= n; s++) bias[t * (n + 1) + s] = -MASKED;
        }
        return manager.create(bias, new Shape(n, n + 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape options = inputShapes[2];
        Shape out = new Shape(options.get(0), options.get(1), options.get(2));
        return new Shape[] {out, out};
    }

    public DecoderWeights snapshot() {
        return new DecoderWeights(
                d,
                logitClip,
                optionEmbed.snapshot(),
                context.snapshot(),
                prompt.getArray().toFloatArray(),
                action.snapshot(),
                bos.getArray().toFloatArray(),
                selfAttention.snapshot(),
                selfNorm.snapshot(),
                crossAttention.snapshot(),
                crossNorm.snapshot(),
                feedForward.snapshot(),
                feedForwardNorm.snapshot(),
                pointerQuery.snapshot(),
                pointerKey.snapshot(),
                shareHead.snapshot(),
                slotWeights.getArray().toFloatArray());
    }
}
