package org.lambo.expert.exhaustive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambo.expert.ExpertFixtures;
import org.lambo.io.InputException;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.OffloadingPolicyContract;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.policy.Solution;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class ExhaustiveExpertTest extends OffloadingPolicyContract {
    @Override
    protected OffloadingPolicy create(long seed) {
        return Policies.create("exhaustive", PolicySettings.ofSeed(seed));
    }

    /** {@code small} has 4^10 assignments, above the default limit: the contract runs on {@code tiny}. */
    @Override
    protected List<String> scenarios() {
        return List.of("tiny");
    }

    /**
     * Two equal UEs (F = 1e10 cycles, D = 1e7 bit at 10 Mbit/s: 1 s upload, 10 s local) and one server of 1e10
     * cycles/s. Both offloaded with shares 1/2: 1 s + 2 s each, L = 6 s; one offloaded: 2 s + 10 s; none: 20 s. Energy:
     * 1 J per upload, 10 J per local run, so 2 J.
     */
    @Test
    void findsTheHandComputedOptimumOfTwoUesSharingAServer() {
        Instance inst = ExpertFixtures.handBuilt(
                "two-share", List.of(ExpertFixtures.ue(1e7, 1e10), ExpertFixtures.ue(1e7, 1e10)), 10, 1e10);
        ExhaustiveExpert expert = new ExhaustiveExpert();

        Solution latency = expert.solve(inst, Prompt.MIN_LATENCY);
        assertThat(latency.decision().options()).containsExactly(1, 1);
        assertThat(latency.decision().shares()).containsExactly(new double[] {0.5, 0.5}, within(1e-12));
        assertThat(latency.objective()).isCloseTo(6.0, within(1e-9));
        assertThat(latency.bound()).isEqualTo(latency.objective());
        assertThat(latency.status()).isEqualTo(Solution.Status.OPTIMAL);

        assertThat(expert.solve(inst, Prompt.MIN_ENERGY).objective()).isCloseTo(2.0, within(1e-9));
    }

    /**
     * A server as slow as a UE (1e9 cycles/s): with a 12 s deadline and a 1 s upload each UE needs a share of at least
     * 10/11, so only one of the two fits. Offloading never pays for latency (1 s + 10 s &gt; 10 s), but saves 9 J of
     * energy: E = 1 J + 10 J.
     */
    @Test
    void respectsMinimumSharesWhenTheyExhaustAServer() {
        Instance inst = ExpertFixtures.handBuilt(
                "one-fits", List.of(ExpertFixtures.ue(1e7, 1e10), ExpertFixtures.ue(1e7, 1e10)), 10, 1e9);
        ExhaustiveExpert expert = new ExhaustiveExpert();

        Solution energy = expert.solve(inst, Prompt.MIN_ENERGY);
        assertThat(energy.objective()).isCloseTo(11.0, within(1e-9));
        assertThat(energy.decision().countsPerOption(1)).containsExactly(1, 1);
        assertThat(energy.decision().shares()).contains(1.0); // the spare share water-filled to the one UE

        Solution latency = expert.solve(inst, Prompt.MIN_LATENCY);
        assertThat(latency.objective()).isCloseTo(20.0, within(1e-9));
        assertThat(latency.decision().countsPerOption(1)).containsExactly(2, 0);
    }

    @Test
    void refusesInstancesAboveTheLimitNamingTheInstance() {
        Instance paper = new World(ScenarioLoader.load("paper"), 1).next();
        assertThatThrownBy(() -> new ExhaustiveExpert().solve(paper, Prompt.MIN_ENERGY))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(paper.id())
                .hasMessageContaining("65536")
                .hasMessageContaining("mip");
    }

    @Test
    void limitIsAnOption() {
        Instance tiny = new World(ScenarioLoader.load("tiny"), 1).next(); // 6 UEs, 2 servers: up to 3^6 = 729
        OffloadingPolicy small =
                Policies.create("exhaustive", PolicySettings.ofSeed(1).with("exhaustive.maxAssignments", "10"));
        assertThatThrownBy(() -> small.decide(tiny, Prompt.MIN_LATENCY))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("10");
        assertThatThrownBy(() -> Policies.create(
                        "exhaustive", PolicySettings.ofSeed(1).with("exhaustive.maxAssignments", "many")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("exhaustive.maxAssignments")
                .hasMessageContaining("many");
    }
}
