package org.lambo.are;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lambo.baseline.GreedyPolicy;
import org.lambo.mec.CostModel;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.rng.Seeds;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.World;

/**
 * ARE's two training stages, as {@code DNNopt2.m} runs them with {@code para.incre = 1}, for each prompt on consecutive
 * slots of the scenario's world:
 *
 * <ol>
 *   <li><b>pre-training</b>: the first {@code pretrainSlots} slots are labelled by the prompt's expert (the ARE code's
 *       labels are an optimiser's solutions; here a registered policy such as {@code mip} or {@code de}); the DNN
 *       trains {@code pretrainEpochs} full-batch epochs on their UE rows, which also fill the memory (its capacity is
 *       this many slots);
 *   <li><b>online incremental training</b>: on each of the next {@code streamSlots} slots the DNN decides; when the
 *       mean entropy of its UEs' option distributions exceeds the threshold, the slot is labelled by the expert, pushed
 *       into the memory (the oldest slot leaves) and the DNN trains {@code incrementalEpochs} full-batch epochs on the
 *       whole memory. Only admitted slots cost an expert call.
 * </ol>
 *
 * Every {@code evalEvery} stream slots (and after pre-training and at the end) it reports the mean gap to
 * {@code greedy} and to the expert on {@code validation} held-out slots of another world.
 */
public final class AreTrainer implements AutoCloseable {
    /**
     * One run's options. A value refused names its component first, so that {@code are-train} can name the flag.
     *
     * @param pretrainSlots slots of the pre-training set and the memory's capacity, &gt;= 1 (ARE code: 40 % of 500)
     * @param streamSlots slots of the incremental stage, &gt;= 0 (ARE code: 48 % of 500)
     * @param validation held-out slots per report, &gt;= 1 (ARE code: 12 % of 500)
     * @param evalEvery stream slots between reports, &gt;= 1
     * @param seed seed of the training world; the validation world's and the experts' are derived
     * @param experts the expert labelling each prompt to train, in order
     * @param expertOptions options handed to the experts
     */
    public record Options(
            int pretrainSlots,
            int streamSlots,
            int validation,
            int evalEvery,
            long seed,
            Map<Prompt, String> experts,
            Map<String, String> expertOptions) {
        /** The defaults (ARE code: 500 slots split 40 / 48 / 12 %; a report every 40 stream slots). */
        public static final int DEFAULT_PRETRAIN_SLOTS = 200;

        public static final int DEFAULT_STREAM_SLOTS = 240;
        public static final int DEFAULT_VALIDATION = 60;
        public static final int DEFAULT_EVAL_EVERY = 40;
        /**
         * The default experts, as {@code PROMPT=EXPERT,...}: differential evolution for latency, the MIP for energy.
         */
        public static final String DEFAULT_EXPERTS = "min-latency=de,min-energy=mip";

        public Options {
            if (pretrainSlots < 1)
                throw new IllegalArgumentException("pretrainSlots must be >= 1, got " + pretrainSlots);
            if (streamSlots < 0) throw new IllegalArgumentException("streamSlots must be >= 0, got " + streamSlots);
            if (validation < 1)
                throw new IllegalArgumentException("validation must be >= 1 held-out slots, got " + validation);
            if (evalEvery < 1) throw new IllegalArgumentException("evalEvery must be >= 1, got " + evalEvery);
            if (experts == null || experts.isEmpty())
                throw new IllegalArgumentException("experts must name an expert for at least one prompt");
            experts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(experts));
            expertOptions = Map.copyOf(expertOptions == null ? Map.of() : expertOptions);
        }
    }

    /**
     * One report.
     *
     * @param phase {@code pretrain} or {@code stream}
     * @param step epochs done (pre-training) or stream slots done
     * @param labelled slots the expert labelled so far for this prompt
     * @param admitted stream slots admitted into the memory so far
     * @param loss the training loss before the last step (NaN when nothing trained since the last report)
     * @param meanEntropy mean decision entropy (bits) over the stream slots since the last report (NaN in pre-training)
     * @param valGapGreedy mean (ARE - greedy) / greedy on the held-out slots
     * @param valGapExpert mean (ARE - expert) / expert on the held-out slots
     * @param seconds wall time since the start
     */
    public record Row(
            Prompt prompt,
            String phase,
            int step,
            int labelled,
            int admitted,
            double loss,
            double meanEntropy,
            double valGapGreedy,
            double valGapExpert,
            double seconds) {}

    public static final String CSV = "learning-curve.csv";
    static final String HEADER =
            "prompt,phase,step,labelled,admitted,loss,mean_entropy_bits,val_gap_vs_greedy,val_gap_vs_expert,seconds";

    private final ArePolicy policy;
    private final Scenario scenario;
    private final Options options;

    public AreTrainer(ArePolicy policy, Scenario scenario, Options options) {
        this.policy = policy;
        this.scenario = scenario;
        this.options = options;
    }

    /**
     * A trainer that owns a fresh, seeded ARE policy: closing the trainer closes the policy (the command line's way in,
     * so that nothing outside this package names the concrete policy).
     */
    public static AreTrainer create(AreSettings settings, Scenario scenario, Options options) {
        return new AreTrainer(new ArePolicy(settings, options.seed(), null), scenario, options);
    }

    /** Writes the trained networks as a checkpoint folder that {@code are.checkpoint=DIR} loads. */
    public void save(java.nio.file.Path dir) throws IOException {
        policy.save(dir);
    }

    /** Frees the policy's networks. */
    @Override
    public void close() {
        policy.close();
    }

    /** Trains every prompt of the options in turn; the listener sees each report as it is made. */
    public List<Row> train(java.util.function.Consumer<Row> listener) {
        List<Row> rows = new ArrayList<>();
        long start = System.nanoTime();
        for (Map.Entry<Prompt, String> e : options.experts().entrySet()) {
            trainPrompt(e.getKey(), e.getValue(), start, r -> {
                rows.add(r);
                listener.accept(r);
            });
        }
        return rows;
    }

    private void trainPrompt(Prompt prompt, String expertName, long start, java.util.function.Consumer<Row> report) {
        AreSettings s = policy.settings();
        OffloadingPolicy expert = Policies.create(
                expertName,
                new PolicySettings(Seeds.derive(options.seed(), "are/expert/" + prompt.id()), options.expertOptions()));
        try {
            World world = new World(scenario, options.seed());
            List<Instance> held = new ArrayList<>();
            World heldWorld = new World(scenario, Seeds.derive(options.seed(), "are/validation"));
            for (int k = 0; k < options.validation(); k++) held.add(heldWorld.next());
            double[] greedy = new double[held.size()];
            double[] best = new double[held.size()];
            GreedyPolicy g = new GreedyPolicy();
            for (int k = 0; k < held.size(); k++) {
                greedy[k] = CostModel.evaluate(held.get(k), g.decide(held.get(k), prompt))
                        .objective(prompt);
                best[k] = CostModel.evaluate(held.get(k), expert.decide(held.get(k), prompt))
                        .objective(prompt);
            }
            ArePolicy.Learned learned =
                    policy.learned(prompt, scenario.servers().size());
            AreNetwork net = learned.network();
            SlotMemory memory = new SlotMemory(options.pretrainSlots());
            for (int k = 0; k < options.pretrainSlots(); k++) {
                Instance inst = world.next();
                memory.add(SlotMemory.label(inst, expert.decide(inst, prompt)));
            }
            int labelled = options.pretrainSlots();
            double[] losses = net.train(memory.batch(), s.pretrainEpochs());
            learned.learntFrom(labelled);
            double[] gaps = gaps(held, prompt, greedy, best);
            report.accept(new Row(
                    prompt,
                    "pretrain",
                    s.pretrainEpochs(),
                    labelled,
                    0,
                    losses[losses.length - 1],
                    Double.NaN,
                    gaps[0],
                    gaps[1],
                    seconds(start)));
            int admitted = 0;
            double entropySum = 0;
            int inWindow = 0;
            double lastLoss = Double.NaN;
            for (int t = 1; t <= options.streamSlots(); t++) {
                Instance inst = world.next();
                AreDecoder.Result r = AreDecoder.decide(inst, prompt, net);
                entropySum += r.meanEntropy();
                inWindow++;
                if (r.meanEntropy() > s.entropyThreshold()) {
                    memory.add(SlotMemory.label(inst, expert.decide(inst, prompt)));
                    labelled++;
                    admitted++;
                    learned.learntFrom(1);
                    double[] l = net.train(memory.batch(), s.incrementalEpochs());
                    lastLoss = l[l.length - 1];
                }
                if (t % options.evalEvery() == 0 || t == options.streamSlots()) {
                    gaps = gaps(held, prompt, greedy, best);
                    report.accept(new Row(
                            prompt,
                            "stream",
                            t,
                            labelled,
                            admitted,
                            lastLoss,
                            entropySum / inWindow,
                            gaps[0],
                            gaps[1],
                            seconds(start)));
                    entropySum = 0;
                    inWindow = 0;
                    lastLoss = Double.NaN;
                }
            }
        } finally {
            try {
                expert.close();
            } catch (Exception ignored) {
                // freeing the expert's memory; nothing to report
            }
        }
    }

    /** {mean gap to greedy, mean gap to the expert} of the policy's current networks on the held-out slots. */
    private double[] gaps(List<Instance> held, Prompt prompt, double[] greedy, double[] best) {
        double vsGreedy = 0;
        double vsExpert = 0;
        for (int k = 0; k < held.size(); k++) {
            double mine = CostModel.evaluate(held.get(k), policy.decide(held.get(k), prompt))
                    .objective(prompt);
            vsGreedy += (mine - greedy[k]) / greedy[k];
            vsExpert += (mine - best[k]) / best[k];
        }
        return new double[] {vsGreedy / held.size(), vsExpert / held.size()};
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Appends rows to {@code DIR/learning-curve.csv}, writing the header when the file is new. */
    public static void append(Path dir, List<Row> rows) throws IOException {
        Path file = dir.resolve(CSV);
        StringBuilder sb = new StringBuilder();
        if (!Files.exists(file)) sb.append(HEADER).append('\n');
        for (Row r : rows) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%s,%s,%d,%d,%d,%s,%s,%.6f,%.6f,%.3f%n",
                    r.prompt().id(),
                    r.phase(),
                    r.step(),
                    r.labelled(),
                    r.admitted(),
                    num(r.loss()),
                    num(r.meanEntropy()),
                    r.valGapGreedy(),
                    r.valGapExpert(),
                    r.seconds()));
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }
}
