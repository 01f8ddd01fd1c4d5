package org.lambo.aed.alef;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.random.RandomGenerator;
import org.lambo.aed.AedModel;
import org.lambo.aed.AedPolicy;
import org.lambo.aed.infer.FastDecoder;
import org.lambo.aed.infer.Trajectory;
import org.lambo.aed.model.Scalars;
import org.lambo.aed.train.Adam;
import org.lambo.aed.train.TrajectoryTensors;
import org.lambo.mec.CostModel;
import org.lambo.mec.Evaluation;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;

/**
 * Supervised training of the AED on expert demonstrations: ALEF's fine-tuning of the decoder with the encoder frozen
 * ({@link Scope#DECODER}, the default), or behaviour cloning of the whole actor, encoder and decoder
 * ({@link Scope#ACTOR}), which {@code lambo train --imitate} uses as a warm start before ACRL.
 *
 * <p><b>What is trained.</b> Only the parameters of {@link org.lambo.aed.model.AedDecoder}: the MEC embedding of the
 * option tokens, the context and action projections, the decoder's prompt embedding and BOS token, self- and
 * cross-attention, the feed-forward layer and the three norms, the pointer (option) head and the share head. The
 * encoder is frozen: its output H for a demonstration is computed once, without gradients, and cached, and the
 * optimiser holds no encoder parameter, so the encoder's weights stay bit-identical. The critic belongs to ACRL and is
 * left as it is. Under {@link Scope#ACTOR} the encoder is trained too (run on every step, with gradients, nothing
 * cached); the critic still not.
 *
 * <p><b>Loss</b> of a batch of B demonstrations with N UEs, teacher-forced along the decoding order (step t sees the
 * expert's choices for UEs 0..t-1):
 *
 * <pre>
 *   CE    = - (1 / (B N)) sum_b sum_t log pi_t(x*_t)              x* the expert's option, pi the masked softmax
 *   share = (1 / (2 |off|)) sum_{(b,t) offloaded} (mu_t(x*_t) - y*_t)^2
 *                                            y* the reserved share as a pre-sigmoid target
 *   loss  = CE + shareWeight share (+ offloadWeight CE_off + rankWeight rank, both opt-in, see {@link #rankingLoss})
 * </pre>
 *
 * The share term is the Gaussian log-likelihood of ACRL's share head up to a constant. What it teaches the head to
 * reserve is the demonstration's {@link Demonstration.Reservation}: by default the minimum share, which keeps every
 * option the expert's assignment needs feasible for the UEs after it (the policy re-optimises the final shares by
 * water-filling, so the reservation only decides feasibility).
 */
public final class DecoderFineTuner {
    /** Which parameters are trained. */
    public enum Scope {
        /** The decoder only, the encoder frozen (ALEF, as in the article; {@code lambo finetune}'s default). */
        DECODER,
        /**
         * The decoder and the encoder's last self-attention layer and final norm; the embedding, the prompt embedding
         * and the layers below stay frozen (an opt-in deviation from the article for drifts whose UE features leave the
         * pre-training ranges, docs/ALEF.md).
         */
        LAST_LAYER,
        /** Encoder and decoder (behaviour cloning before ACRL); never the critic. */
        ACTOR;

        /** The name on the command line: {@code decoder}, {@code last-layer}, {@code actor}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /**
         * Parses {@link #id()}, ignoring case.
         *
         * @throws IllegalArgumentException beginning with {@code scope}, holding the text
         */
        public static Scope parse(String text) {
            for (Scope s : values()) if (s.id().equalsIgnoreCase(text == null ? "" : text.trim())) return s;
            throw new IllegalArgumentException("scope must be decoder, last-layer or actor, got '" + text + "'");
        }
    }

    private final AedModel model;
    private final Scope scope;
    private final Adam adam;
    private final double shareWeight;
    private final double offloadWeight;
    private final double rankWeight;
    private final boolean slotTerm;
    private final Map<Demonstration, float[][]> tokens = new IdentityHashMap<>();
    private long skipped;
    private int skippedInARow;

    /** Non-finite steps in a row after which fine-tuning stops with an error. */
    public static final int MAX_SKIPS_IN_A_ROW = 5;

    /** The loss of a batch and its two parts. */
    public record Loss(double total, double crossEntropy, double share) {}

    /** @param shareWeight weight of the share loss, &gt;= 0 */
    public DecoderFineTuner(AedModel model, double learningRate, double clipNorm, double shareWeight) {
        this(model, Scope.DECODER, learningRate, clipNorm, shareWeight);
    }

    /**
     * @param scope what is trained: the decoder (ALEF) or the whole actor (behaviour cloning)
     * @param shareWeight weight of the share loss, &gt;= 0
     */
    public DecoderFineTuner(AedModel model, Scope scope, double learningRate, double clipNorm, double shareWeight) {
        this(model, scope, learningRate, clipNorm, shareWeight, 0);
    }

    /**
     * @param scope what is trained: the decoder (ALEF) or the whole actor (behaviour cloning)
     * @param shareWeight weight of the share loss, &gt;= 0
     * @param offloadWeight weight of the offload loss, &gt;= 0: the cross-entropy of the expert's local-or-offload
     *     choice alone (the probabilities of all servers summed), which the option cross-entropy mixes with the choice
     *     of the server; 0 (the default) leaves it out
     */
    public DecoderFineTuner(
            AedModel model,
            Scope scope,
            double learningRate,
            double clipNorm,
            double shareWeight,
            double offloadWeight) {
        this(model, scope, learningRate, clipNorm, shareWeight, offloadWeight, 0);
    }

    /**
     * @param scope what is trained: the decoder (ALEF) or the whole actor (behaviour cloning)
     * @param shareWeight weight of the share loss, &gt;= 0
     * @param offloadWeight weight of the offload loss, &gt;= 0 (0: none)
     * @param rankWeight weight of the ranking loss, &gt;= 0: within each slot, every UE the expert offloaded should
     *     have higher offload odds than every UE it kept local that could have gone to a server ({@link #rankingLoss});
     *     0 (the default) leaves it out
     */
    public DecoderFineTuner(
            AedModel model,
            Scope scope,
            double learningRate,
            double clipNorm,
            double shareWeight,
            double offloadWeight,
            double rankWeight) {
        this(model, scope, learningRate, clipNorm, shareWeight, offloadWeight, rankWeight, false);
    }

    /**
     * @param scope what is trained: the decoder (ALEF) or the whole actor (behaviour cloning)
     * @param shareWeight weight of the share loss, &gt;= 0
     * @param offloadWeight weight of the offload loss, &gt;= 0 (0: none)
     * @param rankWeight weight of the ranking loss, &gt;= 0 (0: none)
     * @param slotTerm train the decoder's slot term too (its weights W_s,
     *     {@link org.lambo.aed.model.AedDecoder#slotWeights()}, start from what the checkpoint holds: zero unless an
     *     earlier fine-tune trained them); false (the default) leaves W_s as it is
     */
    public DecoderFineTuner(
            AedModel model,
            Scope scope,
            double learningRate,
            double clipNorm,
            double shareWeight,
            double offloadWeight,
            double rankWeight,
            boolean slotTerm) {
        if (!(shareWeight >= 0)) throw new IllegalArgumentException("share weight must be >= 0, got " + shareWeight);
        if (!(offloadWeight >= 0 && Double.isFinite(offloadWeight)))
            throw new IllegalArgumentException("offload weight must be >= 0, got " + offloadWeight);
        if (!(rankWeight >= 0 && Double.isFinite(rankWeight)))
            throw new IllegalArgumentException("rank weight must be >= 0, got " + rankWeight);
        this.rankWeight = rankWeight;
        this.slotTerm = slotTerm;
        this.model = model;
        this.scope = java.util.Objects.requireNonNull(scope, "scope");
        this.shareWeight = shareWeight;
        this.offloadWeight = offloadWeight;
        this.adam = new Adam(model.manager(), trainable(model, scope, slotTerm), learningRate, clipNorm);
    }

    /**
     * The fine-tuner of ALEF's settings: what {@code opts} trains ({@link AlefOptions#scope()}, the slot term when
     * {@link AlefOptions#slotFeatures()}) and with which loss and step. The one place where offline ALEF
     * ({@link AlefLoop}, {@code lambo finetune}) and online ALEF ({@code lambo trial --online-alef}) make their
     * fine-tuner, so that both train the same parameters.
     */
    public static DecoderFineTuner forAlef(AedModel model, AlefOptions opts) {
        return new DecoderFineTuner(
                model,
                opts.scope(),
                opts.learningRate(),
                opts.clipNorm(),
                opts.shareWeight(),
                opts.offloadWeight(),
                opts.rankWeight(),
                opts.slotFeatures());
    }

    /** Whether it trains the decoder's slot term W_s too. */
    public boolean trainsSlotTerm() {
        return slotTerm;
    }

    /** What it trains. */
    public Scope scope() {
        return scope;
    }

    /** The parameters ALEF updates: the decoder's, and nothing else. */
    public static PairList<String, Parameter> trainable(AedModel model) {
        return trainable(model, Scope.DECODER);
    }

    /**
     * The parameters trained under {@code scope}: the decoder's, and the encoder's too under {@link Scope#ACTOR}, its
     * last layer's and final norm's under {@link Scope#LAST_LAYER}.
     */
    public static PairList<String, Parameter> trainable(AedModel model, Scope scope) {
        return trainable(model, scope, false);
    }

    /**
     * The parameters trained under {@code scope}, and the decoder's slot term W_s last when {@code slotTerm} (named
     * {@value org.lambo.aed.model.AedDecoder#SLOT_WEIGHTS}).
     */
    public static PairList<String, Parameter> trainable(AedModel model, Scope scope, boolean slotTerm) {
        PairList<String, Parameter> out = trainableWithoutSlotTerm(model, scope);
        if (slotTerm)
            out.add(
                    org.lambo.aed.model.AedDecoder.SLOT_WEIGHTS,
                    model.network().decoder().slotWeights());
        return out;
    }

    private static PairList<String, Parameter> trainableWithoutSlotTerm(AedModel model, Scope scope) {
        PairList<String, Parameter> out = new PairList<>();
        if (scope == Scope.ACTOR) out.addAll(model.network().encoder().getParameters());
        if (scope == Scope.LAST_LAYER) {
            PairList<String, ai.djl.nn.Block> children =
                    model.network().encoder().getChildren();
            String lastLayer = null;
            for (Pair<String, ai.djl.nn.Block> c : children) if (c.getKey().contains("layer")) lastLayer = c.getKey();
            for (Pair<String, ai.djl.nn.Block> c : children) {
                if (c.getKey().equals(lastLayer) || c.getKey().endsWith("finalNorm"))
                    for (Pair<String, Parameter> p : c.getValue().getParameters())
                        out.add(c.getKey() + "_" + p.getKey(), p.getValue());
            }
        }
        out.addAll(model.network().decoder().getParameters());
        return out;
    }

    /** The optimiser (its state is saved with the warm start's epoch snapshots). */
    public Adam optimizer() {
        return adam;
    }

    /** Gradient steps taken so far. */
    public long steps() {
        return adam.steps();
    }

    /** The loss of the current decoder on demonstrations of one size, without updating anything. */
    public Loss loss(List<Demonstration> batch) {
        try (NDManager sub = model.manager().newSubManager()) {
            NDList terms = lossTerms(new ParameterStore(sub, false), sub, batch, false);
            return new Loss(
                    terms.get(0).getFloat(),
                    terms.get(1).getFloat(),
                    terms.get(2).getFloat());
        }
    }

    /**
     * One Adam step on demonstrations of one size; returns the loss before the step.
     *
     * <p>The decoder's gradients are reset with PyTorch's {@code zero_()} before the backward pass (the engine's
     * {@code zeroGradients()} subtracts a gradient from itself, which leaves a NaN a NaN for good). A step whose loss
     * or gradients are not finite is not applied: it is counted ({@link #skippedSteps()}), and
     * {@value #MAX_SKIPS_IN_A_ROW} of them in a row end the run with an error.
     */
    public Loss step(List<Demonstration> batch) {
        if (scope == Scope.DECODER) {
            for (Demonstration demo : batch) encoded(demo); // the frozen encoder runs outside the recording
        }
        Loss l;
        try (NDManager sub = model.manager().newSubManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                // every parameter, the critic's too: a full forward pass leaves gradients on it that ACRL must not
                // inherit
                for (Pair<String, Parameter> p : model.network().getParameters()) {
                    NDArray w = p.getValue().getArray();
                    if (w.hasGradient()) JniUtils.zeroGrad((PtNDArray) w);
                }
                NDArray ws = model.network().decoder().slotWeights().getArray(); // not among the network's
                if (ws.hasGradient()) JniUtils.zeroGrad((PtNDArray) ws);
                NDList terms = lossTerms(new ParameterStore(sub, false), sub, batch, true);
                gc.backward(terms.get(0));
                l = new Loss(
                        terms.get(0).getFloat(),
                        terms.get(1).getFloat(),
                        terms.get(2).getFloat());
            }
        }
        String bad = !Double.isFinite(l.total()) ? "the loss is " + l.total() : nonFiniteGradient();
        if (bad != null) {
            skipped++;
            if (++skippedInARow >= MAX_SKIPS_IN_A_ROW) {
                throw new IllegalStateException(bad + " for the " + skippedInARow + "th step in a row (after "
                        + adam.steps() + " steps): fine-tuning diverged");
            }
            return l;
        }
        skippedInARow = 0;
        adam.step();
        return l;
    }

    /** Steps not applied because their loss or gradients were not finite. */
    public long skippedSteps() {
        return skipped;
    }

    /**
     * One pass over the demonstrations in random order, in batches of demonstrations of one size (N, M).
     *
     * @return the mean loss of the batches before their steps (steps skipped for a non-finite loss left out)
     */
    public Loss epoch(List<Demonstration> demos, int batchSize, RandomGenerator rng) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (demos.isEmpty()) throw new IllegalArgumentException("no demonstrations to train on");
        List<Demonstration> order = new ArrayList<>(demos);
        for (int k = order.size() - 1; k > 0; k--) { // Fisher-Yates
            int r = rng.nextInt(k + 1);
            Demonstration tmp = order.get(k);
            order.set(k, order.get(r));
            order.set(r, tmp);
        }
        Map<String, List<Demonstration>> bySize = new LinkedHashMap<>();
        for (Demonstration d : order)
            bySize.computeIfAbsent(d.instance().n() + "x" + d.instance().m(), s -> new ArrayList<>())
                    .add(d);
        double total = 0;
        double ce = 0;
        double share = 0;
        int batches = 0;
        for (List<Demonstration> group : bySize.values()) {
            for (int from = 0; from < group.size(); from += batchSize) {
                Loss l = step(group.subList(from, Math.min(group.size(), from + batchSize)));
                if (!Double.isFinite(l.total())) continue; // a skipped step
                total += l.total();
                ce += l.crossEntropy();
                share += l.share();
                batches++;
            }
        }
        return batches == 0
                ? new Loss(Double.NaN, Double.NaN, Double.NaN)
                : new Loss(total / batches, ce / batches, share / batches);
    }

    /** Names the first decoder parameter whose gradient is not finite, or null when all are. */
    private String nonFiniteGradient() {
        try (NDManager sub = model.manager().newSubManager()) {
            for (Pair<String, Parameter> p : trainable(model, scope, slotTerm)) {
                NDArray g = p.getValue().getArray().getGradient();
                sub.attachAll(g); // a new handle per call: closed with sub
                if (!Float.isFinite(g.abs().sum().getFloat()))
                    return "the gradient of parameter " + p.getKey() + " is not finite";
            }
        }
        return null;
    }

    /** [loss, CE, share], scalars. */
    private NDList lossTerms(ParameterStore ps, NDManager m, List<Demonstration> batch, boolean training) {
        if (batch.isEmpty()) throw new IllegalArgumentException("an empty batch has no loss");
        int b = batch.size();
        int n = batch.get(0).instance().n();
        List<Trajectory> teachers = new ArrayList<>(b);
        List<Prompt> prompts = new ArrayList<>(b);
        List<Instance> instances = new ArrayList<>(b);
        for (Demonstration demo : batch) {
            if (demo.instance().n() != n) {
                throw new IllegalArgumentException("a batch needs demonstrations of one size: " + n + " and "
                        + demo.instance().n() + " UEs");
            }
            teachers.add(demo.teacher());
            prompts.add(demo.prompt());
            instances.add(demo.instance());
        }
        TrajectoryTensors tt = TrajectoryTensors.of(m, teachers);
        NDArray prompt = AedModel.prompts(m, prompts); // [B, P]
        NDArray h = scope == Scope.DECODER
                ? m.create(
                        frozenTokens(batch, n),
                        new Shape(b, n, model.config().dModel())) // [B, N, d], cached, no gradient
                : model.network().encode(ps, AedModel.ueFeatures(m, instances), prompt, training); // [B, N, d], trained
        // the slot features always: with W_s zero their term adds exactly 0, with W_s trained it is the model's
        NDList out = model.network()
                .decoder()
                .forward(
                        ps,
                        new NDList(
                                h,
                                prompt,
                                tt.optionFeatures(),
                                tt.actionFeatures(),
                                tt.mask(),
                                AedModel.slotFeatures(m, instances)),
                        training);
        NDArray logits = out.get(0); // [B, N, M+1]
        NDArray mu = out.get(1); // [B, N, M+1]
        NDArray logp = logits.logSoftmax(2); // [B, N, M+1]
        NDArray ce = Scalars.div(logp.mul(tt.chosen()).sum().neg(), (float) (b * n)); // []
        NDArray muChosen = mu.mul(tt.chosen()).sum(new int[] {2}); // [B, N]
        float offloaded = Math.max(1f, tt.offloaded().sum().getFloat());
        NDArray share = Scalars.div(
                muChosen.sub(tt.shareLogits())
                        .square()
                        .mul(tt.offloaded()) // [B, N]
                        .sum(),
                2f * offloaded); // []
        NDArray loss = ce.add(Scalars.mul(share, (float) shareWeight)); // []
        if (offloadWeight > 0) {
            // the expert's local-or-offload choice alone: log pi(local) where it kept the UE local, log of the servers'
            // summed probability where it offloaded (a step with only local feasible adds 0 either way)
            NDArray logLocal = logp.get(":, :, 0"); // [B, N]
            NDArray servers = logp.get(":, :, 1:").exp().sum(new int[] {2}); // [B, N]
            NDArray logServers = servers.maximum(Scalars.of(servers, 1e-12f)).log(); // [B, N]
            NDArray local = tt.chosen().get(":, :, 0"); // [B, N]
            NDArray ceOffload = Scalars.div(
                    logLocal.mul(local)
                            .add(logServers.mul(tt.offloaded()))
                            .sum()
                            .neg(),
                    (float) (b * n)); // []
            loss = loss.add(Scalars.mul(ceOffload, (float) offloadWeight));
        }
        if (rankWeight > 0) loss = loss.add(Scalars.mul(ranking(logp, tt), (float) rankWeight));
        return new NDList(loss, ce, share);
    }

    /**
     * The ranking loss of the current model on demonstrations of one size, without updating anything; 0 when no slot
     * holds a pair. The mean logistic loss softplus(z_j - z_i) over the batch's pairs (i, j) of one slot, UE i
     * offloaded by the expert and UE j kept local though a server was open to it, z the offload log-odds
     * ({@link #offloadLogOdds}): log 2 when the model does not tell them apart, falling as it orders them.
     */
    public double rankingLoss(List<Demonstration> batch) {
        try (NDManager sub = model.manager().newSubManager()) {
            TrajectoryTensors[] tt = new TrajectoryTensors[1];
            NDArray logp = teacherForced(sub, batch, tt);
            return ranking(logp, tt[0]).getFloat();
        }
    }

    /**
     * The offload log-odds z_t = log (1 - pi_t(local)) - log pi_t(local) of every step of every demonstration,
     * teacher-forced along the expert's decision, [B][N] in decoding order, without updating anything: what the ranking
     * loss orders.
     */
    public float[][] offloadLogOdds(List<Demonstration> batch) {
        try (NDManager sub = model.manager().newSubManager()) {
            TrajectoryTensors[] tt = new TrajectoryTensors[1];
            NDArray z = logOdds(teacherForced(sub, batch, tt));
            int n = batch.get(0).instance().n();
            float[] flat = z.toFloatArray();
            float[][] out = new float[batch.size()][n];
            for (int k = 0; k < out.length; k++) System.arraycopy(flat, k * n, out[k], 0, n);
            return out;
        }
    }

    /** The decoder's log-probabilities [B, N, M+1] along the experts' decisions, no gradient; tt[0] set. */
    private NDArray teacherForced(NDManager sub, List<Demonstration> batch, TrajectoryTensors[] tt) {
        if (batch.isEmpty()) throw new IllegalArgumentException("an empty batch has no loss");
        if (scope == Scope.DECODER) for (Demonstration demo : batch) encoded(demo);
        ParameterStore ps = new ParameterStore(sub, false);
        int n = batch.get(0).instance().n();
        List<Trajectory> teachers = new ArrayList<>();
        List<Prompt> prompts = new ArrayList<>();
        List<Instance> instances = new ArrayList<>();
        for (Demonstration demo : batch) {
            if (demo.instance().n() != n)
                throw new IllegalArgumentException("a batch needs demonstrations of one size: " + n + " and "
                        + demo.instance().n() + " UEs");
            teachers.add(demo.teacher());
            prompts.add(demo.prompt());
            instances.add(demo.instance());
        }
        tt[0] = TrajectoryTensors.of(sub, teachers);
        NDArray prompt = AedModel.prompts(sub, prompts);
        NDArray h = scope == Scope.DECODER
                ? sub.create(
                        frozenTokens(batch, n),
                        new Shape(batch.size(), n, model.config().dModel()))
                : model.network().encode(ps, AedModel.ueFeatures(sub, instances), prompt, false);
        NDArray logits = model.network()
                .decoder()
                .forward(
                        ps,
                        new NDList(
                                h,
                                prompt,
                                tt[0].optionFeatures(),
                                tt[0].actionFeatures(),
                                tt[0].mask(),
                                AedModel.slotFeatures(sub, instances)),
                        false)
                .get(0);
        return logits.logSoftmax(2);
    }

    /** z = log (sum of the servers' probabilities) - log pi(local), [B, N]. */
    private static NDArray logOdds(NDArray logp) {
        NDArray logLocal = logp.get(":, :, 0"); // [B, N]
        NDArray servers = logp.get(":, :, 1:").exp().sum(new int[] {2}); // [B, N]
        NDArray logServers = servers.maximum(Scalars.of(servers, 1e-12f)).log(); // [B, N]
        return logServers.sub(logLocal);
    }

    /**
     * The ranking loss: the expert's min-energy packing after a drift is decided by <em>which</em> UEs of a slot go to
     * a server (docs/ALEF.md, "Session 12"), a choice the per-step cross-entropy judges one UE at a time. With the
     * offload log-odds of step t (teacher-forced)
     *
     * <pre>
     *   z_t  = log (1 - pi_t(local)) - log pi_t(local)
     *   rank = (1 / |pairs|) sum_b sum_{i offloaded, j local with a server feasible} softplus(z_j - z_i)
     * </pre>
     *
     * the mean logistic loss over the batch's pairs, each within one slot (an offloaded UE i, a UE j of the same slot
     * the expert kept local although some server was open to it): it is log 2 when the model does not tell the two
     * apart and falls as every offloaded UE's odds rise above every local one's. A UE with only local feasible is in no
     * pair.
     */
    private static NDArray ranking(NDArray logp, TrajectoryTensors tt) {
        NDArray z = logOdds(logp); // [B, N]
        NDArray open = tt.mask()
                .get(":, :, 1:")
                .sum(new int[] {2})
                .gt(Scalars.of(z, 0f))
                .toType(z.getDataType(), false); // [B, N] some server feasible
        NDArray local = tt.chosen().get(":, :, 0").mul(open); // [B, N]
        NDArray pairs = tt.offloaded().expandDims(2).mul(local.expandDims(1)); // [B, N_i, N_j]
        // softplus(z_j - z_i), stable: max(x, 0) + log(1 + exp(-|x|))
        NDArray x = z.expandDims(1).sub(z.expandDims(2)); // [B, i, j] = z_j - z_i
        NDArray soft = x.maximum(Scalars.of(x, 0f))
                .add(x.abs().neg().exp().add(Scalars.of(x, 1f)).log());
        float count = pairs.sum().getFloat();
        if (count < 1) return soft.sum().mul(Scalars.of(soft, 0f)); // no pair: 0, on the graph
        return Scalars.div(soft.mul(pairs).sum(), count);
    }

    /** The frozen encoder's outputs of a batch, flattened [B * N * d]. */
    private float[] frozenTokens(List<Demonstration> batch, int n) {
        int d = model.config().dModel();
        float[] flat = new float[batch.size() * n * d];
        for (int k = 0; k < batch.size(); k++) {
            float[][] h = encoded(batch.get(k));
            for (int i = 0; i < n; i++) System.arraycopy(h[i], 0, flat, (k * n + i) * d, d);
        }
        return flat;
    }

    /**
     * The mean gap (cost - expert's cost) / expert's cost of the current decoder's own greedy decodings (shares
     * re-optimised, as the policy delivers them) of the demonstrations' slots: how well it does on what it was taught,
     * along its own decoding rather than the teacher's.
     */
    public double labelledGap(List<Demonstration> demos) {
        double[] gaps = gaps(demos);
        double sum = 0;
        for (double g : gaps) sum += g;
        return sum / gaps.length;
    }

    /** {@link #labelledGap} per prompt: the mean gap over the demonstrations of each prompt among them. */
    public Map<Prompt, Double> labelledGaps(List<Demonstration> demos) {
        double[] gaps = gaps(demos);
        Map<Prompt, double[]> sums = new TreeMap<>();
        for (int k = 0; k < gaps.length; k++) {
            double[] s = sums.computeIfAbsent(demos.get(k).prompt(), q -> new double[2]);
            s[0] += gaps[k];
            s[1]++;
        }
        Map<Prompt, Double> out = new TreeMap<>();
        sums.forEach((q, s) -> out.put(q, s[0] / s[1]));
        return out;
    }

    /** The gap of the current decoder's own greedy decoding of each demonstration's slot, in order. */
    private double[] gaps(List<Demonstration> demos) {
        if (demos.isEmpty()) throw new IllegalArgumentException("no demonstrations to measure on");
        FastDecoder dec = model.fastDecoder();
        double[] out = new double[demos.size()];
        for (int k = 0; k < out.length; k++) {
            Demonstration demo = demos.get(k);
            Instance inst = demo.instance();
            Prompt p = demo.prompt();
            float[][] h = scope == Scope.DECODER ? encoded(demo) : model.encode(List.of(inst), List.of(p))[0];
            Trajectory tr = dec.decode(inst, p, dec.prepare(h), FastDecoder.Mode.GREEDY, null);
            double cost = CostModel.evaluate(inst, AedPolicy.reoptimised(inst, tr.decision()))
                    .objective(p);
            out[k] =
                    Evaluation.gap(cost, CostModel.evaluate(inst, demo.expert()).objective(p));
        }
        return out;
    }

    /** A copy of the trained weights, in the order of {@link #trainable(AedModel, Scope)}. */
    public float[][] snapshot() {
        PairList<String, Parameter> params = trainable(model, scope, slotTerm);
        float[][] out = new float[params.size()][];
        for (int k = 0; k < params.size(); k++)
            out[k] = params.get(k).getValue().getArray().toFloatArray();
        return out;
    }

    /** Puts back weights taken by {@link #snapshot()}. */
    public void restore(float[][] weights) {
        PairList<String, Parameter> params = trainable(model, scope, slotTerm);
        if (weights.length != params.size())
            throw new IllegalArgumentException(
                    "snapshot of " + weights.length + " parameters, the tuner trains " + params.size());
        for (int k = 0; k < params.size(); k++) {
            NDArray w = params.get(k).getValue().getArray();
            boolean trained = w.hasGradient();
            // a new array takes the weights' place (intern): NDArray.set(float[]) would go through PyTorch's
            // deprecated AutoNonVariableTypeMode, which prints a warning on the console. The array made from the
            // floats aliases a Java direct buffer (torch::from_blob) that only its DJL wrapper holds, and intern
            // closes that wrapper: the weights would lie in memory the next garbage collection frees (NaNs and wrong
            // decisions, one run in three). Its copy (duplicate: torch clone) is in memory the engine owns.
            try (NDArray overBuffer = w.getManager().create(weights[k], w.getShape())) {
                w.intern(overBuffer.duplicate());
            }
            if (trained) w.setRequiresGradient(true);
        }
    }

    /** H [N][d] of a demonstration's slot under its prompt, from the frozen encoder, computed once. */
    private float[][] encoded(Demonstration demo) {
        return tokens.computeIfAbsent(demo, x -> model.encode(List.of(x.instance()), List.of(x.prompt()))[0]);
    }
}
