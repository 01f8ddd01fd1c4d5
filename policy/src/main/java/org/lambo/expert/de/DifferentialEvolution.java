package org.lambo.expert.de;

import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.math3.random.RandomGenerator;
import org.lambo.baseline.GreedyPolicy;
import org.lambo.baseline.NearestPolicy;
import org.lambo.io.InputException;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.ShareAllocation;
import org.lambo.policy.ExpertPolicy;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.PolicyProvider;
import org.lambo.policy.PolicySettings;
import org.lambo.policy.Solution;
import org.lambo.policy.Stateless;
import org.lambo.rng.Seeds;

/**
 * The heuristic expert {@code de}: differential evolution over UE-to-option assignments.
 *
 * <p><b>Encoding.</b> An individual is one real key per UE in [0, M+1); UE i's option is floor(key_i) (0 = local, j =
 * server j). Mutants that leave the range wrap around it (options are categories, so no end of the range is special).
 *
 * <p><b>Fitness.</b> Every candidate's assignment is {@link Repair repaired} to feasibility, given the best shares for
 * it by {@link ShareAllocation#best} and scored by {@code CostModel.evaluate(..).objective(prompt)} (total latency L or
 * total energy E). The repaired options are written back into the keys (keeping each key's fractional part), so the
 * population only ever holds feasible assignments.
 *
 * <p><b>Search.</b> The initial population holds the all-local assignment, greedy's decisions for both prompts and the
 * best-channel decision; the rest are uniform random keys. Each generation, every target x_t is challenged by a trial
 * built by the configured mutation ({@link DeSettings.Strategy}) and binomial crossover (rate CR, at least one key from
 * the mutant); the trial replaces the target when it is no worse (asynchronous update: later targets of the same
 * generation already see it). The best individual is therefore never lost, and the result is never worse than all-local
 * or greedy.
 *
 * <p><b>Randomness.</b> Each call draws from its own stream {@code Seeds.stream(seed, "de/<instance id>/<prompt>")}, so
 * a decision depends on the seed, the instance and the prompt only, not on the calls before it; with
 * {@code de.timeLimitMs} it depends on the machine's speed too.
 *
 * <p><b>Bound.</b> The solution's bound is the {@link IndependentBound}; the status says which budget stopped the
 * search.
 */
public final class DifferentialEvolution implements ExpertPolicy, Stateless {
    private final long seed;
    private final DeSettings settings;

    public DifferentialEvolution(long seed, DeSettings settings) {
        if (settings == null) throw new IllegalArgumentException("de settings are missing");
        this.seed = seed;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "de";
    }

    public DeSettings settings() {
        return settings;
    }

    /** What one search did: the best assignment's decision and objective, and the effort spent. */
    public record Run(
            Decision decision,
            double objective,
            int generations,
            long evaluations,
            String stoppedBy,
            double[] bestPerGeneration) {}

    @Override
    public Solution solve(Instance instance, Prompt prompt) {
        Run r = run(instance, prompt);
        String detail = "stopped by " + r.stoppedBy() + " after " + r.generations() + " generations, " + r.evaluations()
                + " evaluations";
        return new Solution(
                r.decision(), r.objective(), IndependentBound.of(instance, prompt), Solution.Status.HEURISTIC, detail);
    }

    /** Runs the search on one instance for one prompt. */
    public Run run(Instance inst, Prompt prompt) {
        // with a time limit and the polish on, the evolution stops at 3/4 of it so that the polish has time too
        Clock clock = new Clock(settings.timeLimitMs());
        Clock evolution = settings.polish() ? new Clock(settings.timeLimitMs() - settings.timeLimitMs() / 4) : clock;
        RandomGenerator rng = Seeds.stream(seed, "de/" + inst.id() + "/" + prompt.id());
        int n = inst.n();
        int k = inst.m() + 1;
        int pop = settings.population();
        Repair repair = new Repair(inst, prompt);
        double[][] keys = new double[pop][]; // [P][N]
        double[] fitness = new double[pop]; // [P]
        int[] options = new int[n]; // scratch
        long evaluations = 0;

        double[][] seeds = {
            keysOf(Decision.allLocal(n).options()),
            keysOf(new GreedyPolicy().decide(inst, prompt).options()),
            keysOf(new GreedyPolicy().decide(inst, other(prompt)).options()),
            keysOf(new NearestPolicy().decide(inst, prompt).options()),
        };
        for (int p = 0; p < pop; p++) {
            if (p < seeds.length) {
                keys[p] = seeds[p];
            } else {
                keys[p] = new double[n];
                for (int i = 0; i < n; i++) keys[p][i] = k * rng.nextDouble();
            }
            fitness[p] = evaluate(inst, prompt, repair, keys[p], options);
            evaluations++;
        }
        int best = argmin(fitness);
        double[] history = new double[Math.min(settings.generations(), 1024) + 1];
        history[0] = fitness[best];

        String stoppedBy = "generations";
        int generation = 0;
        double[] trial = new double[n];
        search:
        while (generation < settings.generations()) {
            for (int t = 0; t < pop; t++) {
                if (settings.evaluations() > 0 && evaluations >= settings.evaluations()) {
                    stoppedBy = "evaluations";
                    break search;
                }
                if (evolution.expired()) {
                    stoppedBy = "time";
                    break search;
                }
                mutateAndCross(keys, t, best, k, rng, trial);
                double f = evaluate(inst, prompt, repair, trial, options);
                evaluations++;
                if (f <= fitness[t]) {
                    System.arraycopy(trial, 0, keys[t], 0, n);
                    fitness[t] = f;
                    if (f < fitness[best]) best = t;
                }
            }
            generation++;
            if (generation == history.length) history = Arrays.copyOf(history, 2 * history.length);
            history[generation] = fitness[best];
        }
        decode(keys[best], inst.m(), options);
        double objective = fitness[best];
        if (settings.polish()) {
            long[] spent = {evaluations};
            long cap = settings.evaluations() > 0 ? settings.evaluations() : Long.MAX_VALUE;
            objective = polish(inst, prompt, options, objective, clock, cap, spent);
            evaluations = spent[0];
        }
        Decision decision = ShareAllocation.require(inst, options);
        return new Run(decision, objective, generation, evaluations, stoppedBy, Arrays.copyOf(history, generation + 1));
    }

    /**
     * One-move hill climbing on the final best: repeatedly moves the single UE whose change of option (to any option
     * whose minimum shares still fit) lowers the objective most, until no such move is left or the time or evaluation
     * budget is spent (a sweep is finished first). Each move is scored exactly (water-filled shares, CostModel).
     */
    private static double polish(
            Instance inst, Prompt prompt, int[] options, double objective, Clock clock, long cap, long[] evaluations) {
        int n = inst.n();
        int m = inst.m();
        while (!clock.expired() && evaluations[0] < cap) {
            int bestUe = -1;
            int bestOption = -1;
            double bestObjective = objective;
            for (int i = 0; i < n; i++) {
                int keep = options[i];
                for (int j = 0; j <= m; j++) {
                    if (j == keep) continue;
                    options[i] = j;
                    Optional<Decision> d = ShareAllocation.best(inst, options);
                    evaluations[0]++;
                    if (d.isEmpty()) continue;
                    double f = CostModel.evaluate(inst, d.get()).objective(prompt);
                    if (f < bestObjective) {
                        bestObjective = f;
                        bestUe = i;
                        bestOption = j;
                    }
                }
                options[i] = keep;
            }
            if (bestUe < 0) break;
            options[bestUe] = bestOption;
            objective = bestObjective;
        }
        return objective;
    }

    /** The wall-time budget of one decision; never expires when the limit is 0. */
    private static final class Clock {
        private final long start = System.nanoTime();
        private final long budgetNs;

        /** @param limitMs the budget in ms; 0 or less: none */
        Clock(long limitMs) {
            this.budgetNs = limitMs > 0 ? limitMs * 1_000_000L : Long.MAX_VALUE;
        }

        boolean expired() {
            return budgetNs != Long.MAX_VALUE
                    && System.nanoTime() - start >= budgetNs; // difference: safe across nanoTime overflow
        }
    }

    /** trial = crossover(x_t, mutant), the mutant by the configured strategy; keys wrapped into [0, k). */
    private void mutateAndCross(double[][] keys, int t, int best, int k, RandomGenerator rng, double[] trial) {
        int pop = keys.length;
        int n = trial.length;
        int r1 = pick(rng, pop, t, -1, -1);
        int r2 = pick(rng, pop, t, r1, -1);
        int r3 = pick(rng, pop, t, r1, r2);
        double f = settings.f();
        double[] x = keys[t];
        int forced = rng.nextInt(n);
        for (int i = 0; i < n; i++) {
            if (i != forced && rng.nextDouble() >= settings.cr()) {
                trial[i] = x[i];
                continue;
            }
            double v =
                    switch (settings.strategy()) {
                        case RAND_1 -> keys[r1][i] + f * (keys[r2][i] - keys[r3][i]);
                        case CURRENT_TO_BEST_1 -> x[i] + f * (keys[best][i] - x[i]) + f * (keys[r1][i] - keys[r2][i]);
                    };
            v %= k;
            if (v < 0) v += k;
            trial[i] = v;
        }
    }

    /** A uniform index of the population other than a, b and c. */
    private static int pick(RandomGenerator rng, int pop, int a, int b, int c) {
        int r;
        do {
            r = rng.nextInt(pop);
        } while (r == a || r == b || r == c);
        return r;
    }

    /** Repairs the individual in place and returns its objective. */
    private static double evaluate(Instance inst, Prompt prompt, Repair repair, double[] keys, int[] options) {
        decode(keys, inst.m(), options);
        Optional<Decision> d =
                ShareAllocation.best(inst, options); // most trials are feasible already: repair only the others
        if (d.isEmpty()) {
            repair.repair(options);
            for (int i = 0; i < keys.length; i++) {
                double frac = keys[i] - Math.floor(keys[i]);
                keys[i] = options[i] + frac;
            }
            d = ShareAllocation.best(inst, options);
        }
        if (d.isEmpty()) {
            throw new IllegalStateException(
                    "repaired assignment " + Arrays.toString(options) + " is infeasible on " + inst.id());
        }
        return CostModel.evaluate(inst, d.get()).objective(prompt);
    }

    private static void decode(double[] keys, int m, int[] options) {
        for (int i = 0; i < keys.length; i++) options[i] = Math.min(m, Math.max(0, (int) Math.floor(keys[i])));
    }

    private static double[] keysOf(int[] options) {
        double[] keys = new double[options.length];
        for (int i = 0; i < options.length; i++) keys[i] = options[i] + 0.5;
        return keys;
    }

    private static int argmin(double[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) if (v[i] < v[b]) b = i;
        return b;
    }

    /** The named prompt at the other end from p (min-energy for min-latency and for weights of latency from 0.5 up). */
    private static Prompt other(Prompt p) {
        return p.latencyWeight() >= 0.5 ? Prompt.MIN_ENERGY : Prompt.MIN_LATENCY;
    }

    /**
     * Provider {@code de}; options {@code de.population, de.f, de.cr, de.generations, de.evaluations, de.timeLimitMs,
     * de.strategy}.
     */
    public static final class Provider implements PolicyProvider {

        @Override
        public java.util.Set<String> optionKeys() {
            return java.util.Set.of(
                    "de.population",
                    "de.f",
                    "de.cr",
                    "de.generations",
                    "de.evaluations",
                    "de.timeLimitMs",
                    "de.strategy",
                    "de.polish");
        }

        @Override
        public String name() {
            return "de";
        }

        @Override
        public String description() {
            return "differential evolution over repaired assignments (de.population, de.f, de.cr, de.generations, de.evaluations, de.timeLimitMs, de.strategy)";
        }

        @Override
        public OffloadingPolicy create(PolicySettings settings) {
            DeSettings s;
            try {
                s = DeSettings.from(settings);
            } catch (InputException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new InputException("option", "", e.getMessage());
            }
            return new DifferentialEvolution(settings.seed(), s);
        }
    }
}
