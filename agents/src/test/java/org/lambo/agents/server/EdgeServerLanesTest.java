package org.lambo.agents.server;

import static org.assertj.core.api.Assertions.assertThat;

import jade.core.AID;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.Lanes;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.ProbeAgent;
import org.lambo.agents.testing.Probes;
import org.lambo.ontology.TaskDescription;
import org.lambo.ontology.TaskSubmission;
import org.lambo.ontology.UeState;
import org.lambo.ontology.jade.LamboAcl;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;

/**
 * An edge server takes submissions under its lanes ({@code server-j.lane-k}, JADE aliases: a container's UEs reach it
 * side by side over a slow link) with the same discipline as under its name: the sender is checked, not the name the
 * message was sent to, and an agent whose name merely starts like a UE's ({@code ue-0.lane-1}) is no UE.
 */
class EdgeServerLanesTest {
    @TempDir
    Path dir;

    @Test
    void aSubmissionSentToALaneReachesTheServerAndMeetsItsDiscipline() throws Exception {
        Scenario tiny = ScenarioLoader.load("tiny");
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            platform.startAgent(
                    ServiceTypes.serverName(1), EdgeServerAgent.class, new SlotSource(tiny, tiny.seed()), 1);
            BlockingQueue<ACLMessage> inbox = new LinkedBlockingQueue<>();
            for (String sender : List.of("watcher", "ue-0.lane-1")) {
                AgentController probe = platform.startAgent(sender, ProbeAgent.class, inbox);
                // the server takes its lanes as it starts, before it registers
                Probes.awaitRegistered(probe, ServiceTypes.EDGE_SERVER, java.time.Duration.ofSeconds(30));
                for (int ue : new int[] {5, 21}) {
                    AID lane = new AID(Lanes.of(ServiceTypes.serverName(1), ue), AID.ISLOCALNAME);
                    UeState s = new UeState("ue-0", 0, 1, 1, 1e9, 1, 1, List.of(1e-3, 1e-3));
                    ACLMessage submit = LamboAcl.build(
                            ACLMessage.REQUEST,
                            FIPANames.InteractionProtocol.FIPA_REQUEST,
                            sender + "-" + ue,
                            20_000,
                            new TaskSubmission(0, s, new TaskDescription("t0-ue0", 1e8, 1e10, 12), 1, 0.5),
                            lane);
                    ACLMessage answer = Probes.refusalFrom("server-1", probe, inbox, submit);
                    assertThat(LamboAcl.reason(answer))
                            .isEqualTo(
                                    "an edge server takes requests only from the orchestrator (allocations) and the UEs"
                                            + " (their tasks), not " + sender);
                }
            }
            assertThat(Lanes.of("server-1", 21)).isEqualTo("server-1.lane-5");
        }
    }
}
