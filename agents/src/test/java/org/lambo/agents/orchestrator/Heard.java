package org.lambo.agents.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.core.AID;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.server.EdgeServerAgent;
import org.lambo.agents.testing.Probes;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.jade.LamboAcl;

/**
 * What the probes of the orchestrator tests (the clock, the UE stand-ins) heard, in one inbox, read back by
 * conversation; and the start of a real orchestrator ({@link Probes#startOrchestrator}) with the world's real edge
 * servers. The rest of the tests' set-up is {@link OrchestratorRig}'s.
 */
final class Heard {
    /** Where every probe of the test puts what it receives. */
    final BlockingQueue<ACLMessage> inbox = new LinkedBlockingQueue<>();

    private final List<ACLMessage> seen = new ArrayList<>();

    /** Starts the orchestrator and the servers 1..M of {@code world}'s scenario in {@code platform}. */
    static void startOrchestratorAndServers(JadePlatform platform, SlotSource world, long collectMs, long serverMs)
            throws Exception {
        Probes.startOrchestrator(platform, world.scenario(), collectMs, serverMs);
        for (int j = 1; j <= world.scenario().servers().size(); j++)
            platform.startAgent(ServiceTypes.serverName(j), EdgeServerAgent.class, world, j);
    }

    /** A UE's request to the orchestrator's lane {@code lane}, its reply wanted within {@code replyMs}. */
    static ACLMessage request(String conversation, OffloadingRequest r, int lane, long replyMs) {
        return LamboAcl.build(
                ACLMessage.REQUEST,
                FIPANames.InteractionProtocol.FIPA_REQUEST,
                conversation,
                replyMs,
                r,
                new AID(ServiceTypes.orchestratorLane(lane), AID.ISLOCALNAME));
    }

    /** Has the stand-in {@code from} send {@link #request}. */
    static void ask(AgentController from, String conversation, OffloadingRequest r, int lane, long replyMs)
            throws Exception {
        from.putO2AObject(request(conversation, r, lane, replyMs), AgentController.ASYNC);
    }

    /** How many messages of {@code performative} in conversations starting with {@code prefix} were heard so far. */
    long count(int performative, String prefix) {
        inbox.drainTo(seen);
        return seen.stream()
                .filter(m -> m.getPerformative() == performative
                        && m.getConversationId() != null
                        && m.getConversationId().startsWith(prefix))
                .count();
    }

    /** The one message of {@code performative} in {@code conversation} (fails when there are none or several). */
    ACLMessage only(int performative, String conversation) {
        inbox.drainTo(seen);
        List<ACLMessage> m = seen.stream()
                .filter(x -> x.getPerformative() == performative && conversation.equals(x.getConversationId()))
                .toList();
        assertThat(m).hasSize(1);
        return m.get(0);
    }

    /**
     * Waits ({@code wait} at most) until at least {@code count} decisions were heard in conversations starting with
     * {@code prefix} ({@code offload-tS-}: slot S's tasks); returns all of them so far, by UE.
     */
    List<OffloadingDecision> decisions(String prefix, long count, Duration wait) {
        await().atMost(wait).until(() -> count(ACLMessage.INFORM, prefix) >= count);
        inbox.drainTo(seen);
        return seen.stream()
                .filter(m -> m.getPerformative() == ACLMessage.INFORM
                        && m.getConversationId() != null
                        && m.getConversationId().startsWith(prefix))
                .map(m -> LamboAcl.read(m, OffloadingDecision.class))
                .sorted(Comparator.comparing(OffloadingDecision::ue))
                .toList();
    }

    /** The one decision sent in {@code conversation}. */
    OffloadingDecision decision(String conversation) {
        return LamboAcl.read(only(ACLMessage.INFORM, conversation), OffloadingDecision.class);
    }
}
