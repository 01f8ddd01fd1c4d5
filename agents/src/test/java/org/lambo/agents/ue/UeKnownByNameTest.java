package org.lambo.agents.ue;

import static org.assertj.core.api.Assertions.assertThat;

import jade.core.AID;
import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.ProbeAgent;
import org.lambo.agents.testing.Probes;
import org.lambo.mec.CostModel;
import org.lambo.mec.Instance;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.Outcome;
import org.lambo.ontology.SlotStart;
import org.lambo.ontology.TaskReport;
import org.lambo.ontology.jade.LamboAcl;
import org.lambo.scenario.ScenarioLoader;

/**
 * A UE of a trial of thousands (here {@value KnownByName#MOST_IN_DIRECTORY} + 1 UEs) asks the agent named
 * {@code orchestrator} although no orchestrator is registered with the DF (a UE of a small trial would fail its task,
 * "no orchestrator is registered with the DF"), and takes its decision only from that agent: probes play the clock and
 * the orchestrator, neither registered.
 */
class UeKnownByNameTest {
    @TempDir
    Path dir;

    @Test
    void aUeOfAThousandsTrialAsksTheOrchestratorByNameWithoutTheDirectory() throws Exception {
        SlotSource world = new SlotSource(ScenarioLoader.load("tiny").withUes(KnownByName.MOST_IN_DIRECTORY + 1), 8);
        Instance slot0 = world.slot(0);
        BlockingQueue<ACLMessage> clockInbox = new LinkedBlockingQueue<>();
        BlockingQueue<ACLMessage> orchestratorInbox = new LinkedBlockingQueue<>();
        try (JadePlatform platform = JadePlatform.start(dir, 0, false)) {
            AgentController clock = platform.startAgent(ServiceTypes.CLOCK_NAME, ProbeAgent.class, clockInbox);
            AgentController orchestrator =
                    platform.startAgent(ServiceTypes.ORCHESTRATOR_NAME, ProbeAgent.class, orchestratorInbox);
            platform.startAgent("ue-0", UeAgent.class, world, 0, new UeTimeouts(40_000, 20_000));
            clock.putO2AObject(
                    LamboAcl.build(
                            ACLMessage.INFORM,
                            ServiceTypes.SLOT_PROTOCOL,
                            new SlotStart(
                                    0,
                                    SlotSource.activeUes(world.scenario(), 0),
                                    world.scenario().servers().size()),
                            new AID("ue-0", AID.ISLOCALNAME)),
                    AgentController.ASYNC);

            ACLMessage asked = Probes.next(orchestratorInbox, ACLMessage.REQUEST, 60);
            OffloadingRequest r = LamboAcl.read(asked, OffloadingRequest.class);
            assertThat(r.task().taskId()).isEqualTo("t0-ue0");
            OffloadingDecision local = new OffloadingDecision(
                    0,
                    "ue-0",
                    r.task().taskId(),
                    0,
                    "",
                    0.0,
                    CostModel.localLatency(slot0, 0),
                    CostModel.localEnergy(slot0, 0),
                    "");
            orchestrator.putO2AObject(LamboAcl.reply(asked, ACLMessage.INFORM, local), AgentController.ASYNC);

            TaskReport t = LamboAcl.read(Probes.next(clockInbox, ACLMessage.INFORM, 60), TaskReport.class);
            assertThat(t.outcome()).as(t.reason()).isEqualTo(Outcome.COMPLETED);
            assertThat(t.option()).isZero();
        }
    }
}
