package org.lambo.aed.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.commons.math3.random.RandomGenerator;
import org.lambo.aed.AedModel;
import org.lambo.aed.AedPolicy;
import org.lambo.aed.infer.FastDecoder;
import org.lambo.aed.infer.Trajectory;
import org.lambo.aed.model.Scalars;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Evaluation;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.rng.Seeds;
import org.lambo.run.ProgressListener;
import org.lambo.scenario.ScenarioSource;
import org.lambo.scenario.World;

/**
 * ACRL: actor-critic pre-training of the AED over both prompts at once.
 *
 * <p><b>One step.</b> B / 2 slots are drawn (from B / 2 worlds whose server layouts are renewed every
 * {@code layoutEvery} steps), each appears twice in the batch, once per prompt (with {@code --prompts weights:K}: twice
 * under weights drawn by {@link TrainingPrompts}, a {@code PromptSampler}). The current policy decodes every (slot,
 * prompt) by sampling (plain-Java decoder, no gradients); the trajectories are then replayed in one teacher-forced pass
 * of the network, with gradients, and one Adam step is taken.
 *
 * <p><b>Rewards.</b> For a slot with objective J under its prompt and J_local = the objective of running every task
 * locally (sum of local latencies, or of local energies), the rewards are
 *
 * <pre>
 *   R_option = - J(decoded assignment, water-filling shares) / J_local     what the policy delivers
 *   R_share  = - J(decoded assignment, decoded shares) / J_local           what the share head alone delivers
 * </pre>
 *
 * Both are negative costs (higher is better), normalised per instance so that slots and prompts of any scale weigh
 * alike; -1 means no better than all-local.
 *
 * <p><b>Loss</b> (averaged over the batch, sums over the N steps divided by N):
 *
 * <pre>
 *   A_o = norm(R_option - V_o),  A_s = norm(R_share - V_s)
 *         critic values detached; norm = divide by the batch std (with samples k &gt; 1: R minus the
 *         mean R of the k decodings of the same slot and prompt, POMO's shared baseline)
 *   actor  = -(A_o sum_t log pi(x_t) + A_s sum_t [x_t offloaded] log N(y_t; mu_t, sigma)) / N
 *   critic = (V_o - R_option)^2 + (V_s - R_share)^2                   the critic's two heads
 *   loss   = actor + valueWeight critic - entropyWeight sum_t H(pi_t) / N
 * </pre>
 *
 * where x_t is the option drawn for UE t, y_t its pre-sigmoid share and H the entropy of the masked option
 * distribution.
 *
 * <p><b>Seeds.</b> Data, sampling and initial weights all derive from the seed and the step number, so a run resumed
 * from a checkpoint draws exactly the batches it would have drawn.
 */
public final class AcrlTrainer {
    /** Folder of the latest checkpoint inside the output folder. */
    public static final String CHECKPOINT = "checkpoint";
    /** Folder of every checkpoint's model, one sub-folder per step ({@code step-000500}), so the best can ship. */
    public static final String SNAPSHOTS = "snapshots";
    /** The optimiser state inside a checkpoint. */
    public static final String OPTIMIZER = "adam.state";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AedModel model;
    private final ScenarioSource scenario;
    private final TrainOptions opts;
    private final Adam adam;
    private final List<Instance> validation = new ArrayList<>();
    private final java.util.Map<Prompt, double[]> referenceCost = new java.util.TreeMap<>(); // prompt -> [validation]
    private final String referenceName;
    private ObjectNode warmStart;
    private List<World> worlds = List.of();
    private long worldsEpoch = -1;
    private long worldsStep = -1;
    private long skipped;
    private String firstSkip;
    /** Runs between each forward pass of {@link #update} and its backward pass: tests churn memory there. */
    Runnable beforeBackward = () -> {};

    /** The slots of one step and the prompt each is decoded under. */
    public record Batch(List<Instance> instances, List<Prompt> prompts) {
        public Batch {
            if (instances.isEmpty() || instances.size() != prompts.size()) {
                throw new IllegalArgumentException(
                        "a batch needs one prompt per instance, got " + instances.size() + " and " + prompts.size());
            }
            instances = List.copyOf(instances);
            prompts = List.copyOf(prompts);
        }
    }

    /**
     * One decoded batch: the slots, their prompts, the trajectories and their rewards; each (slot, prompt) of the batch
     * decoded {@code samples} times, its decodings next to each other.
     */
    public record Rollouts(
            List<Instance> instances,
            List<Prompt> prompts,
            List<Trajectory> trajectories,
            double[] optionReward,
            double[] shareReward,
            int samples,
            double[] greedyOptionReward,
            double[] greedyShareReward) {
        public Rollouts {
            if (samples < 1 || instances.size() % samples != 0) {
                throw new IllegalArgumentException(
                        instances.size() + " rollouts are not groups of " + samples + " samples");
            }
        }

        public Rollouts(
                List<Instance> instances,
                List<Prompt> prompts,
                List<Trajectory> trajectories,
                double[] optionReward,
                double[] shareReward,
                int samples) {
            this(instances, prompts, trajectories, optionReward, shareReward, samples, null, null);
        }

        /** The rollouts at these indices (a group of one size), rewards and samples kept. */
        Rollouts subset(List<Integer> at) {
            List<Instance> in = new ArrayList<>();
            List<Prompt> pr = new ArrayList<>();
            List<Trajectory> tr = new ArrayList<>();
            double[] o = new double[at.size()];
            double[] sh = new double[at.size()];
            for (int k = 0; k < at.size(); k++) {
                int i = at.get(k);
                in.add(instances.get(i));
                pr.add(prompts.get(i));
                tr.add(trajectories.get(i));
                o[k] = optionReward[i];
                sh[k] = shareReward[i];
            }
            return new Rollouts(in, pr, tr, o, sh, 1, null, null);
        }

        /** Indices of the rollouts grouped by slot size (N, M), in first-seen order: one forward pass each. */
        List<List<Integer>> bySize() {
            java.util.Map<String, List<Integer>> groups = new java.util.LinkedHashMap<>();
            for (int i = 0; i < instances.size(); i++) {
                groups.computeIfAbsent(
                                instances.get(i).n() + "x" + instances.get(i).m(), key -> new ArrayList<>())
                        .add(i);
            }
            return new ArrayList<>(groups.values());
        }

        /** The rewards minus the mean of their group of samples: the shared baseline's advantages. */
        static double[] groupCentred(double[] reward, int samples) {
            double[] out = new double[reward.length];
            for (int g = 0; g < reward.length; g += samples) {
                double mean = 0;
                for (int k = g; k < g + samples; k++) mean += reward[k] / samples;
                for (int k = g; k < g + samples; k++) out[k] = reward[k] - mean;
            }
            return out;
        }

        /**
         * Mean relative cost (-R_option) of the rollouts under a prompt of the same weight of latency (min-latency and
         * weighted:1 alike: their relative costs are equal); NaN when none.
         */
        public double meanCost(Prompt prompt) {
            double s = 0;
            int c = 0;
            for (int k = 0; k < prompts.size(); k++) {
                if (prompts.get(k).latencyWeight() == prompt.latencyWeight()) {
                    s -= optionReward[k];
                    c++;
                }
            }
            return c == 0 ? Double.NaN : s / c;
        }
    }

    /** The loss of one update and its parts. */
    public record StepStats(double loss, double actor, double critic, double entropy, double gradNorm) {}

    /**
     * Validation: mean gap of greedy decoding to the reference, per prompt; {@code gapMid} under {@link #MID_WEIGHT}
     * for a run trained on weighted prompts, NaN for a named run.
     */
    public record Validation(double gapLatency, double gapEnergy, double gapMid) {
        public Validation(double gapLatency, double gapEnergy) {
            this(gapLatency, gapEnergy, Double.NaN);
        }
    }

    /**
     * The prompt a run trained on weighted prompts is validated under besides the two named ones: the middle of the
     * front, which neither end shows.
     */
    public static final Prompt MID_WEIGHT = Prompt.weighted(0.5);

    /**
     * @param scenario one scenario, or a family whose every world draws its own (N, M, speeds, profile, ...); slots of
     *     different sizes are batched by size
     */
    public AcrlTrainer(AedModel model, ScenarioSource scenario, TrainOptions opts) {
        this.model = model;
        this.scenario = scenario;
        this.opts = opts;
        this.adam = new Adam(model.manager(), model.network().getParameters(), opts.learningRate(), opts.clipNorm());
        for (int k = 0; k < opts.validationSize(); k++) {
            validation.add(scenario.firstSlot(Seeds.derive(opts.seed(), "validation", k)));
        }
        this.referenceName = Policies.names().contains(opts.reference()) ? opts.reference() : "local";
        try (OffloadingPolicy ref =
                Policies.create(referenceName, PolicySettings.ofSeed(Seeds.derive(opts.seed(), "reference")))) {
            referenceCosts(ref);
        }
    }

    /** The reference's objective on every validation slot, for every prompt (and the middle weight when unnamed). */
    private void referenceCosts(OffloadingPolicy ref) {
        for (Prompt p : Prompt.values()) referenceCost.put(p, new double[validation.size()]);
        for (int k = 0; k < validation.size(); k++) {
            for (Prompt p : Prompt.values()) {
                Instance inst = validation.get(k);
                referenceCost.get(p)[k] =
                        CostModel.evaluate(inst, ref.decide(inst, p)).objective(p);
            }
        }
        if (!opts.prompts().named()) {
            // after the named prompts' references, so that they are drawn as before the middle weight was added
            double[] mid = new double[validation.size()];
            for (int k = 0; k < validation.size(); k++) {
                Instance inst = validation.get(k);
                mid[k] = CostModel.evaluate(inst, ref.decide(inst, MID_WEIGHT)).objective(MID_WEIGHT);
            }
            referenceCost.put(MID_WEIGHT, mid);
        }
    }

    /**
     * Records in every checkpoint's meta data how the weights were warm-started before ACRL (null: from random
     * weights).
     */
    public void warmStartRecord(ObjectNode record) {
        this.warmStart = record;
    }

    /** The policy the validation gap is measured against ({@code local} when the requested one is not registered). */
    public String referenceName() {
        return referenceName;
    }

    /** Updates skipped in this run for a non-finite or garbage gradient ({@link Adam#GARBAGE_NORM}). */
    public long skippedSteps() {
        return skipped;
    }

    /**
     * The first skipped update of this run: its number and which parameter's gradient was garbage
     * ({@link Adam#lastSkip()}); null when none was skipped.
     */
    public String firstSkip() {
        return firstSkip;
    }

    public Adam optimizer() {
        return adam;
    }

    /**
     * The training slots and prompts of a step: B / 2 slots, each twice (B odd: one slot once), instance b under the
     * prompt {@link TrainOptions#prompts()} gives it ({@code named}: min-latency for even b, min-energy for odd b, so
     * every slot under both; weights: drawn from the stream {@code "train.prompts"} of the seed and the step).
     */
    public Batch batch(long step) {
        long epoch = step / opts.layoutEvery();
        int slots = (opts.batch() + 1) / 2;
        if (epoch != worldsEpoch || step <= worldsStep) {
            List<World> fresh = new ArrayList<>();
            for (int k = 0; k < slots; k++)
                fresh.add(scenario.world(Seeds.derive(opts.seed(), "train", epoch * slots + k)));
            worlds = fresh;
            worldsEpoch = epoch;
            worldsStep = epoch * opts.layoutEvery() - 1;
        }
        List<Instance> current = new ArrayList<>();
        while (worldsStep < step) {
            current.clear();
            for (World w : worlds) current.add(w.next());
            worldsStep++;
        }
        List<Instance> instances = new ArrayList<>();
        List<Prompt> prompts = new ArrayList<>();
        RandomGenerator promptRng = Seeds.stream(opts.seed(), "train.prompts", step);
        for (int b = 0; b < opts.batch(); b++) {
            instances.add(current.get(b / 2));
            prompts.add(opts.prompts().next(b, promptRng));
        }
        return new Batch(instances, prompts);
    }

    /**
     * Decodes every (slot, prompt) {@code samples} times by sampling with the current weights and scores the decisions.
     */
    public Rollouts rollout(Batch batch, RandomGenerator rng) {
        int k = opts.samples();
        float[][][] h = encodeBySize(batch.instances(), batch.prompts());
        FastDecoder dec = model.fastDecoder();
        boolean greedy = opts.baseline() == TrainOptions.Baseline.GREEDY;
        double[] go = greedy ? new double[batch.instances().size() * k] : null;
        double[] gs = greedy ? new double[batch.instances().size() * k] : null;
        List<Instance> instances = new ArrayList<>();
        List<Prompt> prompts = new ArrayList<>();
        List<Trajectory> trs = new ArrayList<>();
        double[] ro = new double[batch.instances().size() * k];
        double[] rs = new double[ro.length];
        for (int b = 0; b < batch.instances().size(); b++) {
            Instance inst = batch.instances().get(b);
            Prompt p = batch.prompts().get(b);
            double local = CostModel.evaluate(inst, Decision.allLocal(inst.n())).objective(p);
            FastDecoder.Encoded prepared = dec.prepare(h[b]);
            double greedyO = 0;
            double greedyS = 0;
            if (greedy) {
                Trajectory g = dec.decode(inst, p, prepared, FastDecoder.Mode.GREEDY, null);
                greedyO = -CostModel.evaluate(inst, AedPolicy.reoptimised(inst, g.decision()))
                                .objective(p)
                        / local;
                greedyS = -CostModel.evaluate(inst, g.decision()).objective(p) / local;
            }
            for (int s = 0; s < k; s++) {
                Trajectory tr = dec.decode(inst, p, prepared, FastDecoder.Mode.SAMPLE, rng);
                int at = trs.size();
                ro[at] = -CostModel.evaluate(inst, AedPolicy.reoptimised(inst, tr.decision()))
                                .objective(p)
                        / local;
                rs[at] = -CostModel.evaluate(inst, tr.decision()).objective(p) / local;
                if (greedy) {
                    go[at] = greedyO;
                    gs[at] = greedyS;
                }
                instances.add(inst);
                prompts.add(p);
                trs.add(tr);
            }
        }
        return new Rollouts(instances, prompts, trs, ro, rs, k, go, gs);
    }

    /** The encoder's tokens for slots of any sizes: one pass per N. */
    private float[][][] encodeBySize(List<Instance> instances, List<Prompt> prompts) {
        float[][][] out = new float[instances.size()][][];
        java.util.Map<Integer, List<Integer>> byN = new java.util.LinkedHashMap<>();
        for (int i = 0; i < instances.size(); i++)
            byN.computeIfAbsent(instances.get(i).n(), n -> new ArrayList<>()).add(i);
        for (List<Integer> at : byN.values()) {
            List<Instance> in = new ArrayList<>();
            List<Prompt> pr = new ArrayList<>();
            for (int i : at) {
                in.add(instances.get(i));
                pr.add(prompts.get(i));
            }
            float[][][] h = model.encode(in, pr);
            for (int k = 0; k < at.size(); k++) out[at.get(k)] = h[k];
        }
        return out;
    }

    /**
     * The advantages of the option and share rewards when the baseline needs no critic (shared or greedy), scaled as
     * {@link TrainOptions#normalisation()} says; null with the critic as baseline.
     */
    double[][] advantages(Rollouts r) {
        TrainOptions.Baseline b = opts.baseline();
        if (b == TrainOptions.Baseline.CRITIC && r.samples() == 1) return null;
        double[][] out = new double[2][];
        double[][] rewards = {r.optionReward(), r.shareReward()};
        double[][] greedy = {r.greedyOptionReward(), r.greedyShareReward()};
        for (int h = 0; h < 2; h++) {
            double[] rew = rewards[h];
            double[] base = new double[rew.length];
            if (b == TrainOptions.Baseline.GREEDY) {
                base = greedy[h].clone();
            } else {
                double[] centred = Rollouts.groupCentred(rew, r.samples());
                for (int i = 0; i < rew.length; i++) base[i] = rew[i] - centred[i];
            }
            double[] a = new double[rew.length];
            for (int i = 0; i < rew.length; i++) {
                a[i] = rew[i] - base[i];
                if (opts.normalisation() == TrainOptions.Normalisation.INSTANCE)
                    a[i] /= Math.max(1e-9, Math.abs(base[i]));
            }
            out[h] = opts.normalisation() == TrainOptions.Normalisation.NONE ? a : batchScaled(a);
        }
        return out;
    }

    /** Divides by the standard deviation of the whole array (left as they are when it is ~0). */
    static double[] batchScaled(double[] a) {
        double mean = 0;
        for (double v : a) mean += v / a.length;
        double var = 0;
        for (double v : a) var += (v - mean) * (v - mean) / a.length;
        double std = Math.sqrt(var);
        if (!(std > 1e-9)) return a;
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] / std;
        return out;
    }

    /** The loss of the current weights on decoded rollouts, without updating anything. */
    public StepStats loss(Rollouts r) {
        try (NDManager sub = model.manager().newSubManager()) {
            NDList terms = lossTerms(new ParameterStore(sub, false), sub, r, false);
            return stats(terms, Double.NaN);
        }
    }

    /** One actor-critic update on decoded rollouts; returns the loss before the update. */
    public StepStats update(Rollouts r) {
        // one forward and backward pass per slot size, the gradients adding up on the parameters (the non-finite
        // gradients once blamed on one graph of several passes came from freed scalars: see model.Scalars)
        double[][] adv = advantages(r);
        double[] sum = new double[4];
        for (List<Integer> at : r.bySize()) {
            float w = (float) at.size() / r.instances().size();
            try (NDManager sub = model.manager().newSubManager()) {
                NDList terms;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    // no gc.zeroGradients(): Adam.step leaves the gradients zeroed (see Adam)
                    terms = groupTerms(new ParameterStore(sub, false), sub, r, at, adv, true);
                    beforeBackward.run();
                    gc.backward(Scalars.mul(terms.get(0), w));
                }
                for (int i = 0; i < 4; i++) sum[i] += w * terms.get(i).getFloat();
            }
        }
        double norm = adam.step();
        if (!(norm <= Adam.GARBAGE_NORM)) {
            skipped++;
            if (firstSkip == null) firstSkip = "step " + (adam.steps() + skipped) + ": " + adam.lastSkip();
        }
        return new StepStats(sum[0], sum[1], sum[2], sum[3], norm);
    }

    private static StepStats stats(NDList terms, double norm) {
        return new StepStats(
                terms.get(0).getFloat(),
                terms.get(1).getFloat(),
                terms.get(2).getFloat(),
                terms.get(3).getFloat(),
                norm);
    }

    /**
     * [loss, actor, critic, entropy], scalars: one forward pass per slot size, weighted by the rollouts of each size.
     */
    private NDList lossTerms(ParameterStore ps, NDManager m, Rollouts r, boolean training) {
        double[][] adv = advantages(r);
        NDList sum = null;
        for (List<Integer> at : r.bySize()) {
            NDList terms = groupTerms(ps, m, r, at, adv, training);
            float w = (float) at.size() / r.instances().size();
            NDList next = new NDList();
            for (int i = 0; i < terms.size(); i++)
                next.add(sum == null ? Scalars.mul(terms.get(i), w) : sum.get(i).add(Scalars.mul(terms.get(i), w)));
            sum = next;
        }
        return sum;
    }

    /**
     * The terms of the rollouts at {@code at} (one size), with their part of the given advantages (null: the critic's).
     */
    private NDList groupTerms(
            ParameterStore ps, NDManager m, Rollouts r, List<Integer> at, double[][] adv, boolean training) {
        if (at.size() == r.instances().size())
            return lossTerms(ps, m, r, adv == null ? null : adv[0], adv == null ? null : adv[1], training);
        double[] ao = null;
        double[] as = null;
        if (adv != null) {
            ao = new double[at.size()];
            as = new double[at.size()];
            for (int k = 0; k < at.size(); k++) {
                ao[k] = adv[0][at.get(k)];
                as[k] = adv[1][at.get(k)];
            }
        }
        return lossTerms(ps, m, r.subset(at), ao, as, training);
    }

    /** The terms of one group of rollouts of one size; {@code advO}, {@code advS} given, or null to use the critic. */
    private NDList lossTerms(
            ParameterStore ps, NDManager m, Rollouts r, double[] advO, double[] advS, boolean training) {
        int n = r.instances().get(0).n();
        TrajectoryTensors tt = TrajectoryTensors.of(m, r.trajectories());
        NDList in = new NDList(
                AedModel.ueFeatures(m, r.instances()),
                AedModel.prompts(m, r.prompts()),
                tt.optionFeatures(),
                tt.actionFeatures(),
                tt.mask());
        // the slot term of a fine-tuned model, so that these log-probabilities are those the rollouts were drawn from
        if (model.hasSlotTerm()) in.add(AedModel.slotFeatures(m, r.instances()));
        NDList out = model.network().forward(ps, in, training);
        NDArray logits = out.get(1); // [B, N, M+1]
        NDArray mu = out.get(2); // [B, N, M+1]
        NDArray values = out.get(3); // [B, 2]
        NDArray logp = logits.logSoftmax(2); // [B, N, M+1]
        NDArray logpChosen = logp.mul(tt.chosen()).sum(new int[] {2}); // [B, N]
        NDArray entropy = logp.exp().mul(logp).mul(tt.mask()).sum(new int[] {2}).neg(); // [B, N]
        NDArray muChosen = mu.mul(tt.chosen()).sum(new int[] {2}); // [B, N]
        double sigma = model.config().shareNoise();
        NDArray shareLogp = Scalars.div(tt.shareLogits().sub(muChosen).square(), (float) (-2 * sigma * sigma)) // [B, N]
                .mul(tt.offloaded()); // [B, N]

        NDArray ro = m.create(toFloat(r.optionReward())); // [B]
        NDArray rs = m.create(toFloat(r.shareReward())); // [B]
        NDArray vo = values.get(":, 0"); // [B]
        NDArray vs = values.get(":, 1"); // [B]
        // baseline: given (shared mean of the samples, or the greedy decoding), else the critic's values (detached)
        NDArray ao = advO != null ? m.create(toFloat(advO)) : scaled(ro.sub(vo.stopGradient()), ro); // [B]
        NDArray as = advS != null ? m.create(toFloat(advS)) : scaled(rs.sub(vs.stopGradient()), rs); // [B]

        NDArray actor = Scalars.div(
                ao.mul(logpChosen.sum(new int[] {1})) // [B]
                        .add(Scalars.mul(as.mul(shareLogp.sum(new int[] {1})), (float) opts.shareWeight())) // [B]
                        .mean()
                        .neg(),
                n); // []
        NDArray critic = vo.sub(ro).square().add(vs.sub(rs).square()).mean(); // []
        NDArray ent = Scalars.div(entropy.sum(new int[] {1}).mean(), n); // []
        // scalars are passed as float: a 0-d float32 array times a Java double would become float64; through Scalars,
        // never x.mul(number), whose scalar the backward pass would read from freed memory (see Scalars)
        NDArray loss = actor.add(Scalars.mul(critic, (float) opts.valueWeight()))
                .sub(Scalars.mul(ent, (float) opts.entropyWeight())); // []
        return new NDList(loss, actor, critic, ent);
    }

    /** The critic baseline's advantages scaled as the options say (per instance: by the slot's own cost). */
    private NDArray scaled(NDArray adv, NDArray reward) {
        return switch (opts.normalisation()) {
            case NONE -> adv;
            // not differentiated: the rewards are data and the advantages hold the critic's values detached
            case INSTANCE -> normalised(adv.div(reward.abs().maximum(1e-9f)));
            case BATCH -> normalised(adv);
        };
    }

    /** Divides advantages by their batch standard deviation (left as they are when it is ~0). */
    private static NDArray normalised(NDArray adv) {
        float[] a = adv.toFloatArray();
        double mean = 0;
        for (float v : a) mean += v / a.length;
        double var = 0;
        for (float v : a) var += (v - mean) * (v - mean) / a.length;
        double std = Math.sqrt(var);
        return std > 1e-6 ? adv.div((float) std) : adv; // not differentiated: advantages are detached
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int k = 0; k < x.length; k++) f[k] = (float) x[k];
        return f;
    }

    /** Greedy decoding (shares re-optimised) of the validation slots: mean gap to the reference per prompt. */
    public Validation validate() {
        java.util.Map<Prompt, Double> gap = new java.util.TreeMap<>();
        FastDecoder dec = model.fastDecoder();
        for (Prompt p : referenceCost.keySet()) {
            double[] reference = referenceCost.get(p);
            double sum = 0;
            List<Prompt> prompts = new ArrayList<>();
            for (int k = 0; k < validation.size(); k++) prompts.add(p);
            float[][][] h = encodeBySize(validation, prompts);
            for (int k = 0; k < validation.size(); k++) {
                Instance inst = validation.get(k);
                Trajectory tr = dec.decode(inst, p, dec.prepare(h[k]), FastDecoder.Mode.GREEDY, null);
                double cost = CostModel.evaluate(inst, AedPolicy.reoptimised(inst, tr.decision()))
                        .objective(p);
                sum += Evaluation.gap(cost, reference[k]) / validation.size();
            }
            gap.put(p, sum);
        }
        return new Validation(
                gap.get(Prompt.MIN_LATENCY), gap.get(Prompt.MIN_ENERGY), gap.getOrDefault(MID_WEIGHT, Double.NaN));
    }

    /**
     * Trains from {@code startStep} to {@code opts.steps()}, writing {@code learning-curve.csv} and {@code .png} and
     * checkpoints into {@code out} (the latest in {@value #CHECKPOINT}/).
     *
     * @param progress told of each step (a command draws it as a bar); {@link ProgressListener#NONE}: nobody
     * @param onRow told of every row of the learning curve (may be null)
     */
    public LearningCurve train(Path out, long startStep, ProgressListener progress, Consumer<LearningCurve.Row> onRow)
            throws IOException {
        Files.createDirectories(out);
        Path csv = out.resolve("learning-curve.csv");
        LearningCurve curve = LearningCurve.read(csv, startStep);
        long t0 = System.nanoTime();
        double offset = curve.rows().isEmpty()
                ? 0
                : curve.rows().get(curve.rows().size() - 1).seconds();
        progress.started("train " + model.config().name(), "steps", opts.steps(), startStep);
        try {
            if (startStep == 0) {
                // the starting weights (random, warm-started or --init) as snapshot 0, and their validation gap: what
                // ACRL must improve on
                checkpoint(out, 0, curve);
                Validation v0 = validate();
                if (onRow != null)
                    onRow.accept(new LearningCurve.Row(
                            0,
                            Double.NaN,
                            Double.NaN,
                            Double.NaN,
                            v0.gapLatency(),
                            v0.gapEnergy(),
                            offset,
                            v0.gapMid()));
            }
            double runLat = Double.NaN;
            double runEn = Double.NaN;
            Validation lastVal = null;
            for (long step = startStep; step < opts.steps(); step++) {
                Rollouts r = rollout(batch(step), Seeds.stream(opts.seed(), "train.sample", step));
                StepStats s = update(r);
                long done = step + 1;
                double lat = r.meanCost(Prompt.MIN_LATENCY);
                double en = r.meanCost(Prompt.MIN_ENERGY);
                // with weighted prompts a step may have none at an end: the running cost keeps its last value
                if (!Double.isNaN(lat)) runLat = Double.isNaN(runLat) ? lat : 0.95 * runLat + 0.05 * lat;
                if (!Double.isNaN(en)) runEn = Double.isNaN(runEn) ? en : 0.95 * runEn + 0.05 * en;
                Validation v = done % opts.evalEvery() == 0 || done == opts.steps() ? validate() : null;
                if (v != null) lastVal = v;
                LearningCurve.Row row = new LearningCurve.Row(
                        done,
                        s.loss(),
                        lat,
                        en,
                        v == null ? Double.NaN : v.gapLatency(),
                        v == null ? Double.NaN : v.gapEnergy(),
                        offset + (System.nanoTime() - t0) / 1e9,
                        v == null ? Double.NaN : v.gapMid());
                curve.add(row);
                if (onRow != null) onRow.accept(row);
                progress.advanced(
                        done,
                        String.format(
                                Locale.ROOT,
                                " cost L %.3f E %.3f%s",
                                runLat,
                                runEn,
                                lastVal == null
                                        ? ""
                                        : String.format(
                                                Locale.ROOT,
                                                " gap vs %s L %+.1f%% E %+.1f%%",
                                                referenceName,
                                                100 * lastVal.gapLatency(),
                                                100 * lastVal.gapEnergy())));
                if (done % opts.checkpointEvery() == 0 || done == opts.steps()) {
                    checkpoint(out, done, curve);
                }
            }
        } finally {
            progress.ended();
        }
        return curve;
    }

    /** Writes the checkpoint (model, optimiser, step) and the learning curve. */
    public void checkpoint(Path out, long step, LearningCurve curve) throws IOException {
        Path dir = out.resolve(CHECKPOINT);
        ObjectNode extra = JSON.createObjectNode();
        ObjectNode t = extra.putObject("training");
        t.put("scenario", scenario.name());
        t.put("seed", opts.seed());
        t.put("batch", opts.batch());
        t.put("steps", opts.steps());
        t.put("learningRate", opts.learningRate());
        t.put("entropyWeight", opts.entropyWeight());
        t.put("valueWeight", opts.valueWeight());
        t.put("reference", referenceName);
        t.put("samples", opts.samples());
        t.put("baseline", opts.baseline().name().toLowerCase(Locale.ROOT));
        t.put("normalisation", opts.normalisation().name().toLowerCase(Locale.ROOT));
        t.put("shareWeight", opts.shareWeight());
        t.put("layoutEvery", opts.layoutEvery());
        if (!opts.prompts().named()) t.put("prompts", opts.prompts().id()); // named runs' records stay as they were
        if (warmStart != null) t.set("imitation", warmStart);
        model.save(dir, step, extra);
        model.save(out.resolve(SNAPSHOTS).resolve(String.format(Locale.ROOT, "step-%06d", step)), step, extra);
        adam.save(dir.resolve(OPTIMIZER));
        curve.writeCsv(out.resolve("learning-curve.csv"));
        curve.writePng(out.resolve("learning-curve.png"), referenceName);
    }

    /**
     * Restores the optimiser state of a checkpoint written by {@link #checkpoint} (the model is loaded by the caller).
     */
    public void resumeOptimizer(Path checkpointDir) throws IOException {
        Path f = checkpointDir.resolve(OPTIMIZER);
        if (Files.exists(f)) adam.load(f);
    }
}
