package org.lambo.agents.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import jade.core.AID;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.ProbeAgent;
import org.lambo.agents.testing.Probes;
import org.lambo.ontology.SlotStart;
import org.lambo.ontology.jade.LamboAcl;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;

/**
 * The orchestrator takes requests under its lanes (JADE aliases, so that the UEs of one container reach it side by side
 * over a slow link), with the same discipline as under its name: a request from an agent that is no UE, sent to a lane,
 * is refused by the orchestrator itself.
 */
class OrchestratorLanesTest {
    @TempDir
    Path dir;

    @Test
    void aRequestSentToALaneReachesTheOrchestratorAndMeetsItsDiscipline() throws Exception {
        Scenario tiny = ScenarioLoader.load("tiny");
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            Probes.startOrchestrator(platform, tiny, 60_000, 3_000);
            BlockingQueue<ACLMessage> inbox = new LinkedBlockingQueue<>();
            AgentController watcher = platform.startAgent("watcher", ProbeAgent.class, inbox);
            Probes.awaitRegistered(watcher, ServiceTypes.ORCHESTRATOR, Duration.ofSeconds(20));

            for (int ue : new int[] {5, 21}) {
                AID lane = new AID(ServiceTypes.orchestratorLane(ue), AID.ISLOCALNAME);
                ACLMessage request = LamboAcl.build(
                        ACLMessage.REQUEST,
                        FIPANames.InteractionProtocol.FIPA_REQUEST,
                        "lane-" + ue,
                        0,
                        new SlotStart(0, 1, 1),
                        lane);
                ACLMessage answer = Probes.refusalFrom(ServiceTypes.ORCHESTRATOR_NAME, watcher, inbox, request);
                assertThat(LamboAcl.reason(answer))
                        .contains("offloading requests are taken only from the UEs (ue-i), not watcher");
            }
            assertThat(ServiceTypes.orchestratorLane(5)).isEqualTo("orchestrator.lane-5");
            assertThat(ServiceTypes.orchestratorLane(21)).isEqualTo("orchestrator.lane-5");
        }
    }
}
