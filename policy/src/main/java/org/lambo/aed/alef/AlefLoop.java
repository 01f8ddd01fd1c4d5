package org.lambo.aed.alef;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.commons.math3.random.RandomGenerator;
import org.lambo.aed.AedModel;
import org.lambo.aed.infer.DecisionEntropy;
import org.lambo.aed.infer.FastDecoder;
import org.lambo.mec.Decision;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.rng.Seeds;
import org.lambo.run.ProgressListener;
import org.lambo.scenario.Scenario;

/**
 * ALEF, active learning from expert feedback (article, section 4.5): fine-tunes a pre-trained AED's decoder to a
 * changed environment with few expert labels.
 *
 * <p>Round 0 measures the pre-trained model. Then each round r = 1..R:
 *
 * <ol>
 *   <li><b>online decisions</b>: the current model decodes every candidate of the unlabelled pool (a slot of the
 *       drifted environment under a prompt) greedily, the encoder frozen;
 *   <li><b>maximum-entropy query</b>: the {@link AlefOptions#budget(int) budget} unlabelled candidates with the largest
 *       {@link DecisionEntropy} are chosen ({@link MaxEntropyQuery});
 *   <li><b>expert labels</b>: the expert ({@code mip}, {@code de}, ...) decides them, and each decision is replayed as
 *       a teacher-forced {@link Demonstration};
 *   <li><b>decoder update</b>: {@link DecoderFineTuner} runs {@code epochs} passes over all the labels gathered so far,
 *       updating the decoder only; with {@code select} (default) the round keeps the weights, among those after each
 *       epoch and those it started from, whose own greedy decodings of the <em>validation slots</em> have the least
 *       mean gap to the expert, among those that leave no prompt's mean validation gap above the starting weights'
 *       ({@link PromptwiseSelection}: a prompt that needs no fixing is not made worse for another's gain);
 *   <li>the held-out gap to the reference is measured ({@link HeldOutGaps}) and a row is added to the curve.
 * </ol>
 *
 * <p>The validation slots ({@link AlefOptions#validationSlots()}, a share of the label budget) are drawn at random
 * (seeded, {@link #validationIndices}) from the pool before round 1, labelled by the expert under every prompt and
 * taken out of the pool: no query asks for them and no epoch trains on them, so the selection judges weights on slots
 * they were not fitted to, drawn as the held-out slots are (at random, not by entropy). With a validation share of 0
 * (the default: measured, holding back 0.2 closed no more of the gap, docs/ALEF.md) the selection judges the weights on
 * the labels they were trained on. The held-out slots are never used for any choice.
 *
 * <p>The model is updated in place; the caller saves it.
 */
public final class AlefLoop {
    private final AedModel model;
    private final Scenario scenario;
    private final AlefOptions opts;

    /** One round's query: the entropy of every candidate, which were labelled before it, and those it chose. */
    public record Query(int round, double[] entropy, boolean[] labelledBefore, int[] chosen) {}

    /**
     * The curve, the summary, every query (its candidates index {@code queried}, the pool less the validation slots),
     * the demonstrations trained on, the pool slots the queries chose from and the validation slots (empty when the
     * selection judges on the training labels).
     */
    public record Result(
            AlefCurve curve,
            AlefSummary summary,
            List<Query> queries,
            List<Demonstration> demonstrations,
            List<Instance> queried,
            List<Instance> validation) {}

    public AlefLoop(AedModel model, Scenario scenario, AlefOptions opts) {
        this.model = model;
        this.scenario = scenario;
        this.opts = opts;
    }

    /**
     * Runs all rounds.
     *
     * @param progress told of every expert or reference solve (a command draws it as a bar);
     *     {@link ProgressListener#NONE}: nobody
     * @param onRow told of every row of the curve (may be null)
     * @throws org.lambo.io.InputException when the expert or the reference is unknown or an option is bad
     */
    public Result run(ProgressListener progress, Consumer<AlefCurve.Row> onRow) {
        PolicySettings expertSettings =
                new PolicySettings(Seeds.derive(opts.seed(), "alef.expert"), opts.expertOptions());
        PolicySettings referenceSettings =
                new PolicySettings(Seeds.derive(opts.seed(), "alef.reference"), opts.expertOptions());
        // made here, closed here: both, even when one fails (the expert too when the reference cannot be made)
        try (OffloadingPolicy expert = Policies.create(opts.expert(), expertSettings);
                OffloadingPolicy reference = Policies.create(opts.reference(), referenceSettings)) {
            return run(progress, onRow, expert, reference);
        }
    }

    /** {@link #run(ProgressListener, Consumer)} with the expert and the reference given (the caller closes them). */
    Result run(
            ProgressListener progress,
            Consumer<AlefCurve.Row> onRow,
            OffloadingPolicy expert,
            OffloadingPolicy reference) {
        long t0 = System.nanoTime();
        List<Prompt> prompts = opts.prompts();
        DriftedSlots slots = DriftedSlots.draw(scenario, opts);
        List<Instance> pool = new ArrayList<>();
        List<Instance> validationSlots = new ArrayList<>();
        boolean[] heldBack = new boolean[slots.pool().size()];
        for (int k : validationIndices(slots.pool().size(), opts.validationSlots(), opts.seed())) heldBack[k] = true;
        for (int k = 0; k < heldBack.length; k++)
            (heldBack[k] ? validationSlots : pool).add(slots.pool().get(k));
        boolean drift = !scenario.drift().isEmpty();
        long solves = (long) opts.heldOut() * prompts.size() * (drift ? 2 : 1) + opts.labels();
        progress.started("alef " + opts.expert(), "solves", solves, 0);
        Solves told = new Solves(progress);
        try {
            told.say(" reference on held-out slots");
            Runnable tick = told::step;
            HeldOutGaps heldOut = new HeldOutGaps(slots.heldOut(), prompts, reference, tick);
            HeldOutGaps undrifted =
                    drift ? new HeldOutGaps(slots.heldOutUndrifted(), prompts, reference, tick) : heldOut;
            // the selection's own slots, labelled by the expert: part of the label budget, never trained on
            if (!validationSlots.isEmpty()) told.say(" labelling the validation slots");
            long v0 = System.nanoTime();
            HeldOutGaps validation =
                    validationSlots.isEmpty() ? null : new HeldOutGaps(validationSlots, prompts, expert, tick);
            double validationSeconds = seconds(v0);

            AlefCurve curve = new AlefCurve();
            double[] gap0 = heldOut.gaps(model);
            double[] before = undrifted.gaps(model);
            addRow(
                    curve,
                    new AlefCurve.Row(
                            0,
                            0,
                            gap0,
                            before,
                            Double.NaN,
                            Double.NaN,
                            Double.NaN,
                            0,
                            seconds(t0),
                            AlefCurve.Row.none(),
                            AlefCurve.Row.none()),
                    told,
                    onRow);

            int candidates = pool.size() * prompts.size();
            boolean[] labelled = new boolean[candidates];
            List<Demonstration> demos = new ArrayList<>();
            List<Query> queries = new ArrayList<>();
            DecoderFineTuner tuner = DecoderFineTuner.forAlef(model, opts);
            int used = validationSlots.size() * prompts.size();
            int skipped = 0;
            int kept = 0; // rounds whose selection kept the weights they started from
            double expertSeconds = validationSeconds;
            double trainSeconds = 0;
            for (int r = 1; r <= opts.rounds(); r++) {
                double[] entropy = entropies(pool, prompts);
                int[] chosen = MaxEntropyQuery.select(entropy, labelled, opts.budget(r));
                queries.add(new Query(r, entropy, labelled.clone(), chosen));
                double queried = 0;
                long e0 = System.nanoTime();
                for (int c : chosen) {
                    Instance inst = pool.get(c / prompts.size());
                    Prompt p = prompts.get(c % prompts.size());
                    told.say(String.format(Locale.ROOT, " round %d/%d: labelling", r, opts.rounds()));
                    Decision d = expert.decide(inst, p);
                    DecisionValidator.requireValid(inst, d, expert.name());
                    labelled[c] = true;
                    used++;
                    queried += entropy[c] / chosen.length;
                    try {
                        demos.add(Demonstration.alefLabel(inst, p, d, opts)); // the warm start's floor
                    } catch (IllegalArgumentException e) {
                        skipped++;
                    }
                    told.step();
                }
                expertSeconds += seconds(e0);
                long tr0 = System.nanoTime();
                double loss = Double.NaN;
                if (!demos.isEmpty()) {
                    told.say(String.format(
                            Locale.ROOT, " round %d/%d: training on %d labels", r, opts.rounds(), demos.size()));
                    RandomGenerator shuffle = Seeds.stream(opts.seed(), "alef.shuffle", r);
                    // keep the epoch whose own decodings of the validation slots come closest to the expert (the
                    // weights before this round's training included) among those that leave no prompt's validation
                    // gap worse: imitation can cost more than it brings, and one prompt's labels can cost another
                    PromptwiseSelection selection = !opts.select()
                            ? null
                            : validation != null
                                    ? new PromptwiseSelection(
                                            gapsByPrompt(validation.gaps(model), prompts),
                                            validationCounts(validationSlots.size(), prompts))
                                    : new PromptwiseSelection(
                                            tuner.labelledGaps(demos), PromptwiseSelection.counts(demos));
                    float[][] bestWeights = opts.select() ? tuner.snapshot() : null;
                    for (int e = 0; e < opts.epochs(); e++) {
                        loss = tuner.epoch(demos, opts.batch(), shuffle).total();
                        if (selection == null) continue;
                        Map<Prompt, Double> judged = validation != null
                                ? gapsByPrompt(validation.gaps(model), prompts)
                                : tuner.labelledGaps(demos);
                        if (selection.offer(judged)) bestWeights = tuner.snapshot();
                    }
                    if (selection != null) {
                        tuner.restore(bestWeights);
                        if (selection.chosen() == 0) kept++;
                    }
                }
                trainSeconds += seconds(tr0);
                // the kept weights in-sample and on the validation slots: over-fitting or a decoder that cannot fit
                double[] trainedGap = AlefCurve.Row.none();
                if (!demos.isEmpty()) tuner.labelledGaps(demos).forEach((q, g) -> trainedGap[q.ordinal()] = g);
                double[] validationGap = validation != null ? validation.gaps(model) : AlefCurve.Row.none();
                double poolMean = 0;
                for (double v : entropy) poolMean += v / entropy.length;
                addRow(
                        curve,
                        new AlefCurve.Row(
                                r,
                                used,
                                heldOut.gaps(model),
                                undrifted.gaps(model),
                                poolMean,
                                chosen.length == 0 ? Double.NaN : queried,
                                loss,
                                skipped,
                                seconds(t0),
                                trainedGap,
                                validationGap),
                        told,
                        onRow);
                if (chosen.length == 0) break; // the pool is exhausted
            }
            AlefSummary summary = new AlefSummary(
                    opts.expert(),
                    opts.reference(),
                    used,
                    skipped,
                    validationSlots.size() * prompts.size(),
                    curve.last().round(),
                    kept,
                    heldOut.size(),
                    prompts,
                    before,
                    gap0,
                    curve.last().gap(),
                    tuner.steps(),
                    tuner.skippedSteps(),
                    expertSeconds,
                    trainSeconds,
                    seconds(t0));
            return new Result(curve, summary, queries, demos, pool, validationSlots);
        } finally {
            progress.ended();
        }
    }

    /**
     * The pool indices (sorted) held back as validation slots: {@code k} of {@code 0..poolSize-1}, drawn without
     * replacement from the stream {@code alef.validation} of the seed (the first k of a seeded Fisher-Yates shuffle).
     */
    static int[] validationIndices(int poolSize, int k, long seed) {
        if (k < 0 || k >= Math.max(1, poolSize))
            throw new IllegalArgumentException("cannot hold back " + k + " of " + poolSize + " pool slots");
        int[] idx = new int[poolSize];
        for (int i = 0; i < poolSize; i++) idx[i] = i;
        RandomGenerator rng = Seeds.stream(seed, "alef.validation");
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(poolSize - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] out = java.util.Arrays.copyOf(idx, k);
        java.util.Arrays.sort(out);
        return out;
    }

    /** A gap array indexed by prompt ordinal ({@link HeldOutGaps#gaps}) as a map over the run's prompts. */
    private static Map<Prompt, Double> gapsByPrompt(double[] gaps, List<Prompt> prompts) {
        Map<Prompt, Double> out = new TreeMap<>();
        for (Prompt p : prompts) out.put(p, gaps[p.ordinal()]);
        return out;
    }

    /** Every validation slot is labelled under every prompt: {@code slots} labels per prompt. */
    private static Map<Prompt, Integer> validationCounts(int slots, List<Prompt> prompts) {
        Map<Prompt, Integer> out = new TreeMap<>();
        for (Prompt p : prompts) out.put(p, slots);
        return out;
    }

    /**
     * {@link DecisionEntropy} of the current model's greedy decoding of every candidate (slot k, prompt q) at k *
     * prompts + q.
     */
    double[] entropies(List<Instance> pool, List<Prompt> prompts) {
        FastDecoder dec = model.fastDecoder();
        double[] u = new double[pool.size() * prompts.size()];
        for (int k = 0; k < pool.size(); k++) {
            for (int q = 0; q < prompts.size(); q++) {
                Instance inst = pool.get(k);
                float[][] h = model.encode(List.of(inst), List.of(prompts.get(q)))[0]; // [N][d]
                u[k * prompts.size() + q] = DecisionEntropy.of(
                        dec.decode(inst, prompts.get(q), dec.prepare(h), FastDecoder.Mode.GREEDY, null));
            }
        }
        return u;
    }

    private static void addRow(AlefCurve curve, AlefCurve.Row row, Solves told, Consumer<AlefCurve.Row> onRow) {
        curve.add(row);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, " %d labels: gap", row.labels()));
        for (Prompt p : Prompt.values()) {
            if (!Double.isNaN(row.gap(p)))
                sb.append(String.format(Locale.ROOT, " %s %+.2f%%", p.id(), 100 * row.gap(p)));
            if (!Double.isNaN(row.trainedGap()[p.ordinal()]))
                sb.append(String.format(Locale.ROOT, " (trained on %+.2f%%)", 100 * row.trainedGap()[p.ordinal()]));
        }
        told.say(sb.toString());
        if (onRow != null) onRow.accept(row);
    }

    /** The solves done so far, told to the listener one by one. */
    private static final class Solves {
        private final ProgressListener listener;
        private long done;

        Solves(ProgressListener listener) {
            this.listener = listener;
        }

        void step() {
            listener.advanced(++done, null);
        }

        void say(String status) {
            listener.advanced(done, status);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
