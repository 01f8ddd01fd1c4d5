package org.lambo.aed;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.commons.math3.random.RandomGenerator;
import org.lambo.aed.infer.DecisionEntropy;
import org.lambo.aed.infer.FastDecoder;
import org.lambo.aed.infer.NoGrad;
import org.lambo.aed.infer.Trajectory;
import org.lambo.aed.model.AedConfig;
import org.lambo.aed.model.EncoderMemory;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.ShareAllocation;
import org.lambo.policy.HasDecisionTrace;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.PolicySettings;
import org.lambo.policy.Stateless;
import org.lambo.rng.Seeds;
import org.lambo.run.BuiltInCheckpoints;

/**
 * The LAMBO policy: the AED encodes the slot (engine), the plain-Java decoder decides UE by UE.
 *
 * <p>Options: {@code aed.checkpoint=DIR} (a folder written by {@code lambo train}; without it the model is untrained,
 * its weights drawn from the seed, which is only good for tests), {@code aed.model=lambo-s|lambo-m|lambo-l|FILE} (the
 * size of an untrained model; default lambo-s), {@code aed.samples=k} (k decodings, the greedy one and k - 1 sampled;
 * the best is kept; default 1), {@code aed.reoptimise=true|false} (default true), {@code aed.warmup=k} (synthetic slots
 * decided once when the policy is built, {@link #warmUp}; default 3, 0 for none) and {@code aed.memoryMb=MB} (the
 * native memory the encoder may take for one slot, default {@value EncoderMemory#DEFAULT_BUDGET_MB}: a slot whose
 * estimate, {@link EncoderMemory}, is over it is refused with N and the budget named, before the encoder runs).
 *
 * <p><b>Shares.</b> The decoder's share head reserves a share for every offloaded UE while decoding, which decides what
 * is left, and so which options stay feasible, for the UEs after it. Once the assignment is complete, the shares are by
 * default re-optimised with {@link ShareAllocation#best}: for a fixed assignment water-filling is exact, never worse
 * than the decoded shares (for min-energy the shares do not change the objective, and the spare share is handed out for
 * speed), and it is always feasible because the decoded shares already meet every minimum within each server's
 * capacity. With {@code aed.reoptimise=false} the decoded shares are returned as they are.
 */
public final class AedPolicy implements OffloadingPolicy, HasDecisionTrace, Stateless {
    private final AedModel model;
    private volatile FastDecoder decoder;
    private final int samples;
    private final boolean reoptimise;
    private final RandomGenerator rng;
    private final long memoryBudgetMb;
    private boolean closed;

    public AedPolicy(AedModel model, int samples, boolean reoptimise, long seed) {
        this(model, samples, reoptimise, seed, EncoderMemory.DEFAULT_BUDGET_MB);
    }

    /** As the four-argument constructor, with the encoder's native memory budget in MiB. */
    public AedPolicy(AedModel model, int samples, boolean reoptimise, long seed, long memoryBudgetMb) {
        if (samples < 1) throw new IllegalArgumentException("aed.samples must be >= 1, got " + samples);
        if (memoryBudgetMb < 1)
            throw new IllegalArgumentException(EncoderMemory.OPTION + " must be >= 1, got " + memoryBudgetMb);
        this.memoryBudgetMb = memoryBudgetMb;
        this.model = model;
        this.decoder = model.fastDecoder();
        this.samples = samples;
        this.reoptimise = reoptimise;
        this.rng = Seeds.stream(seed, "aed.sample");
    }

    /**
     * {@link Stateless} with one decoding (greedy, no draw); with {@code aed.samples > 1} the sampling generator
     * advances from call to call and it is not.
     */
    @Override
    public <C> java.util.Optional<C> capability(Class<C> type) {
        if (type == Stateless.class && samples > 1) return java.util.Optional.empty();
        return OffloadingPolicy.super.capability(type);
    }

    /** The engine's intra-op threads, a system property read once when the engine loads. */
    static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    /**
     * Builds the policy from its options (see the class comment). Unless {@value #THREADS_PROPERTY} is set, the engine
     * is asked for one intra-op thread (effective when it has not loaded yet): one slot's encoder pass is too small to
     * gain from more, and on a loaded machine OpenMP's spin-waiting threads cost far more than they bring.
     */
    public static AedPolicy fromSettings(PolicySettings settings) {
        if (System.getProperty(THREADS_PROPERTY) == null) System.setProperty(THREADS_PROPERTY, "1");
        int samples = settings.intOption("aed.samples", 1, 1, 10_000);
        int warmup = settings.intOption(WARMUP_OPTION, DEFAULT_WARMUP, 0, 1_000);
        int memoryMb = settings.intOption(EncoderMemory.OPTION, (int) EncoderMemory.DEFAULT_BUDGET_MB, 1, 1 << 30);
        String re = settings.string("aed.reoptimise", "true");
        if (!re.equals("true") && !re.equals("false")) {
            throw new org.lambo.io.InputException(
                    "option", "aed.reoptimise", "must be true or false, got '" + re + "'");
        }
        // no option: the built-in trained checkpoint; aed.model or aed.checkpoint=none: an untrained model
        String untrainedSize = settings.options().get("aed.model");
        String checkpoint = settings.string("aed.checkpoint", untrainedSize != null ? "none" : null);
        AedModel model;
        if (checkpoint == null) {
            model = AedModel.load(BuiltInCheckpoints.folder(BuiltInCheckpoints.AED));
        } else if (checkpoint.startsWith(BuiltInCheckpoints.PREFIX)) {
            model = AedModel.load(BuiltInCheckpoints.folder(
                    BuiltInCheckpoints.named(checkpoint.substring(BuiltInCheckpoints.PREFIX.length()))));
        } else if (checkpoint.equals("none")) {
            model = AedModel.create(AedConfig.load(untrainedSize != null ? untrainedSize : "lambo-s"), settings.seed());
        } else {
            model = AedModel.load(Path.of(checkpoint));
        }
        AedPolicy policy = new AedPolicy(model, samples, Boolean.parseBoolean(re), settings.seed(), memoryMb);
        policy.warmUp(warmup);
        return policy;
    }

    /** The option naming how many slots {@link #warmUp} decides when the policy is built from its settings. */
    public static final String WARMUP_OPTION = "aed.warmup";
    /** Warm-up slots by default: enough for the JIT to compile the decoder's inner loops. */
    static final int DEFAULT_WARMUP = 3;

    /**
     * Decides {@code slots} synthetic {@code paper} slots greedily and throws the decisions away, so that the first
     * real slot does not pay for the engine's first passes and the decoder's interpretation and compilation (measured:
     * the first decision took 55 to 250 ms against about 12 ms warm). It leaves no trace: the sampling generator is not
     * drawn from and nothing of the slots is kept, so every later decision is what it would have been without it.
     */
    public void warmUp(int slots) {
        if (slots <= 0) return;
        FastDecoder dec = this.decoder;
        org.lambo.scenario.World world =
                new org.lambo.scenario.World(org.lambo.scenario.ScenarioLoader.load("paper"), 0x5eedL);
        for (int k = 0; k < slots; k++) {
            Instance inst = world.next();
            // the memory budget binds the warm-up too: a budget too small for a 50-UE slot skips it
            if (EncoderMemory.inferenceBytes(model.config(), inst.n()) > memoryBudgetMb * (1L << 20)) return;
            for (Prompt p : List.of(Prompt.MIN_LATENCY, Prompt.MIN_ENERGY)) {
                float[][] h = NoGrad.call(() -> model.encode(List.of(inst), List.of(p)))[0];
                Trajectory tr = dec.decode(inst, p, dec.prepare(h), FastDecoder.Mode.GREEDY, null);
                DecisionValidator.requireValid(inst, finish(inst, tr.decision()), name());
            }
        }
    }

    @Override
    public String name() {
        return "aed";
    }

    public AedModel model() {
        return model;
    }

    @Override
    public Decision decide(Instance instance, Prompt prompt) {
        return decideTraced(instance, prompt).decision();
    }

    /**
     * As {@link #decide}, with the {@link DecisionEntropy} of its greedy decoding (the uncertainty online ALEF queries
     * by), read off the decoding the policy does anyway. One decoder snapshot decides the whole slot, even when
     * {@link #swapDecoder} replaces it meanwhile.
     */
    @Override
    public Traced decideTraced(Instance instance, Prompt prompt) {
        FastDecoder decoder = this.decoder; // one snapshot per slot
        EncoderMemory.check(instance.id(), model.config(), instance.n(), memoryBudgetMb);
        // an agent's thread records gradients unless told not to (see NoGrad)
        float[][] h = NoGrad.call(() -> model.encode(List.of(instance), List.of(prompt)))[0];
        FastDecoder.Encoded enc = decoder.prepare(h);
        double entropy = Double.NaN;
        Decision best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int k = 0; k < samples; k++) {
            Trajectory tr = decoder.decode(
                    instance, prompt, enc, k == 0 ? FastDecoder.Mode.GREEDY : FastDecoder.Mode.SAMPLE, rng);
            if (k == 0) entropy = DecisionEntropy.of(tr);
            Decision d = finish(instance, tr.decision());
            double cost = CostModel.evaluate(instance, d).objective(prompt);
            if (cost < bestCost) {
                bestCost = cost;
                best = d;
            }
        }
        DecisionValidator.requireValid(instance, best, name());
        return new Traced(best, entropy);
    }

    /**
     * Replaces the plain-Java decoder the following slots decide with, atomically: a slot being decided keeps the
     * snapshot it started with. Online ALEF calls it with {@code model().fastDecoder()} once a fine-tune of the model's
     * decoder is complete (the snapshot copies the weights, so training the model's decoder meanwhile never changes a
     * decision).
     */
    public void swapDecoder(FastDecoder next) {
        if (next == null) throw new IllegalArgumentException("decoder snapshot is missing");
        this.decoder = next;
    }

    /** The decoded decision, with its shares re-optimised when that is on. */
    Decision finish(Instance instance, Decision decoded) {
        return reoptimise ? reoptimised(instance, decoded) : decoded;
    }

    /**
     * The decoded assignment with the water-filling shares of {@link ShareAllocation#best}; the decoded decision itself
     * in the (round-off) case where water-filling calls the assignment infeasible.
     */
    public static Decision reoptimised(Instance instance, Decision decoded) {
        Optional<Decision> best = ShareAllocation.best(instance, decoded.options());
        return best.orElse(decoded);
    }

    /** Closes the model (its engine's native memory); a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        model.close();
    }
}
