package org.lambo.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Evaluation;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.policy.ReportsBound;
import org.lambo.policy.Solution;
import org.lambo.rng.Seeds;
import org.lambo.scenario.World;

/**
 * Runs a {@link BenchPlan}: for each run r, a {@link World} seeded with {@link #runSeed} yields K consecutive instances
 * (or, with instances from files, each given instance once, in file order); on each instance and prompt the reference
 * decides once (its objective and, for a policy that {@link ReportsBound}, its proven bound are kept), then every
 * policy decides, timed with {@link System#nanoTime()} around {@code decide} (or {@code solve}), checked by the
 * {@link DecisionValidator} and scored by the {@link CostModel}. The reference's own row reuses its one answer, so its
 * gaps are exactly 0.
 *
 * <p>Each policy gets one object per (run, prompt), seeded with {@code Seeds.derive(runSeed,
 * "bench/<policy>/<prompt>")}, so a stochastic policy's rows do not depend on which other policies or prompts are
 * benched. An invalid decision is counted in its row (and in the table), never dropped. Unless the plan asks for
 * warm-up decisions, decision times include the JIT warm-up of each policy's first calls: the median is robust to it,
 * the p95 is not.
 *
 * <p>The bench owns every policy it makes (to check options, to warm up, per run and prompt) and closes each once it is
 * done with it, whatever happens: see {@link OffloadingPolicy} on the lifecycle.
 *
 * <p>A label of given decisions ({@link GivenDecisions}) is benched like a policy that answers from its table: the same
 * validator and cost model, no decision time (NaN, {@code n/a} in the tables).
 */
public final class Bench {
    /** Told after every decision, e.g. to move a progress bar. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (policy, instance) -> {};

        void decided(String policy, String instance);
    }

    private Bench() {}

    /**
     * The seed of run r: the plan's seed for run 0 (so run 0 is {@code lambo generate --seed S}), derived for the
     * others.
     */
    public static long runSeed(long seed, int run) {
        return run == 0 ? seed : Seeds.derive(seed, "bench/run", run);
    }

    /** Makes a policy by name; {@link Policies#create} in production. */
    @FunctionalInterface
    interface PolicyFactory {
        OffloadingPolicy create(String name, PolicySettings settings);
    }

    /** Runs the plan with the policies of the registry. */
    public static BenchResult run(BenchPlan plan, Progress progress) {
        return run(plan, progress, Policies::create);
    }

    /** A label of given decisions, answering from its table; {@link #decide} times it as NaN. */
    private record Given(String name, GivenDecisions labels) implements OffloadingPolicy {
        @Override
        public Decision decide(Instance instance, Prompt prompt) {
            Decision d = labels.get(name, instance.id());
            if (d == null)
                throw new IllegalStateException("label " + name + " has no decision for instance " + instance.id());
            return d;
        }
    }

    /**
     * Makes every policy of the plan (and the reference) once with the plan's options, so that a bad {@code --option}
     * value fails with its {@code InputException} before anything is run or written.
     */
    public static void checkOptions(BenchPlan plan) {
        checkOptions(plan, Policies::create);
    }

    /** As {@link #checkOptions(BenchPlan)}, with policies from the given factory. */
    static void checkOptions(BenchPlan plan, PolicyFactory factory) {
        List<String> names = new ArrayList<>(plan.policies());
        if (plan.hasReference() && !names.contains(plan.reference())) names.add(plan.reference());
        for (String name : names) {
            if (plan.isLabel(name)) continue;
            try (OffloadingPolicy p = factory.create(name, new PolicySettings(plan.seed(), plan.options()))) {
                // made to check its options, closed at once
            }
        }
    }

    /** Runs the plan with policies from the given factory (tests use it to bench a deliberately broken policy). */
    static BenchResult run(BenchPlan plan, Progress progress, PolicyFactory factory) {
        List<BenchRow> rows = new ArrayList<>();
        List<ReferenceRow> refs = new ArrayList<>();
        warmUp(plan, factory);
        for (int r = 0; r < plan.runs(); r++) {
            long seed = runSeed(plan.seed(), r);
            World world = plan.fromFiles() ? null : new World(plan.scenario(), seed);
            Map<String, OffloadingPolicy> made = new HashMap<>();
            try { // not indented, to keep the merge of concurrent branches small: the formatter re-indents it
                for (int k = 0; k < plan.instances(); k++) {
                    Instance inst = world == null ? plan.given().instances().get(k) : world.next();
                    for (Prompt prompt : plan.prompts()) {
                        Timed ref = null;
                        double best = Double.NaN;
                        if (plan.hasReference()) {
                            ref = decide(policy(made, factory, plan, plan.reference(), prompt, seed), inst, prompt);
                            best = costable(inst, ref.decision())
                                    ? CostModel.evaluate(inst, ref.decision()).objective(prompt)
                                    : Double.NaN;
                            double bound =
                                    ref.solution() != null ? ref.solution().bound() : Double.NaN;
                            String status =
                                    ref.solution() != null ? ref.solution().statusText() : "";
                            refs.add(new ReferenceRow(plan.reference(), prompt, r, inst.id(), best, bound, status));
                            if (!plan.policies().contains(plan.reference()))
                                progress.decided(plan.reference(), inst.id());
                        }
                        for (String name : plan.policies()) {
                            Timed t = name.equals(plan.reference())
                                    ? ref
                                    : decide(policy(made, factory, plan, name, prompt, seed), inst, prompt);
                            rows.add(row(name, prompt, r, inst, t, t == ref, best));
                            progress.decided(name, inst.id());
                        }
                    }
                }
            } finally {
                closeAll(made.values());
            }
        }
        return new BenchResult(plan, rows, refs);
    }

    /** Closes every policy, each even when one before it fails; the first failure is thrown after. */
    private static void closeAll(Iterable<OffloadingPolicy> policies) {
        RuntimeException first = null;
        for (OffloadingPolicy p : policies) {
            try {
                p.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }

    /**
     * {@code plan.warmup()} untimed decisions of every policy and prompt on run 0's first instance, by throwaway
     * objects.
     */
    private static void warmUp(BenchPlan plan, PolicyFactory factory) {
        if (plan.warmup() == 0) return;
        Instance first = plan.fromFiles()
                ? plan.given().instances().get(0)
                : new World(plan.scenario(), runSeed(plan.seed(), 0)).next();
        List<String> names = new ArrayList<>(plan.policies());
        if (plan.hasReference() && !names.contains(plan.reference())) names.add(plan.reference());
        names.removeIf(plan::isLabel);
        for (String name : names) {
            for (Prompt prompt : plan.prompts()) {
                try (OffloadingPolicy p = factory.create(
                        name, new PolicySettings(Seeds.derive(plan.seed(), "bench/warmup/" + name), plan.options()))) {
                    for (int w = 0; w < plan.warmup(); w++) decide(p, first, prompt);
                }
            }
        }
    }

    private record Timed(Decision decision, Solution solution, double ms) {}

    /** Whether the decision's costs can be computed at all (right size, options in range), valid or not. */
    private static boolean costable(Instance inst, Decision d) {
        if (d.size() != inst.n()) return false;
        for (int i = 0; i < d.size(); i++) if (d.option(i) < 0 || d.option(i) > inst.m()) return false;
        return true;
    }

    private static OffloadingPolicy policy(
            Map<String, OffloadingPolicy> made,
            PolicyFactory factory,
            BenchPlan plan,
            String name,
            Prompt prompt,
            long runSeed) {
        if (plan.isLabel(name)) return made.computeIfAbsent("label/" + name, key -> new Given(name, plan.labels()));
        return made.computeIfAbsent(
                name + "/" + prompt.id(),
                key -> factory.create(name, new PolicySettings(Seeds.derive(runSeed, "bench/" + key), plan.options())));
    }

    private static Timed decide(OffloadingPolicy p, Instance inst, Prompt prompt) {
        long t0 = System.nanoTime();
        Solution sol = null;
        Decision d;
        try {
            var bound = p.capability(ReportsBound.class);
            if (bound.isPresent()) {
                sol = bound.get().solve(inst, prompt);
                d = sol.decision();
            } else {
                d = p.decide(inst, prompt);
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "policy " + p.name() + " failed on instance " + inst.id() + " (" + prompt + "): " + e.getMessage(),
                    e);
        }
        double ms = p instanceof Given ? Double.NaN : (System.nanoTime() - t0) / 1e6;
        if (d == null)
            throw new IllegalStateException(
                    "policy " + p.name() + " returned no decision on instance " + inst.id() + " (" + prompt + ")");
        return new Timed(d, sol, ms);
    }

    /**
     * @param isReference whether this is the reference's own answer (gap exactly 0)
     * @param best the reference's objective on this instance and prompt, NaN without one
     */
    private static BenchRow row(
            String name, Prompt prompt, int run, Instance inst, Timed t, boolean isReference, double best) {
        List<DecisionValidator.Violation> v = DecisionValidator.violations(inst, t.decision());
        double objective = Double.NaN;
        double latency = Double.NaN;
        double energy = Double.NaN;
        if (costable(inst, t.decision())) {
            Evaluation ev = CostModel.evaluate(inst, t.decision());
            objective = ev.objective(prompt);
            latency = ev.meanLatency();
            energy = ev.totalEnergy();
        }
        double gap = isReference ? 0.0 : Evaluation.gap(objective, best);
        return new BenchRow(
                name,
                prompt,
                run,
                inst.id(),
                objective,
                latency,
                energy,
                gap,
                v.size(),
                v.isEmpty() ? null : v.get(0).toString(),
                t.ms());
    }
}
