package org.lambo.agents.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambo.agents.Vocabulary;
import org.lambo.agents.testing.NearestFitPolicy;
import org.lambo.baseline.LocalPolicy;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Evaluation;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.ServerAllocation;
import org.lambo.ontology.ServerState;
import org.lambo.ontology.ShareGrant;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class SlotDeciderTest {
    private final Scenario scenario = ScenarioLoader.load("small");
    private final Instance world = new World(scenario, 3).next();

    private SlotDecider decider(OffloadingPolicy p) {
        return new SlotDecider(p, Prompt.MIN_LATENCY, scenario.channel().params());
    }

    @Test
    void theReportedSlotIsTheWorldsSlot() {
        Instance rebuilt = Vocabulary.instance(
                "x",
                SlotInputs.servers(world),
                SlotInputs.requests(world),
                scenario.channel().params());
        for (int i = 0; i < world.n(); i++) {
            for (int j = 1; j <= world.m(); j++) assertThat(rebuilt.rate(i, j)).isEqualTo(world.rate(i, j));
        }
        Decision d = new NearestFitPolicy().decide(world, Prompt.MIN_LATENCY);
        assertThat(CostModel.evaluate(rebuilt, d).totalLatency())
                .isEqualTo(CostModel.evaluate(world, d).totalLatency());
    }

    @Test
    void thePlanIsThePolicysValidDecisionWithTheModelsPredictions() {
        SlotPlan plan =
                decider(new NearestFitPolicy()).decide(0, SlotInputs.servers(world), SlotInputs.requests(world));
        assertThat(DecisionValidator.violations(world, plan.decision())).isEmpty();
        assertThat(plan.decision()).isEqualTo(new NearestFitPolicy().decide(world, Prompt.MIN_LATENCY));
        Evaluation ev = CostModel.evaluate(world, plan.decision());
        for (int i = 0; i < world.n(); i++) {
            OffloadingDecision a = plan.answers().get(i);
            assertThat(a.ue()).isEqualTo("ue-" + i);
            assertThat(a.option()).isEqualTo(plan.decision().option(i));
            assertThat(a.predictedLatencyS()).isEqualTo(ev.latency(i));
            assertThat(a.predictedEnergyJ()).isEqualTo(ev.energy(i));
            if (a.option() > 0) assertThat(a.server()).isEqualTo("server-" + a.option());
        }
        assertThat(plan.split()[0]).isLessThan(world.n());
    }

    @Test
    void everyUpServerIsToldItsShareEvenWhenItIsGivenNothing() {
        SlotPlan plan =
                decider(new NearestFitPolicy()).decide(0, SlotInputs.servers(world), SlotInputs.requests(world));
        assertThat(plan.allocations().keySet()).containsExactly(1, 2, 3);
        for (int j = 1; j <= world.m(); j++) {
            ServerAllocation a = plan.allocations().get(j);
            assertThat(a.grants().stream().map(ShareGrant::taskId).toList())
                    .isEqualTo(plan.uesOf(j).stream().map(i -> "t0-ue" + i).toList());
        }
        SlotPlan local = decider(new LocalPolicy()).decide(0, SlotInputs.servers(world), SlotInputs.requests(world));
        assertThat(local.allocations().values()).allMatch(a -> a.grants().isEmpty());
    }

    @Test
    void aServerThatDidNotReportIsDown() {
        Map<Integer, ServerState> reported = new HashMap<>();
        reported.put(1, SlotInputs.servers(world).get(0));
        reported.put(3, SlotInputs.servers(world).get(2));
        List<ServerState> s = SlotDecider.serversOrDown(0, 3, reported, Map.of());
        assertThat(s.get(1).up()).isFalse();
        SlotPlan plan = decider(new NearestFitPolicy()).decide(0, s, SlotInputs.requests(world));
        assertThat(plan.split()[2]).isZero();
        assertThat(plan.allocations()).doesNotContainKey(2);
    }

    @Test
    void aLostServersUesRunLocallyAndTheOthersKeepTheirAnswers() {
        SlotDecider d = decider(new NearestFitPolicy());
        SlotPlan plan = d.decide(0, SlotInputs.servers(world), SlotInputs.requests(world));
        int lostServer = plan.split()[3] > 0 ? 3 : plan.split()[2] > 0 ? 2 : 1;
        SlotPlan without = d.withoutServers(
                plan,
                SlotInputs.servers(world),
                SlotInputs.requests(world),
                Map.of(lostServer, "server-" + lostServer + " did not confirm"));
        assertThat(without.allocations()).doesNotContainKey(lostServer);
        for (int i = 0; i < world.n(); i++) {
            OffloadingDecision before = plan.answers().get(i);
            OffloadingDecision after = without.answers().get(i);
            if (before.option() == lostServer) {
                assertThat(after.isLocal()).isTrue();
                assertThat(after.note()).contains("did not confirm");
                assertThat(after.predictedLatencyS()).isEqualTo(CostModel.localLatency(world, i));
            } else {
                assertThat(after).isEqualTo(before);
            }
        }
        assertThat(DecisionValidator.violations(world, without.decision())).isEmpty();
    }

    @Test
    void aPolicyThatBreaksTheRulesIsCaughtAndTheSlotRunsLocally() {
        OffloadingPolicy overbooks = new OffloadingPolicy() {
            @Override
            public String name() {
                return "overbooks";
            }

            @Override
            public Decision decide(Instance inst, Prompt prompt) {
                int[] o = new int[inst.n()];
                double[] s = new double[inst.n()];
                java.util.Arrays.fill(o, 1);
                java.util.Arrays.fill(s, 1.0);
                return new Decision(o, s);
            }
        };
        SlotPlan plan = decider(overbooks).decide(0, SlotInputs.servers(world), SlotInputs.requests(world));
        assertThat(plan.decision()).isEqualTo(Decision.allLocal(world.n()));
        assertThat(plan.answers()).allMatch(a -> a.note().contains("policy overbooks failed"));
    }

    /** Server j's full speed and an offloaded UE's latency on it with {@code share} of it, as the model predicts. */
    private double latencyWithShareOfWholeServer(OffloadingRequest r, int option, double share) {
        Instance one = Vocabulary.instance(
                "one", SlotInputs.servers(world), List.of(r), scenario.channel().params());
        return CostModel.evaluate(one, new Decision(new int[] {option}, new double[] {share}))
                .latency(0);
    }

    @Test
    void aLateRequestIsDecidedAloneOnWhatTheSlotsDecisionLeftOnTheServers() {
        List<OffloadingRequest> all = SlotInputs.requests(world);
        OffloadingRequest late = all.get(all.size() - 1);
        // every server but one is full; that one has 40 % left
        Map<Integer, Double> granted = new HashMap<>();
        for (int j = 1; j <= world.m(); j++) granted.put(j, 1.0);
        int open = 1 + (world.m() - 1) / 2;
        granted.put(open, 0.6);
        SlotPlan plan = decider(new NearestFitPolicy())
                .decideLate(0, SlotInputs.servers(world), granted, java.util.Set.of(), late);

        OffloadingDecision d = plan.answers().get(0);
        assertThat(d.ue()).isEqualTo(late.ue().ue());
        assertThat(d.taskId()).isEqualTo(late.task().taskId());
        assertThat(d.note()).contains("decided late");
        double local = CostModel.localLatency(world, all.size() - 1);
        if (d.option() == Decision.LOCAL) {
            // the policy found local cheaper than 40 % of the one server left
            assertThat(latencyWithShareOfWholeServer(late, open, 0.4)).isGreaterThanOrEqualTo(local);
            assertThat(plan.allocations()).isEmpty();
        } else {
            assertThat(d.option()).as("the only server with room").isEqualTo(open);
            assertThat(d.share()).isPositive().isLessThanOrEqualTo(0.4 + 1e-9);
            assertThat(plan.allocations())
                    .containsOnlyKeys(open)
                    .containsEntry(
                            open,
                            new ServerAllocation(
                                    0,
                                    "server-" + open,
                                    open,
                                    List.of(new ShareGrant(
                                            late.ue().ue(), late.task().taskId(), d.share()))));
            // its predicted latency is that of its share of the whole server under the cost model
            assertThat(d.predictedLatencyS())
                    .isCloseTo(
                            latencyWithShareOfWholeServer(late, open, d.share()),
                            org.assertj.core.data.Offset.offset(1e-9 * d.predictedLatencyS()));
        }
    }

    @Test
    void aLateRequestOnAFreeServerGetsWhatTheWholeSlotWouldHaveGivenItAlone() {
        OffloadingRequest late = SlotInputs.requests(world).get(0);
        SlotPlan alone = decider(new NearestFitPolicy()).decide(0, SlotInputs.servers(world), List.of(late));
        SlotPlan plan = decider(new NearestFitPolicy())
                .decideLate(0, SlotInputs.servers(world), Map.of(), java.util.Set.of(), late);
        OffloadingDecision a = alone.answers().get(0);
        OffloadingDecision d = plan.answers().get(0);
        assertThat(d.option()).isEqualTo(a.option());
        assertThat(d.share()).isEqualTo(a.share());
        assertThat(d.predictedLatencyS()).isEqualTo(a.predictedLatencyS());
        assertThat(d.predictedEnergyJ()).isEqualTo(a.predictedEnergyJ());
        assertThat(plan.allocations().keySet())
                .isEqualTo(a.option() == 0 ? java.util.Set.of() : java.util.Set.of(a.option()));
    }

    @Test
    void withNothingLeftOnAnyServerALateRequestRunsLocallyAndNoServerIsAskedForMore() {
        OffloadingRequest late = SlotInputs.requests(world).get(0);
        Map<Integer, Double> full = new HashMap<>();
        for (int j = 1; j <= world.m(); j++) full.put(j, 1.0 - SlotDecider.FULL / 2);
        SlotPlan plan = decider(new NearestFitPolicy())
                .decideLate(0, SlotInputs.servers(world), full, java.util.Set.of(), late);
        OffloadingDecision d = plan.answers().get(0);
        assertThat(d.isLocal()).isTrue();
        assertThat(d.share()).isZero();
        assertThat(d.predictedLatencyS()).isEqualTo(CostModel.localLatency(world, 0));
        assertThat(plan.allocations()).isEmpty();
        assertThat(d.note()).contains("decided late");
    }

    @Test
    void aServerLostForTheSlotOrDownIsNotGivenToALateRequest() {
        OffloadingRequest late = SlotInputs.requests(world).get(0);
        java.util.Set<Integer> lost = new java.util.HashSet<>();
        for (int j = 2; j <= world.m(); j++) lost.add(j);
        List<ServerState> downFirst = new ArrayList<>(SlotInputs.servers(world));
        ServerState s1 = downFirst.get(0);
        downFirst.set(0, new ServerState(s1.server(), 1, 0, s1.x(), s1.y(), s1.cpuHz(), false, 0, 0));
        SlotPlan plan = decider(new NearestFitPolicy()).decideLate(0, downFirst, Map.of(), lost, late);
        assertThat(plan.answers().get(0).isLocal()).isTrue();
        assertThat(plan.allocations()).isEmpty();
    }

    @Test
    void aLateRequestOfAnotherSlotIsNotDecided() {
        OffloadingRequest r = SlotInputs.requests(world).get(0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decider(new NearestFitPolicy())
                        .decideLate(1, SlotInputs.servers(world), Map.of(), java.util.Set.of(), r))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("request for slot 0 decided late in slot 1");
    }
}
