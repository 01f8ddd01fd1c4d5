package org.lambo.agents.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import jade.core.AID;
import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.Vocabulary;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.server.EdgeServerAgent;
import org.lambo.agents.testing.NearestFitPolicy;
import org.lambo.agents.testing.ProbeAgent;
import org.lambo.agents.testing.Probes;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.ServerAllocation;
import org.lambo.ontology.ServerState;
import org.lambo.ontology.jade.LamboAcl;

/**
 * Each UE is answered as soon as its own server has confirmed its allocation, not once every server has: a real
 * orchestrator and a real server-1, and a probe as server-2 that holds its allocation unanswered. The UEs the policy
 * gave server 1 (or kept local) get their decisions while server-2 is silent, server 2's UEs only once it confirms, and
 * every answer is the one the policy planned (the same answers as when the orchestrator waited for all).
 */
class OrchestratorAnswersEarlyTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long COLLECT_MS = 60_000;

    @RegisterExtension
    final OrchestratorRig rig = new OrchestratorRig();

    private final SlotDecider control = new SlotDecider(
            new NearestFitPolicy(),
            Prompt.MIN_LATENCY,
            rig.world.scenario().channel().params());

    @Test
    void aUeIsAnsweredWhenItsOwnServerConfirmsNotWhenTheLastOneDoes() throws Exception {
        JadePlatform platform = rig.platform();
        Probes.startOrchestrator(platform, rig.world.scenario(), COLLECT_MS, 60_000);
        platform.startAgent("server-1", EdgeServerAgent.class, rig.world, 1);
        BlockingQueue<ACLMessage> server2Inbox = new LinkedBlockingQueue<>();
        AgentController server2 = platform.startAgent("server-2", ProbeAgent.class, server2Inbox);
        AgentController clock = rig.clock(WAIT);
        Instance slot0 = rig.world.slot(0);
        AgentController[] ues = rig.ueStandIns(slot0.n(), WAIT);
        AID orchestrator = new AID(ServiceTypes.ORCHESTRATOR_NAME, AID.ISLOCALNAME);

        rig.startSlot(clock, 0, "server-1");
        ServerState state2 = Vocabulary.serverState(slot0, 2, "server-2", 0);
        server2.putO2AObject(
                LamboAcl.build(ACLMessage.INFORM, ServiceTypes.STATE_PROTOCOL, state2, orchestrator),
                AgentController.ASYNC);
        List<OffloadingRequest> asked = rig.requests(0, slot0.n());
        OrchestratorRig.askByName(ues, asked, COLLECT_MS);
        List<OffloadingDecision> planned = control.decide(
                        0, List.of(Vocabulary.serverState(slot0, 1, "server-1", 0), state2), asked)
                .answers();
        long ofServer2 = planned.stream().filter(a -> a.option() == 2).count();
        assertThat(ofServer2)
                .as("the policy gives server 2 some UEs and not all")
                .isBetween(1L, (long) planned.size() - 1);

        ACLMessage allocation = server2Inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(allocation).as("server-2's allocation").isNotNull();
        assertThat(LamboAcl.read(allocation, ServerAllocation.class).slot()).isZero();
        // server-2 holds its allocation: every UE not of server 2 is answered meanwhile
        List<OffloadingDecision> early = rig.heard.decisions("offload-t0-", planned.size() - ofServer2, WAIT);
        assertThat(early)
                .as("the UEs of server 1 and the local ones, as planned, while server-2 is silent")
                .containsExactlyElementsOf(planned.stream()
                        .filter(a -> a.option() != 2)
                        .sorted(Comparator.comparing(OffloadingDecision::ue))
                        .toList());

        server2.putO2AObject(LamboAcl.reply(allocation, ACLMessage.INFORM, state2), AgentController.ASYNC);
        assertThat(rig.heard.decisions("offload-t0-", planned.size(), WAIT))
                .as("server 2's UEs once it confirmed; every answer the planned one")
                .containsExactlyElementsOf(planned.stream()
                        .sorted(Comparator.comparing(OffloadingDecision::ue))
                        .toList());
    }
}
