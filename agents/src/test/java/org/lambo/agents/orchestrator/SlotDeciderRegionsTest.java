package org.lambo.agents.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.ServerAllocation;
import org.lambo.ontology.ShareGrant;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.region.RegionPlan;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/** The orchestrator's decider with a policy split into regions, as {@code --option greedy.regions=3} makes it. */
class SlotDeciderRegionsTest {
    private final Scenario scenario;
    private final Instance world;

    SlotDeciderRegionsTest() {
        Scenario paper = ScenarioLoader.load("paper");
        List<Scenario.ServerSpec> servers = new ArrayList<>();
        for (int j = 0; j < 9; j++)
            servers.add(paper.servers().get(j % paper.servers().size()));
        scenario = paper.withUes(240).withServers(servers);
        world = new World(scenario, 5).next();
    }

    @Test
    void eachUeIsAnsweredOnceWithAServerOfItsRegionAndEachServerGrantsOnlyItsRegionsUes() {
        RegionPlan regions = RegionPlan.of(world, 3);
        try (OffloadingPolicy p = Policies.create("greedy", new PolicySettings(1, Map.of("greedy.regions", "3")))) {
            SlotPlan plan = new SlotDecider(
                            p, Prompt.MIN_LATENCY, scenario.channel().params())
                    .decide(0, SlotInputs.servers(world), SlotInputs.requests(world));
            assertThat(DecisionValidator.violations(world, plan.decision())).isEmpty();
            assertThat(plan.answers()).hasSize(world.n());
            Map<String, Integer> ueIndex = new HashMap<>();
            for (int i = 0; i < world.n(); i++) {
                OffloadingDecision a = plan.answers().get(i);
                assertThat(a.ue()).isEqualTo("ue-" + i);
                assertThat(a.note()).as("no all-local fallback").isEmpty();
                ueIndex.put(a.ue(), i);
                if (a.option() > 0)
                    assertThat(regions.regionOfServer(a.option())).isEqualTo(regions.regionOfUe(i));
            }
            assertThat(plan.allocations()).isNotEmpty();
            for (ServerAllocation al : plan.allocations().values()) {
                for (ShareGrant g : al.grants()) {
                    assertThat(regions.regionOfUe(ueIndex.get(g.ue()))).isEqualTo(regions.regionOfServer(al.number()));
                }
            }
            // a request that came late is decided alone against what is left, by the same regional policy
            SlotPlan late = new SlotDecider(
                            p, Prompt.MIN_LATENCY, scenario.channel().params())
                    .decideLate(
                            0,
                            SlotInputs.servers(world),
                            Map.of(),
                            Set.of(),
                            SlotInputs.requests(world).get(7));
            assertThat(late.answers()).hasSize(1);
            assertThat(late.answers().get(0).ue()).isEqualTo("ue-7");
        }
    }
}
