package org.lambo.aed.alef;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 *       epoch and those it started from, whose own greedy decodings of the labelled slots have the least mean gap to
 *       the expert, among those that leave no prompt's mean labelled gap above the starting weights'
 *       ({@link PromptwiseSelection}: a prompt that needs no fixing is not made worse for another's gain);
 *   <li>the held-out gap to the reference is measured ({@link HeldOutGaps}) and a row is added to the curve.
 * </ol>
 *
 * The model is updated in place; the caller saves it.
 */
public final class AlefLoop {
    private final AedModel model;
    private final Scenario scenario;
    private final AlefOptions opts;

    /** One round's query: the entropy of every candidate, which were labelled before it, and those it chose. */
    public record Query(int round, double[] entropy, boolean[] labelledBefore, int[] chosen) {}

    /** The curve, the summary, every query and the demonstrations gathered. */
    public record Result(
            AlefCurve curve, AlefSummary summary, List<Query> queries, List<Demonstration> demonstrations) {}

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
        boolean drift = !scenario.drift().isEmpty();
        long solves = (long) opts.heldOut() * prompts.size() * (drift ? 2 : 1) + opts.labels();
        progress.started("alef " + opts.expert(), "solves", solves, 0);
        Solves told = new Solves(progress);
        try {
            told.say(" reference on held-out slots");
            Runnable tick = told::step;
            HeldOutGaps held = new HeldOutGaps(slots.heldOut(), prompts, reference, tick);
            HeldOutGaps undrifted = drift ? new HeldOutGaps(slots.heldOutUndrifted(), prompts, reference, tick) : held;

            AlefCurve curve = new AlefCurve();
            double[] gap0 = held.gaps(model);
            double[] before = undrifted.gaps(model);
            addRow(
                    curve,
                    new AlefCurve.Row(0, 0, gap0, before, Double.NaN, Double.NaN, Double.NaN, 0, seconds(t0)),
                    told,
                    onRow);

            List<Instance> pool = slots.pool();
            int candidates = pool.size() * prompts.size();
            boolean[] labelled = new boolean[candidates];
            List<Demonstration> demos = new ArrayList<>();
            List<Query> queries = new ArrayList<>();
            DecoderFineTuner tuner =
                    new DecoderFineTuner(model, opts.learningRate(), opts.clipNorm(), opts.shareWeight());
            int used = 0;
            int skipped = 0;
            int kept = 0; // rounds whose selection kept the weights they started from
            double expertSeconds = 0;
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
                        // the warm start's floor: at 0.01 the labels would teach the share head to leave
                        // servers part-empty at large N (AlefShareFloorTest)
                        demos.add(Demonstration.replay(
                                inst, p, d, opts.reservation(), Demonstration.WARM_START_FRACTION_FLOOR));
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
                    // keep the epoch whose own decodings of the labelled slots come closest to the expert (the
                    // weights before this round's training included) among those that leave no prompt's labelled
                    // gap worse: imitation can cost more than it brings, and one prompt's labels can cost another
                    PromptwiseSelection selection = opts.select()
                            ? new PromptwiseSelection(tuner.labelledGaps(demos), PromptwiseSelection.counts(demos))
                            : null;
                    float[][] bestWeights = opts.select() ? tuner.snapshot() : null;
                    for (int e = 0; e < opts.epochs(); e++) {
                        loss = tuner.epoch(demos, opts.batch(), shuffle).total();
                        if (selection != null && selection.offer(tuner.labelledGaps(demos)))
                            bestWeights = tuner.snapshot();
                    }
                    if (selection != null) {
                        tuner.restore(bestWeights);
                        if (selection.chosen() == 0) kept++;
                    }
                }
                trainSeconds += seconds(tr0);
                double poolMean = 0;
                for (double v : entropy) poolMean += v / entropy.length;
                addRow(
                        curve,
                        new AlefCurve.Row(
                                r,
                                used,
                                held.gaps(model),
                                undrifted.gaps(model),
                                poolMean,
                                chosen.length == 0 ? Double.NaN : queried,
                                loss,
                                skipped,
                                seconds(t0)),
                        told,
                        onRow);
                if (chosen.length == 0) break; // the pool is exhausted
            }
            AlefSummary summary = new AlefSummary(
                    opts.expert(),
                    opts.reference(),
                    used,
                    skipped,
                    curve.last().round(),
                    kept,
                    held.size(),
                    prompts,
                    before,
                    gap0,
                    curve.last().gap(),
                    tuner.steps(),
                    tuner.skippedSteps(),
                    expertSeconds,
                    trainSeconds,
                    seconds(t0));
            return new Result(curve, summary, queries, demos);
        } finally {
            progress.ended();
        }
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
