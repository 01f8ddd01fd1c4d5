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
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.ProbeAgent;
import org.lambo.agents.testing.Probes;
import org.lambo.agents.ue.KnownByName;
import org.lambo.ontology.ServerAllocation;
import org.lambo.ontology.ServerState;
import org.lambo.ontology.jade.LamboAcl;
import org.lambo.scenario.ScenarioLoader;

/**
 * An edge server of a trial whose UEs are known by name ({@link KnownByName}: more than 100 UEs) reports its state at
 * the slot start to the agent named {@code orchestrator} although none is registered with the DF (in session 10's
 * 10,000-UE run all 100 servers' DF searches timed out at slot 0's start, and the orchestrator decided without their
 * state), and takes allocations from that agent only: probes play the clock, the orchestrator (not registered) and an
 * impostor.
 */
class EdgeServerKnownByNameTest {
    @TempDir
    Path dir;

    @Test
    void aServerOfAThousandsTrialReportsToTheOrchestratorByNameAndTakesAllocationsOnlyFromIt() throws Exception {
        SlotSource world = new SlotSource(ScenarioLoader.load("tiny").withUes(KnownByName.MOST_IN_DIRECTORY + 1), 8);
        BlockingQueue<ACLMessage> clockInbox = new LinkedBlockingQueue<>();
        BlockingQueue<ACLMessage> orchestratorInbox = new LinkedBlockingQueue<>();
        BlockingQueue<ACLMessage> impostorInbox = new LinkedBlockingQueue<>();
        try (JadePlatform platform = JadePlatform.start(dir, 0, false)) {
            AgentController clock = platform.startAgent(ServiceTypes.CLOCK_NAME, ProbeAgent.class, clockInbox);
            AgentController orchestrator =
                    platform.startAgent(ServiceTypes.ORCHESTRATOR_NAME, ProbeAgent.class, orchestratorInbox);
            AgentController impostor = platform.startAgent("impostor", ProbeAgent.class, impostorInbox);
            platform.startAgent("server-1", EdgeServerAgent.class, world, 1);
            Probes.awaitRegistered(clock, ServiceTypes.EDGE_SERVER, java.time.Duration.ofSeconds(30));
            clock.putO2AObject(Probes.slotStart(world, 0, "server-1"), AgentController.ASYNC);

            ACLMessage state = Probes.next(orchestratorInbox, ACLMessage.INFORM, 60);
            assertThat(state.getProtocol()).isEqualTo(ServiceTypes.STATE_PROTOCOL);
            ServerState s = LamboAcl.read(state, ServerState.class);
            assertThat(s.server()).isEqualTo("server-1");
            assertThat(s.slot()).isZero();

            AID server = new AID("server-1", AID.ISLOCALNAME);
            impostor.putO2AObject(allocation("impostor-0", server), AgentController.ASYNC);
            ACLMessage refused = Probes.next(impostorInbox, ACLMessage.REFUSE, 60);
            assertThat(LamboAcl.reason(refused)).endsWith("not impostor");
            orchestrator.putO2AObject(allocation("allocate-0", server), AgentController.ASYNC);
            ACLMessage taken = Probes.next(orchestratorInbox, ACLMessage.INFORM, 60);
            assertThat(taken.getConversationId()).isEqualTo("allocate-0");
        }
    }

    private static ACLMessage allocation(String conversation, AID server) {
        return LamboAcl.build(
                ACLMessage.REQUEST,
                FIPANames.InteractionProtocol.FIPA_REQUEST,
                conversation,
                20_000,
                new ServerAllocation(0, "server-1", 1, List.of()),
                server);
    }
}
