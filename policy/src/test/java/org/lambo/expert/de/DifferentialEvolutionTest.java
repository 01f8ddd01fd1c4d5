package org.lambo.expert.de;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lambo.io.InputException;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.ShareAllocation;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.OffloadingPolicyContract;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.policy.ReportsBound;
import org.lambo.policy.Solution;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class DifferentialEvolutionTest extends OffloadingPolicyContract {
    /** The contract's properties (validity, determinism) do not depend on the budget: a short budget keeps it quick. */
    @Override
    protected OffloadingPolicy create(long seed) {
        return Policies.create("de", PolicySettings.ofSeed(seed).with("de.generations", "40"));
    }

    private static DifferentialEvolution de(long seed, String... options) {
        PolicySettings s = PolicySettings.ofSeed(seed);
        for (String kv : options) {
            int eq = kv.indexOf('=');
            s = s.with(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return (DifferentialEvolution) Policies.create("de", s);
    }

    /** The optimum by enumerating all (M+1)^N assignments, each with its best shares. */
    private static double exhaustiveOptimum(Instance inst, Prompt prompt) {
        int n = inst.n();
        int k = inst.m() + 1;
        int[] options = new int[n];
        double best = Double.POSITIVE_INFINITY;
        long total = (long) Math.pow(k, n);
        for (long code = 0; code < total; code++) {
            long c = code;
            for (int i = 0; i < n; i++) {
                options[i] = (int) (c % k);
                c /= k;
            }
            Optional<Decision> d = ShareAllocation.best(inst, options);
            if (d.isPresent())
                best = Math.min(best, CostModel.evaluate(inst, d.get()).objective(prompt));
        }
        return best;
    }

    /** Every seed, not a lucky one: 3 seeds x 5 instances x both prompts reach the optimum. */
    @ParameterizedTest
    @MethodSource("org.lambo.mec.Prompt#values")
    void findsTheExhaustiveOptimumOnTinyWhateverTheSeed(Prompt prompt) {
        World w = new World(ScenarioLoader.load("tiny"), 99);
        for (int t = 0; t < 5; t++) {
            Instance inst = w.next();
            double optimum = exhaustiveOptimum(inst, prompt);
            for (long seed = 1; seed <= 3; seed++) {
                Solution s = de(seed).solve(inst, prompt);
                assertThat(s.objective())
                        .as(inst.id() + " seed " + seed)
                        .isCloseTo(optimum, Percentage.withPercentage(1e-7));
                assertThat(s.bound()).isLessThanOrEqualTo(optimum * (1 + 1e-12));
            }
        }
    }

    /** On paper (N = 50, M = 4), where greedy is some 3-5 % above the optimum, the search must recover most of that. */
    @Test
    void improvesOnGreedyByAtLeastTwoPercentOnAPaperInstance() {
        Instance inst = new World(ScenarioLoader.load("paper"), 7).next();
        double greedy = CostModel.evaluate(
                        inst,
                        Policies.create("greedy", PolicySettings.ofSeed(1)).decide(inst, Prompt.MIN_LATENCY))
                .objective(Prompt.MIN_LATENCY);
        assertThat(de(1).solve(inst, Prompt.MIN_LATENCY).objective()).isLessThan(0.98 * greedy);
    }

    @ParameterizedTest
    @MethodSource("org.lambo.mec.Prompt#values")
    void isNeverWorseThanGreedyWhichSeedsIt(Prompt prompt) {
        OffloadingPolicy greedy = Policies.create("greedy", PolicySettings.ofSeed(1));
        for (Instance inst : instances()) {
            double mine =
                    CostModel.evaluate(inst, create(1).decide(inst, prompt)).objective(prompt);
            double theirs =
                    CostModel.evaluate(inst, greedy.decide(inst, prompt)).objective(prompt);
            assertThat(mine).as(inst.id()).isLessThanOrEqualTo(theirs * (1 + 1e-12));
        }
    }

    @Test
    void bestObjectiveNeverWorsensAcrossGenerations() {
        Instance inst = instances().get(instances().size() - 1);
        DifferentialEvolution.Run r =
                de(4, "de.generations=50", "de.polish=false").run(inst, Prompt.MIN_LATENCY);
        double[] h = r.bestPerGeneration();
        assertThat(h).hasSize(51);
        for (int g = 1; g < h.length; g++) assertThat(h[g]).isLessThanOrEqualTo(h[g - 1]);
        assertThat(r.objective()).isEqualTo(h[h.length - 1]);
        assertThat(r.objective())
                .isEqualTo(CostModel.evaluate(inst, r.decision()).objective(Prompt.MIN_LATENCY));
    }

    @Test
    void stopsAtTheEvaluationBudget() {
        Instance inst = instances().get(0);
        DifferentialEvolution.Run r = de(4, "de.population=10", "de.evaluations=25", "de.polish=false")
                .run(inst, Prompt.MIN_ENERGY);
        assertThat(r.evaluations()).isEqualTo(25);
        assertThat(r.stoppedBy()).isEqualTo("evaluations");
        assertThat(r.generations()).isEqualTo(1); // 10 initial + 10 in generation 1 + 5 in generation 2
    }

    @Test
    void stopsAtTheTimeBudget() {
        Instance inst = instances().get(instances().size() - 1);
        DifferentialEvolution.Run r =
                de(4, "de.generations=100000000", "de.timeLimitMs=1").run(inst, Prompt.MIN_LATENCY);
        assertThat(r.stoppedBy()).isEqualTo("time");
        assertThat(r.generations()).isLessThan(100_000_000);
    }

    @Test
    void zeroGenerationsReturnsTheBestSeedIndividual() {
        Instance inst = instances().get(instances().size() - 1);
        DifferentialEvolution.Run r =
                de(4, "de.generations=0", "de.polish=false").run(inst, Prompt.MIN_LATENCY);
        double greedy = CostModel.evaluate(
                        inst,
                        Policies.create("greedy", PolicySettings.ofSeed(1)).decide(inst, Prompt.MIN_LATENCY))
                .objective(Prompt.MIN_LATENCY);
        assertThat(r.objective()).isLessThanOrEqualTo(greedy);
        assertThat(r.generations()).isZero();
    }

    @Test
    void reportsItselfAsAHeuristicExpertWithAValidBound() {
        Instance inst = instances().get(0);
        Solution s = create(1).capability(ReportsBound.class).orElseThrow().solve(inst, Prompt.MIN_LATENCY);
        assertThat(s.status()).isEqualTo(Solution.Status.HEURISTIC);
        assertThat(s.statusText()).matches("heuristic: stopped by [a-z -]+ after \\d+ generations, \\d+ evaluations");
        assertThat(s.bound())
                .isEqualTo(IndependentBound.of(inst, Prompt.MIN_LATENCY))
                .isLessThanOrEqualTo(s.objective());
    }

    @Test
    void decisionDoesNotDependOnEarlierCalls() {
        List<Instance> all = instances();
        OffloadingPolicy used = create(8);
        used.decide(all.get(1), Prompt.MIN_ENERGY);
        assertThat(used.decide(all.get(0), Prompt.MIN_LATENCY))
                .isEqualTo(create(8).decide(all.get(0), Prompt.MIN_LATENCY));
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> de(1, "de.population=2"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("de.population");
        assertThatThrownBy(() -> de(1, "de.cr=1.5"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("de.cr");
        assertThatThrownBy(() -> de(1, "de.strategy=best-2"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("de.strategy");
        assertThatThrownBy(() -> de(1, "de.polish=maybe"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("de.polish");
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        DeSettings d = ((DifferentialEvolution) Policies.create("de", PolicySettings.ofSeed(1))).settings();
        assertThat(d).isEqualTo(DeSettings.defaults());
        assertThat(d.population()).isEqualTo(40);
        assertThat(d.generations()).isEqualTo(300);
        assertThat(d.cr()).isEqualTo(0.1);
        assertThat(d.f()).isEqualTo(0.5);
    }
}
