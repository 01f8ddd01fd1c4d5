package org.lambo.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.EdgeServer;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/**
 * The contract every {@link OffloadingPolicy} passes: the AED, the experts, every baseline and a user's own plug-in
 * policy. A policy's test extends this class and says how to make the policy; the cases below then run on it. It ships
 * as the artifact {@code org.lambo:lambo-policy-testkit} (JUnit 5 and AssertJ come with it): a policy project depends
 * on it in test scope, see {@code examples/policy-plugin}.
 *
 * <p>A case that does not apply to a policy (a random policy need not be deterministic for a seed nor beat all-local)
 * is <em>skipped</em>, reported as such by JUnit, never passed without running.
 */
public abstract class OffloadingPolicyContract {
    /** A fresh policy built with this seed. */
    protected abstract OffloadingPolicy create(long seed);

    /** The scenarios the contract draws its instances from; override to keep a slow policy on small ones. */
    protected List<String> scenarios() {
        return List.of("tiny", "small");
    }

    /** Instances per scenario. */
    protected int instancesPerScenario() {
        return 5;
    }

    /** Whether the same seed must give the same decision (true for every policy shipped). */
    protected boolean deterministicForSeed() {
        return true;
    }

    protected final List<Instance> instances() {
        List<Instance> out = new ArrayList<>();
        for (String s : scenarios()) {
            Scenario sc = ScenarioLoader.load(s);
            World w = new World(sc, 4242);
            for (int k = 0; k < instancesPerScenario(); k++) out.add(w.next());
        }
        return out;
    }

    /** The prompts every policy is held to: the two named ones and a weighted one. */
    public static List<Prompt> prompts() {
        return List.of(Prompt.MIN_LATENCY, Prompt.MIN_ENERGY, Prompt.weighted(0.3));
    }

    @ParameterizedTest
    @MethodSource("org.lambo.policy.OffloadingPolicyContract#prompts")
    void everyDecisionPassesTheValidator(Prompt prompt) {
        OffloadingPolicy p = create(7);
        for (Instance inst : instances()) {
            Decision d = p.decide(inst, prompt);
            assertThat(DecisionValidator.violations(inst, d))
                    .as("%s on %s (%s)", p.name(), inst.id(), prompt)
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("org.lambo.policy.OffloadingPolicyContract#prompts")
    void neverOffloadsToADownServer(Prompt prompt) {
        OffloadingPolicy p = create(7);
        for (Instance inst : instances()) {
            List<EdgeServer> servers = new ArrayList<>(inst.servers());
            int down = inst.m(); // the last server, in these profiles the fastest
            servers.set(down - 1, servers.get(down - 1).withUp(false));
            Instance cut = inst.withServers(servers).withId(inst.id() + "-down");
            Decision d = p.decide(cut, prompt);
            assertThat(DecisionValidator.violations(cut, d))
                    .as("%s on %s", p.name(), cut.id())
                    .isEmpty();
            for (int i = 0; i < cut.n(); i++) assertThat(d.option(i)).isNotEqualTo(down);
        }
    }

    @Test
    void sameSeedGivesTheSameDecision() {
        assumeTrue(
                deterministicForSeed(),
                "the policy says it is not deterministic for a seed (deterministicForSeed() is false)");
        Instance inst = instances().get(0);
        for (Prompt prompt : Prompt.values()) {
            assertThat(create(11).decide(inst, prompt)).isEqualTo(create(11).decide(inst, prompt));
        }
    }

    @Test
    void hasAName() {
        assertThat(create(1).name()).isNotBlank().doesNotContain(" ", ",");
    }

    @Test
    void handlesOneUe() {
        Instance inst = instances().get(0);
        Instance one =
                new Instance(inst.id() + "-one", inst.servers(), inst.ues().subList(0, 1), inst.channel());
        for (Prompt prompt : Prompt.values()) {
            Decision d = create(3).decide(one, prompt);
            assertThat(DecisionValidator.violations(one, d)).isEmpty();
        }
    }

    /** The policy is at least as good as running everything locally, on average (none of ours is worse). */
    @ParameterizedTest
    @MethodSource("org.lambo.policy.OffloadingPolicyContract#prompts")
    void isNoWorseThanAllLocalOnAverage(Prompt prompt) {
        assumeTrue(beatsLocal(), "the policy says it need not beat all-local (beatsLocal() is false)");
        OffloadingPolicy p = create(5);
        double mine = 0;
        double local = 0;
        for (Instance inst : instances()) {
            mine += CostModel.evaluate(inst, p.decide(inst, prompt)).objective(prompt);
            local += CostModel.evaluate(inst, Decision.allLocal(inst.n())).objective(prompt);
        }
        assertThat(mine).isLessThanOrEqualTo(local * (1 + 1e-9));
    }

    /** Whether the policy is expected to beat all-local on average (false for random and local). */
    protected boolean beatsLocal() {
        return true;
    }

    /**
     * Closing frees what the policy holds; a second close does nothing (whoever made it closes it, see
     * {@link OffloadingPolicy}).
     */
    @Test
    void closesAndClosesAgainWithoutError() {
        OffloadingPolicy p = create(1);
        Instance inst = instances().get(0);
        assertThat(DecisionValidator.violations(inst, p.decide(inst, Prompt.MIN_LATENCY)))
                .isEmpty();
        p.close();
        p.close();
    }

    /**
     * A policy that says it is {@link Stateless} decides a slot, after it decided every other slot for every prompt, as
     * a fresh policy of the same seed does (a resumed trial relies on it and does not replay the slots before).
     */
    @Test
    void aStatelessPolicyDecidesASlotAsAFreshOneDoes() {
        List<Instance> slots = instances();
        Instance last = slots.get(slots.size() - 1);
        try (OffloadingPolicy used = create(17)) {
            assumeTrue(
                    used.capability(Stateless.class).isPresent(),
                    "the policy keeps state from call to call (it has no Stateless): a resumed trial replays it");
            for (Instance inst : slots.subList(0, slots.size() - 1)) {
                for (Prompt prompt : prompts()) used.decide(inst, prompt);
            }
            for (Prompt prompt : prompts()) {
                try (OffloadingPolicy fresh = create(17)) {
                    assertThat(used.decide(last, prompt))
                            .as(
                                    "%s says it is Stateless, but after %d slots it decides %s (%s) otherwise than a fresh"
                                            + " one",
                                    used.name(), slots.size() - 1, last.id(), prompt)
                            .isEqualTo(fresh.decide(last, prompt));
                }
            }
        }
    }

    /** What a policy says it can do, it does: a bound that is one, a trace whose decision is the policy's own. */
    @Test
    void itsCapabilitiesKeepTheirPromises() {
        Instance inst = instances().get(0);
        try (OffloadingPolicy p = create(13);
                OffloadingPolicy twin = create(13)) {
            assertThat(p.capability(OffloadingPolicy.class))
                    .as("a policy is its own capability")
                    .containsSame(p);
            boolean any = false;
            for (Prompt prompt : Prompt.values()) {
                if (p.capability(ReportsBound.class).isPresent()) {
                    any = true;
                    Solution s = p.capability(ReportsBound.class).get().solve(inst, prompt);
                    assertThat(DecisionValidator.violations(inst, s.decision())).isEmpty();
                    double objective = CostModel.evaluate(inst, s.decision()).objective(prompt);
                    assertThat(s.bound())
                            .as("%s's bound on %s (%s)", p.name(), inst.id(), prompt)
                            .isLessThanOrEqualTo(objective * (1 + 1e-6) + 1e-9);
                }
                if (p.capability(HasDecisionTrace.class).isPresent()) {
                    any = true;
                    HasDecisionTrace.Traced t =
                            p.capability(HasDecisionTrace.class).get().decideTraced(inst, prompt);
                    assertThat(DecisionValidator.violations(inst, t.decision())).isEmpty();
                    assertThat(t.entropy()).satisfiesAnyOf(h -> assertThat(h).isNaN(), h -> assertThat(h)
                            .isGreaterThanOrEqualTo(0.0));
                    if (deterministicForSeed()) assertThat(t.decision()).isEqualTo(twin.decide(inst, prompt));
                }
            }
            assumeTrue(any, "the policy has neither ReportsBound nor HasDecisionTrace");
        }
    }
}
