package org.lambo.droo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lambo.baseline.GreedyPolicy;
import org.lambo.mec.CostModel;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.rng.Seeds;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.World;

/**
 * Runs DROO's online loop over a scenario's consecutive slots (of one world, or of several in turn), for both prompts
 * (every slot is one frame of the {@code min-latency} learner and one of the {@code min-energy} learner), and measures
 * it against {@code greedy}:
 *
 * <ul>
 *   <li>on the training frames, the mean ratio of DROO's objective to greedy's since the last report (below 1: DROO is
 *       ahead; it is the best of K candidates, so this is what DROO delivers online);
 *   <li>every {@code evalEvery} frames, the mean gap (cost - greedy) / greedy on held-out slots from a world of another
 *       seed, decided without learning.
 * </ul>
 *
 * The policy passed in is trained in place; the caller saves it ({@link DrooPolicy#save}).
 */
public final class DrooTrainer implements AutoCloseable {
    private final DrooPolicy policy;
    private final Scenario scenario;
    private final Options options;
    private final GreedyPolicy greedy = new GreedyPolicy();

    /**
     * One run's options. A value refused names its component first, so that {@code droo-train} can name the flag.
     *
     * @param frames slots to learn from, &gt;= 1
     * @param evalEvery frames between two reports, &gt;= 1
     * @param validation held-out slots per report, &gt;= 1
     * @param seed seed of the first training world; the others' and the validation world's are derived from it
     * @param firstFrame frames already done (a resumed run continues the worlds where they stopped)
     * @param worlds training worlds taken in turn, frame f from world (f - 1) mod worlds, &gt;= 1: each world has its
     *     own server layout (DROO's paper has one fixed layout; more worlds teach the DNN layouts it will meet on other
     *     seeds)
     */
    public record Options(long frames, int evalEvery, int validation, long seed, long firstFrame, int worlds) {
        /** The defaults ({@code droo-train}'s): 20,000 frames, a report every 1,000 on 50 held-out slots, one world. */
        public static final long DEFAULT_FRAMES = 20_000;

        public static final int DEFAULT_EVAL_EVERY = 1000;
        public static final int DEFAULT_VALIDATION = 50;
        public static final int DEFAULT_WORLDS = 1;

        public Options {
            if (worlds < 1) throw new IllegalArgumentException("worlds must be >= 1, got " + worlds);
            if (frames < 1) throw new IllegalArgumentException("frames must be >= 1, got " + frames);
            if (evalEvery < 1) throw new IllegalArgumentException("evalEvery must be >= 1, got " + evalEvery);
            if (validation < 1) throw new IllegalArgumentException("validation must be >= 1, got " + validation);
            if (firstFrame < 0 || firstFrame > frames)
                throw new IllegalArgumentException("firstFrame must be in 0.." + frames + ", got " + firstFrame);
        }
    }

    /**
     * One report for one prompt.
     *
     * @param frame frames done
     * @param trainRatio mean DROO / greedy objective over the frames since the last report
     * @param valGap mean (DROO - greedy) / greedy on the held-out slots
     * @param loss the last training loss (NaN before the first training step)
     * @param candidates the current K
     * @param seconds wall time since the start of this run
     */
    public record Row(
            long frame, Prompt prompt, double trainRatio, double valGap, double loss, int candidates, double seconds) {}

    /** Called after every frame and every report. */
    public interface Listener {
        void frame(long done, Map<Prompt, Double> runningRatio);

        void report(List<Row> rows);

        Listener NONE = new Listener() {
            @Override
            public void frame(long done, Map<Prompt, Double> runningRatio) {}

            @Override
            public void report(List<Row> rows) {}
        };
    }

    private final boolean ownsPolicy;

    /** Trains the given policy in place; the caller made it and closes it. */
    public DrooTrainer(DrooPolicy policy, Scenario scenario, Options options) {
        this(policy, scenario, options, false);
    }

    private DrooTrainer(DrooPolicy policy, Scenario scenario, Options options, boolean ownsPolicy) {
        if (!policy.settings().learn())
            throw new IllegalArgumentException("the DROO policy to train has droo.learn=false");
        this.policy = policy;
        this.scenario = scenario;
        this.options = options;
        this.ownsPolicy = ownsPolicy;
    }

    /**
     * Makes the DROO policy from its settings (options {@code droo.*}) and a trainer for it that owns it: closing the
     * trainer closes the policy. {@code lambo droo-train} trains this way, naming no policy class.
     */
    public static DrooTrainer create(org.lambo.policy.PolicySettings settings, Scenario scenario, Options options) {
        DrooPolicy policy = (DrooPolicy) new DrooPolicy.Provider().create(settings);
        try {
            return new DrooTrainer(policy, scenario, options, true);
        } catch (RuntimeException e) {
            policy.close();
            throw e;
        }
    }

    /** The settings of the policy being trained. */
    public DrooSettings settings() {
        return policy.settings();
    }

    /** Writes the policy's networks into a checkpoint folder ({@link DrooPolicy#save}). */
    public DrooCheckpoint save(Path dir) throws java.io.IOException {
        return policy.save(dir);
    }

    /** Closes the policy when this trainer made it ({@link #create}); a no-op otherwise. */
    @Override
    public void close() {
        if (ownsPolicy) policy.close();
    }

    /** The held-out slots of the reports. */
    public List<Instance> validationSet() {
        World w = new World(scenario, Seeds.derive(options.seed(), "droo/validation"));
        List<Instance> out = new ArrayList<>(options.validation());
        for (int k = 0; k < options.validation(); k++) out.add(w.next());
        return out;
    }

    /** Runs frames {@code firstFrame + 1 .. frames}; returns the reports. */
    public List<Row> train(Listener listener) {
        List<Instance> validation = validationSet();
        Map<Prompt, double[]> greedyValidation = new TreeMap<>();
        for (Prompt p : Prompt.values()) {
            double[] g = new double[validation.size()];
            for (int k = 0; k < g.length; k++) g[k] = objective(validation.get(k), greedy, p);
            greedyValidation.put(p, g);
        }
        World[] worlds = new World[options.worlds()];
        for (int w = 0; w < worlds.length; w++) {
            worlds[w] = new World(scenario, w == 0 ? options.seed() : Seeds.derive(options.seed(), "droo/world", w));
        }
        for (long f = 1; f <= options.firstFrame(); f++) worlds[(int) ((f - 1) % worlds.length)].next();
        Map<Prompt, Double> ratioSum = new TreeMap<>();
        Map<Prompt, Double> lastLoss = new TreeMap<>();
        for (Prompt p : Prompt.values()) {
            ratioSum.put(p, 0.0);
            lastLoss.put(p, Double.NaN);
        }
        List<Row> rows = new ArrayList<>();
        long start = System.nanoTime();
        int inWindow = 0;
        for (long f = options.firstFrame() + 1; f <= options.frames(); f++) {
            Instance inst = worlds[(int) ((f - 1) % worlds.length)].next();
            Map<Prompt, Double> running = new TreeMap<>();
            inWindow++;
            for (Prompt p : Prompt.values()) {
                DrooLearner.Frame fr = policy.learner(p, inst.n(), inst.m()).learn(inst);
                ratioSum.merge(p, fr.objective() / objective(inst, greedy, p), Double::sum);
                if (fr.trained()) lastLoss.put(p, fr.loss());
                running.put(p, ratioSum.get(p) / inWindow);
            }
            listener.frame(f, running);
            if (f % options.evalEvery() == 0 || f == options.frames()) {
                List<Row> report = new ArrayList<>();
                for (Prompt p : Prompt.values()) {
                    double gap = 0;
                    for (int k = 0; k < validation.size(); k++) {
                        Instance v = validation.get(k);
                        double best = greedyValidation.get(p)[k];
                        gap += (policy.learner(p, v.n(), v.m()).infer(v).objective() - best) / best;
                    }
                    DrooLearner l = policy.learner(p, inst.n(), inst.m());
                    report.add(new Row(
                            f,
                            p,
                            ratioSum.get(p) / inWindow,
                            gap / validation.size(),
                            lastLoss.get(p),
                            l.candidates(),
                            (System.nanoTime() - start) / 1e9));
                    ratioSum.put(p, 0.0);
                }
                inWindow = 0;
                rows.addAll(report);
                listener.report(report);
            }
        }
        return rows;
    }

    private static double objective(Instance inst, org.lambo.policy.OffloadingPolicy policy, Prompt p) {
        return CostModel.evaluate(inst, policy.decide(inst, p)).objective(p);
    }
}
