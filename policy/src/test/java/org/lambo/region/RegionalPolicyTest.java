package org.lambo.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
import org.lambo.aed.AedPolicy;
import org.lambo.aed.TestModels;
import org.lambo.io.InputException;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.EdgeServer;
import org.lambo.mec.Instance;
import org.lambo.mec.Point;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.PaperSlots;

class RegionalPolicyTest {

    static List<Instance> slots(int n, int m, long seed, int count) {
        return PaperSlots.of(n, m, seed, count);
    }

    static OffloadingPolicy greedy() {
        return Policies.create("greedy", PolicySettings.ofSeed(1));
    }

    @Test
    void oneRegionDecidesExactlyAsTheInnerPolicy() {
        for (Instance inst : slots(120, 6, 5, 2)) {
            for (Prompt prompt : List.of(Prompt.MIN_LATENCY, Prompt.MIN_ENERGY, Prompt.weighted(0.3))) {
                try (AedPolicy plain = new AedPolicy(AedModel.create(TestModels.tiny(), 3), 1, true, 3);
                        RegionalPolicy one = new RegionalPolicy(
                                RegionCount.ONE,
                                1,
                                () -> new AedPolicy(AedModel.create(TestModels.tiny(), 3), 1, true, 3))) {
                    assertThat(one.decide(inst, prompt)).isEqualTo(plain.decide(inst, prompt));
                }
            }
        }
    }

    @Test
    void autoLeavesTheTrainingFamilyUndividedAndSplitsLargeSlots() {
        assertThat(RegionCount.AUTO.regionsFor(50, 4)).isEqualTo(1);
        assertThat(RegionCount.AUTO.regionsFor(200, 8)).isEqualTo(1);
        assertThat(RegionCount.AUTO.regionsFor(300, 10)).isEqualTo(2);
        assertThat(RegionCount.AUTO.regionsFor(1000, 20)).isEqualTo(5);
        assertThat(RegionCount.AUTO.regionsFor(10_000, 200)).isEqualTo(50);
        assertThat(RegionCount.AUTO.regionsFor(1000, 3)).isEqualTo(1); // two servers a region at least
        assertThat(new RegionCount(7).regionsFor(50, 4)).isEqualTo(4); // never more regions than servers
    }

    @Test
    void theDefaultAedOnPaperIsTheUndividedAed() {
        Instance inst = slots(50, 4, 90001, 1).get(0);
        try (OffloadingPolicy byDefault = Policies.create("aed", PolicySettings.ofSeed(1));
                OffloadingPolicy undivided =
                        Policies.create("aed", new PolicySettings(1, Map.of("aed.regions", "1")))) {
            assertThat(((org.lambo.search.LocalSearchPolicy) byDefault).inner()).isInstanceOf(RegionalPolicy.class);
            assertThat(undivided).isNotInstanceOf(RegionalPolicy.class);
            for (Prompt prompt : Prompt.values())
                assertThat(byDefault.decide(inst, prompt)).isEqualTo(undivided.decide(inst, prompt));
        }
    }

    @Test
    void theDefaultAedSplitsASlotLargerThanItsFamilyAndEachUeStaysInItsRegion() {
        Instance inst = slots(300, 10, 31, 1).get(0);
        RegionPlan plan = RegionPlan.of(inst, 2);
        try (OffloadingPolicy aed = Policies.create("aed", PolicySettings.ofSeed(1))) {
            for (Prompt prompt : Prompt.values()) {
                Decision d = aed.decide(inst, prompt);
                assertThat(DecisionValidator.violations(inst, d)).isEmpty();
                int offloaded = 0;
                for (int i = 0; i < inst.n(); i++) {
                    if (d.isLocal(i)) continue;
                    offloaded++;
                    assertThat(plan.regionOfServer(d.option(i))).isEqualTo(plan.regionOfUe(i));
                }
                assertThat(offloaded).isPositive();
            }
        }
    }

    @Test
    void everyUeIsDecidedOnceInItsRegionAndTheDecisionIsValid() {
        for (Instance inst : slots(600, 12, 7, 2)) {
            RegionPlan plan = RegionPlan.of(inst, 4);
            int[] seen = new int[inst.n()];
            int[] serversSeen = new int[inst.m() + 1];
            for (int r = 0; r < 4; r++) {
                for (int i : plan.ues(r)) {
                    seen[i]++;
                    assertThat(plan.regionOfUe(i)).isEqualTo(r);
                }
                assertThat(plan.servers(r)).hasSize(3);
                for (int j : plan.servers(r)) serversSeen[j]++;
                assertThat(plan.subInstance(r).n()).isEqualTo(plan.ues(r).length);
            }
            assertThat(seen).containsOnly(1);
            assertThat(Arrays.copyOfRange(serversSeen, 1, inst.m() + 1)).containsOnly(1);
            try (RegionalPolicy p = new RegionalPolicy(new RegionCount(4), 1, RegionalPolicyTest::greedy)) {
                for (Prompt prompt : Prompt.values()) {
                    Decision d = p.decide(inst, prompt);
                    assertThat(DecisionValidator.violations(inst, d)).isEmpty();
                    int offloaded = 0;
                    for (int i = 0; i < inst.n(); i++) {
                        if (d.isLocal(i)) continue;
                        offloaded++;
                        assertThat(plan.regionOfServer(d.option(i))).isEqualTo(plan.regionOfUe(i));
                    }
                    assertThat(offloaded).as("greedy offloads somebody").isPositive();
                }
            }
        }
    }

    @Test
    void uesGoMostlyToTheRegionOfTheirBestServerWithinEachRegionsQuota() {
        Instance inst = slots(1000, 20, 11, 1).get(0);
        RegionPlan plan = RegionPlan.of(inst, 5);
        int best = 0;
        for (int i = 0; i < inst.n(); i++) {
            int top = 1;
            for (int j = 2; j <= inst.m(); j++) if (inst.gain(i, j) > inst.gain(i, top)) top = j;
            if (plan.regionOfServer(top) == plan.regionOfUe(i)) best++;
        }
        // A split that ignored where UEs are would put about 1 in 5 with their best server.
        assertThat(best).as("UEs in the region of their best-gain server").isGreaterThan(600);
        double total = inst.servers().stream().mapToDouble(EdgeServer::cpuHz).sum();
        for (int r = 0; r < 5; r++) {
            double cpu = 0;
            for (int j : plan.servers(r)) cpu += inst.server(j).cpuHz();
            assertThat(plan.ues(r).length).isLessThanOrEqualTo((int) Math.ceil(inst.n() * cpu / total));
            assertThat(plan.servers(r)).hasSize(4);
        }
    }

    @Test
    void regionalGreedyIsCloseToUndividedGreedyAndFarAheadOfAllLocal() {
        for (Prompt prompt : Prompt.values()) {
            double regional = 0;
            double whole = 0;
            double local = 0;
            try (OffloadingPolicy one = greedy();
                    RegionalPolicy four = new RegionalPolicy(new RegionCount(4), 1, RegionalPolicyTest::greedy)) {
                for (Instance inst : slots(400, 8, 13, 3)) {
                    regional +=
                            CostModel.evaluate(inst, four.decide(inst, prompt)).objective(prompt);
                    whole += CostModel.evaluate(inst, one.decide(inst, prompt)).objective(prompt);
                    local += CostModel.evaluate(inst, Decision.allLocal(inst.n()))
                            .objective(prompt);
                }
            }
            assertThat(regional)
                    .as("%s: regional against undivided greedy", prompt)
                    .isLessThan(whole * 1.03);
            assertThat(regional)
                    .as("%s: regional greedy against all-local", prompt)
                    .isLessThan(local * 0.97);
        }
    }

    @Test
    void threadsDecideAsOneThreadDoes() {
        Instance inst = slots(300, 10, 17, 1).get(0);
        try (RegionalPolicy one = new RegionalPolicy(
                        new RegionCount(5), 1, () -> new AedPolicy(AedModel.create(TestModels.tiny(), 4), 1, true, 4));
                RegionalPolicy three = new RegionalPolicy(
                        new RegionCount(5),
                        3,
                        () -> new AedPolicy(AedModel.create(TestModels.tiny(), 4), 1, true, 4))) {
            assertThat(three.decide(inst, Prompt.MIN_LATENCY)).isEqualTo(one.decide(inst, Prompt.MIN_LATENCY));
        }
    }

    @Test
    void coLocatedServersAreSplitAndTheirUesShared() {
        Instance base = slots(200, 4, 19, 1).get(0);
        List<EdgeServer> same = new ArrayList<>();
        for (int j = 0; j < 4; j++) same.add(new EdgeServer(new Point(25, 25), 2e10, true));
        Instance inst = base.withServers(same);
        RegionPlan plan = RegionPlan.of(inst, 2);
        assertThat(plan.servers(0)).containsExactly(1, 2);
        assertThat(plan.servers(1)).containsExactly(3, 4);
        assertThat(plan.ues(0)).hasSize(100);
        assertThat(plan.ues(1)).hasSize(100);
    }

    @Test
    void measuredGainsSplitServersIntoBlocksOfNumbers() {
        Instance base = slots(40, 6, 23, 1).get(0);
        double[][] gains = new double[base.n()][base.m()];
        for (int i = 0; i < base.n(); i++) for (int j = 1; j <= base.m(); j++) gains[i][j - 1] = base.gain(i, j);
        List<EdgeServer> noPositions = new ArrayList<>();
        for (EdgeServer s : base.servers()) noPositions.add(new EdgeServer(null, s.cpuHz(), s.up()));
        Instance measured = new Instance("measured", noPositions, base.ues(), base.channel(), gains);
        RegionPlan plan = RegionPlan.of(measured, 3);
        assertThat(plan.servers(0)).containsExactly(1, 2);
        assertThat(plan.servers(1)).containsExactly(3, 4);
        assertThat(plan.servers(2)).containsExactly(5, 6);
        try (RegionalPolicy p = new RegionalPolicy(new RegionCount(3), 1, RegionalPolicyTest::greedy)) {
            assertThat(DecisionValidator.violations(measured, p.decide(measured, Prompt.MIN_LATENCY)))
                    .isEmpty();
        }
    }

    @Test
    void aRegionWithEveryServerDownGetsNoUes() {
        Instance base = slots(100, 4, 29, 1).get(0);
        RegionPlan before = RegionPlan.of(base, 2);
        List<EdgeServer> servers = new ArrayList<>(base.servers());
        for (int j : before.servers(1)) servers.set(j - 1, servers.get(j - 1).withUp(false));
        Instance cut = base.withServers(servers);
        RegionPlan plan = RegionPlan.of(cut, 2);
        assertThat(plan.servers(1)).containsExactly(before.servers(1)); // the split does not move
        assertThat(plan.ues(1)).isEmpty();
        assertThat(plan.ues(0)).hasSize(100);
        List<EdgeServer> allDown = new ArrayList<>();
        for (EdgeServer s : base.servers()) allDown.add(s.withUp(false));
        Instance dark = base.withServers(allDown);
        try (RegionalPolicy p = new RegionalPolicy(new RegionCount(2), 1, RegionalPolicyTest::greedy)) {
            Decision d = p.decide(dark, Prompt.MIN_ENERGY);
            assertThat(DecisionValidator.violations(dark, d)).isEmpty();
            for (int i = 0; i < dark.n(); i++) assertThat(d.isLocal(i)).isTrue();
        }
    }

    @Test
    void badRegionOptionsAreRefusedNamingTheOption() {
        for (String bad : List.of("0", "-1", "many", "1.5", "10001")) {
            assertThatThrownBy(() -> Policies.create("greedy", new PolicySettings(1, Map.of("greedy.regions", bad))))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("greedy.regions")
                    .hasMessageContaining(bad);
        }
        assertThatThrownBy(() -> Policies.create("greedy", new PolicySettings(1, Map.of("greedy.regionThreads", "0"))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("greedy.regionThreads");
        assertThatThrownBy(() -> Policies.create("greedy", new PolicySettings(1, Map.of("greedy.region", "2"))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("greedy.region");
        Policies.checkOptions(List.of("greedy.regions", "aed.regions", "de.regionThreads"));
    }
}
