package org.lambo.expert.mip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lambo.expert.ExpertFixtures;
import org.lambo.expert.exhaustive.ExhaustiveExpert;
import org.lambo.io.InputException;
import org.lambo.mec.CostModel;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.OffloadingPolicyContract;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.policy.Solution;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class MipExpertTest extends OffloadingPolicyContract {
    @Override
    protected OffloadingPolicy create(long seed) {
        return Policies.create("mip", PolicySettings.ofSeed(seed));
    }

    @ParameterizedTest
    @MethodSource("org.lambo.mec.Prompt#values")
    void mipMatchesExhaustiveEnumeration(Prompt prompt) {
        MipExpert mip = new MipExpert();
        ExhaustiveExpert exhaustive = new ExhaustiveExpert();
        double gap = mip.options().gap();
        for (Instance inst : ExpertFixtures.smallSeeded(40, 7, 100)) {
            double optimum = exhaustive.solve(inst, prompt).objective();
            Solution sol = mip.solve(inst, prompt);
            String what = inst.id() + " " + prompt;
            assertThat(DecisionValidator.violations(inst, sol.decision()))
                    .as(what)
                    .isEmpty();
            assertThat(sol.objective())
                    .as(what)
                    .isEqualTo(CostModel.evaluate(inst, sol.decision()).objective(prompt));
            assertThat(sol.bound()).as("bound on " + what).isLessThanOrEqualTo(optimum * (1 + 1e-9));
            assertThat(sol.objective()).as(what).isGreaterThanOrEqualTo(optimum * (1 - 1e-9));
            if (prompt == Prompt.MIN_ENERGY) {
                assertThat(sol.objective()).as(what).isLessThanOrEqualTo(optimum * (1 + 1e-6));
                assertThat(sol.status()).as(what).isEqualTo(Solution.Status.OPTIMAL);
            } else {
                assertThat(sol.objective()).as(what).isLessThanOrEqualTo(optimum * (1 + gap));
                assertThat(sol.status()).as(what).isIn(Solution.Status.OPTIMAL, Solution.Status.GAP_LIMIT);
            }
            assertThat(sol.provenGap()).as(what).isLessThanOrEqualTo(prompt == Prompt.MIN_ENERGY ? 1e-9 : gap);
        }
    }

    /** weighted:w, w L / L_local + (1 - w) E / E_local: mip is exact on it too, at every weight, the ends included. */
    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0})
    void mipMatchesExhaustiveEnumerationOnWeightedPrompts(double w) {
        Prompt prompt = Prompt.weighted(w);
        MipExpert mip = new MipExpert();
        ExhaustiveExpert exhaustive = new ExhaustiveExpert();
        double gap = mip.options().gap();
        for (Instance inst : ExpertFixtures.smallSeeded(40, 7, 100)) {
            double optimum = exhaustive.solve(inst, prompt).objective();
            Solution sol = mip.solve(inst, prompt);
            String what = inst.id() + " " + prompt;
            assertThat(DecisionValidator.violations(inst, sol.decision()))
                    .as(what)
                    .isEmpty();
            assertThat(sol.objective())
                    .as(what)
                    .isEqualTo(CostModel.evaluate(inst, sol.decision()).objective(prompt));
            assertThat(sol.bound()).as("bound on " + what).isLessThanOrEqualTo(optimum * (1 + 1e-9));
            assertThat(sol.objective()).as(what).isGreaterThanOrEqualTo(optimum * (1 - 1e-9));
            assertThat(sol.objective()).as(what).isLessThanOrEqualTo(optimum * (1 + (w == 0 ? 1e-6 : gap)));
            assertThat(sol.status()).as(what).isIn(Solution.Status.OPTIMAL, Solution.Status.GAP_LIMIT);
        }
    }

    /**
     * weighted:1 and weighted:0 are min-latency and min-energy divided by the instance's all-local totals: the same
     * optima. And a middle weight is a real trade-off on these instances: its optimum is neither end's.
     */
    @Test
    void theEndWeightsHaveTheNamedPromptsOptimaAndTheMiddleTradesOff() {
        ExhaustiveExpert exhaustive = new ExhaustiveExpert();
        MipExpert mip = new MipExpert();
        int between = 0;
        for (Instance inst : ExpertFixtures.smallSeeded(40, 7, 100)) {
            double bestL = exhaustive.solve(inst, Prompt.MIN_LATENCY).objective();
            double bestE = exhaustive.solve(inst, Prompt.MIN_ENERGY).objective();
            var atOne = CostModel.evaluate(
                    inst, exhaustive.solve(inst, Prompt.weighted(1)).decision());
            var atZero = CostModel.evaluate(
                    inst, exhaustive.solve(inst, Prompt.weighted(0)).decision());
            assertThat(atOne.totalLatency()).as(inst.id()).isCloseTo(bestL, within(1e-9 * bestL));
            assertThat(atZero.totalEnergy()).as(inst.id()).isCloseTo(bestE, within(1e-9 * bestE));
            assertThat(mip.solve(inst, Prompt.weighted(1)).objective() * inst.allLocalLatency())
                    .as(inst.id())
                    .isCloseTo(
                            mip.solve(inst, Prompt.MIN_LATENCY).objective(),
                            within(2 * mip.options().gap() * bestL));
            assertThat(mip.solve(inst, Prompt.weighted(0)).objective() * inst.allLocalEnergy())
                    .as(inst.id())
                    .isCloseTo(bestE, within(1e-9 * bestE));
            var mid = CostModel.evaluate(
                    inst, exhaustive.solve(inst, Prompt.weighted(0.5)).decision());
            if (mid.totalLatency() > bestL * (1 + 1e-6) && mid.totalEnergy() > bestE * (1 + 1e-6)) between++;
        }
        assertThat(between)
                .as("instances whose weighted:0.5 optimum is strictly between the two ends")
                .isGreaterThan(3);
    }

    /** The instances of the enumeration check do offload, so it compares more than all-local with all-local. */
    @Test
    void enumerationCheckCoversOffloadingAndSharedServers() {
        ExhaustiveExpert exhaustive = new ExhaustiveExpert();
        int shared = 0;
        int offloaded = 0;
        for (Instance inst : ExpertFixtures.smallSeeded(40, 7, 100)) {
            int[] counts = exhaustive.solve(inst, Prompt.MIN_LATENCY).decision().countsPerOption(inst.m());
            for (int j = 1; j <= inst.m(); j++) {
                offloaded += counts[j];
                if (counts[j] >= 2) shared++;
            }
        }
        assertThat(offloaded).isGreaterThan(40);
        assertThat(shared).isGreaterThan(10);
    }

    @Test
    void minEnergyOnThePaperProfileIsProvenOptimal() {
        Instance inst = new World(ScenarioLoader.load("paper"), 3).next();
        Solution sol = new MipExpert().solve(inst, Prompt.MIN_ENERGY);
        assertThat(sol.status()).isEqualTo(Solution.Status.OPTIMAL);
        assertThat(sol.provenGap()).isLessThanOrEqualTo(1e-9);
        assertThat(DecisionValidator.violations(inst, sol.decision())).isEmpty();
    }

    @Test
    void minLatencyOnTheSmallProfileReachesTheTargetGap() {
        MipExpert mip = new MipExpert(MipOptions.defaults().withGap(1e-5));
        World world = new World(ScenarioLoader.load("small"), 9);
        for (int q = 0; q < 3; q++) {
            Instance inst = world.next();
            Solution sol = mip.solve(inst, Prompt.MIN_LATENCY);
            assertThat(sol.status()).as(inst.id()).isIn(Solution.Status.OPTIMAL, Solution.Status.GAP_LIMIT);
            assertThat(sol.provenGap()).as(inst.id()).isLessThanOrEqualTo(1e-5);
            assertThat(sol.bound()).as(inst.id()).isLessThanOrEqualTo(sol.objective());
        }
    }

    /**
     * With no time at all it still answers: the best decision so far (all-local here), a valid bound, and TIME_LIMIT.
     */
    @Test
    void reportsTimeLimitWhenTheTimeRunsOut() {
        Instance inst = new World(ScenarioLoader.load("paper"), 1).next();
        MipExpert hurried = new MipExpert(MipOptions.defaults().withTimeLimitS(1e-6));
        Solution sol = hurried.solve(inst, Prompt.MIN_LATENCY);
        assertThat(sol.status()).isEqualTo(Solution.Status.TIME_LIMIT);
        assertThat(DecisionValidator.violations(inst, sol.decision())).isEmpty();
        assertThat(sol.bound()).isLessThanOrEqualTo(sol.objective());
        assertThat(sol.bound()).isPositive();
    }

    /**
     * A time limit that strikes inside a SCIP round (SCIP then answers FEASIBLE from the hinted incumbent, and no cut
     * is violated at all-local) is TIME_LIMIT, never STALLED; any other status has proven its gap.
     */
    @Test
    void aTimeLimitInsideASolverRoundIsReportedAsTimeLimit() {
        Instance inst = new World(ScenarioLoader.load("paper"), 1).next();
        for (double limit : new double[] {0.02, 0.05, 0.1, 0.3}) {
            Solution sol = new MipExpert(MipOptions.defaults().withTimeLimitS(limit)).solve(inst, Prompt.MIN_LATENCY);
            assertThat(sol.status()).as("limit %s s", limit).isNotEqualTo(Solution.Status.STALLED);
            if (sol.status() != Solution.Status.TIME_LIMIT)
                assertThat(sol.provenGap()).as("limit %s s", limit).isLessThanOrEqualTo(MipOptions.DEFAULT_GAP);
            assertThat(DecisionValidator.violations(inst, sol.decision())).isEmpty();
        }
        assertThat(new MipExpert().solve(inst, Prompt.MIN_ENERGY).status()).isEqualTo(Solution.Status.OPTIMAL);
    }

    @Test
    void badOptionsNameTheOptionAndTheValue() {
        assertThatThrownBy(() -> Policies.create("mip", PolicySettings.ofSeed(1).with("mip.gap", "tight")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("mip.gap")
                .hasMessageContaining("tight");
        assertThatThrownBy(() -> Policies.create("mip", PolicySettings.ofSeed(1).with("mip.timeLimitS", "-5")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("mip.timeLimitS")
                .hasMessageContaining("-5");
        assertThatThrownBy(() -> Policies.create("mip", PolicySettings.ofSeed(1).with("mip.threads", "0")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("mip.threads");
    }

    @Test
    void optionsReachTheExpert() {
        MipExpert mip = (MipExpert) Policies.create(
                "mip", PolicySettings.ofSeed(1).with("mip.gap", "0.001").with("mip.timeLimitS", "5"));
        assertThat(mip.options()).isEqualTo(new MipOptions(0.001, 5, 1));
    }

    /**
     * The hand-computed cases of ExhaustiveExpertTest: two UEs sharing one server (L = 6 s), and a server only one fits
     * (E = 11 J).
     */
    @Test
    void findsTheHandComputedOptima() {
        MipExpert mip = new MipExpert();
        Instance shared = ExpertFixtures.handBuilt(
                "two-share", List.of(ExpertFixtures.ue(1e7, 1e10), ExpertFixtures.ue(1e7, 1e10)), 10, 1e10);
        Solution latency = mip.solve(shared, Prompt.MIN_LATENCY);
        assertThat(latency.decision().options()).containsExactly(1, 1);
        assertThat(latency.objective()).isCloseTo(6.0, within(6.0 * 1e-4));
        assertThat(latency.bound()).isLessThanOrEqualTo(6.0 * (1 + 1e-9));

        Instance oneFits = ExpertFixtures.handBuilt(
                "one-fits", List.of(ExpertFixtures.ue(1e7, 1e10), ExpertFixtures.ue(1e7, 1e10)), 10, 1e9);
        Solution energy = mip.solve(oneFits, Prompt.MIN_ENERGY);
        assertThat(energy.objective()).isCloseTo(11.0, within(1e-9));
        assertThat(energy.status()).isEqualTo(Solution.Status.OPTIMAL);
    }

    /** Where offloading never pays (servers as slow as a UE), the answer is all-local, proven by the bound alone. */
    @Test
    void keepsEverythingLocalWhenOffloadingNeverPays() {
        Instance inst = ExpertFixtures.handBuilt(
                "slow", List.of(ExpertFixtures.ue(1e7, 1e10), ExpertFixtures.ue(1e7, 1e10)), 10, 1e9);
        Solution sol = new MipExpert().solve(inst, Prompt.MIN_LATENCY);
        assertThat(sol.decision().countsPerOption(1)).containsExactly(2, 0);
        assertThat(sol.objective()).isEqualTo(sol.bound());
        assertThat(sol.status()).isEqualTo(Solution.Status.OPTIMAL);
    }
}
