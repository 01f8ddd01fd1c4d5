package org.lambo.agents.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.core.AID;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
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
import org.lambo.ontology.SlotStart;
import org.lambo.ontology.jade.LamboAcl;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;

/**
 * Each UE is answered as soon as its own server has confirmed its allocation, not once every server has: a real
 * orchestrator and a real server-1, and a probe as server-2 that holds its allocation unanswered. The UEs the policy
 * gave server 1 (or kept local) get their decisions while server-2 is silent, server 2's UEs only once it confirms, and
 * every answer is the one the policy planned (the same answers as when the orchestrator waited for all).
 */
class OrchestratorAnswersEarlyTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long COLLECT_MS = 60_000;

    private final Scenario scenario = ScenarioLoader.load("tiny");
    private final SlotSource world = new SlotSource(scenario, scenario.seed());
    private final BlockingQueue<ACLMessage> inbox = new LinkedBlockingQueue<>();
    private final List<ACLMessage> seen = new ArrayList<>();
    private final OrchestratorLog log = new OrchestratorLog();
    private final SlotDecider control = new SlotDecider(
            new NearestFitPolicy(), Prompt.MIN_LATENCY, scenario.channel().params());

    @TempDir
    Path dir;

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void aUeIsAnsweredWhenItsOwnServerConfirmsNotWhenTheLastOneDoes() throws Exception {
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            platform.startAgent(
                    ServiceTypes.ORCHESTRATOR_NAME,
                    OrchestratorAgent.class,
                    new OrchestratorConfig(
                            new NearestFitPolicy(),
                            Prompt.MIN_LATENCY,
                            scenario.channel().params(),
                            COLLECT_MS,
                            60_000));
            platform.startAgent("server-1", EdgeServerAgent.class, world, 1);
            BlockingQueue<ACLMessage> server2Inbox = new LinkedBlockingQueue<>();
            AgentController server2 = platform.startAgent("server-2", ProbeAgent.class, server2Inbox);
            AgentController clock = platform.startAgent(ServiceTypes.CLOCK_NAME, ProbeAgent.class, inbox);
            Probes.awaitRegistered(clock, ServiceTypes.ORCHESTRATOR, WAIT);
            Instance slot0 = world.slot(0);
            AgentController[] ues = Probes.ueStandIns(platform, slot0.n(), inbox, WAIT);
            AID orchestrator = new AID(ServiceTypes.ORCHESTRATOR_NAME, AID.ISLOCALNAME);

            clock.putO2AObject(
                    LamboAcl.build(
                            ACLMessage.INFORM,
                            ServiceTypes.SLOT_PROTOCOL,
                            new SlotStart(0, slot0.n(), slot0.m()),
                            orchestrator,
                            new AID("server-1", AID.ISLOCALNAME)),
                    AgentController.ASYNC);
            ServerState state2 = Vocabulary.serverState(slot0, 2, "server-2", 0);
            server2.putO2AObject(
                    LamboAcl.build(ACLMessage.INFORM, ServiceTypes.STATE_PROTOCOL, state2, orchestrator),
                    AgentController.ASYNC);
            List<OffloadingRequest> asked = new ArrayList<>();
            for (int i = 0; i < slot0.n(); i++) {
                OffloadingRequest r = new OffloadingRequest(
                        0, Vocabulary.ueState(slot0, i, ServiceTypes.ueName(i)), Vocabulary.task(slot0, i, 0));
                asked.add(r);
                ues[i].putO2AObject(
                        LamboAcl.build(
                                ACLMessage.REQUEST,
                                FIPANames.InteractionProtocol.FIPA_REQUEST,
                                "offload-" + r.task().taskId(),
                                COLLECT_MS,
                                r,
                                orchestrator),
                        AgentController.ASYNC);
            }
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
            List<OffloadingDecision> early = decisions(planned.size() - ofServer2);
            assertThat(early)
                    .as("the UEs of server 1 and the local ones, as planned, while server-2 is silent")
                    .containsExactlyElementsOf(planned.stream()
                            .filter(a -> a.option() != 2)
                            .sorted(Comparator.comparing(OffloadingDecision::ue))
                            .toList());

            server2.putO2AObject(LamboAcl.reply(allocation, ACLMessage.INFORM, state2), AgentController.ASYNC);
            assertThat(decisions(planned.size()))
                    .as("server 2's UEs once it confirmed; every answer the planned one")
                    .containsExactlyElementsOf(planned.stream()
                            .sorted(Comparator.comparing(OffloadingDecision::ue))
                            .toList());
        }
    }

    /** Waits for at least {@code count} decisions and returns all that came, by UE. */
    private List<OffloadingDecision> decisions(long count) {
        await().atMost(WAIT).until(() -> {
            inbox.drainTo(seen);
            return decisionsSoFar().size() >= count;
        });
        return decisionsSoFar();
    }

    private List<OffloadingDecision> decisionsSoFar() {
        return seen.stream()
                .filter(m -> m.getPerformative() == ACLMessage.INFORM
                        && m.getConversationId() != null
                        && m.getConversationId().startsWith("offload-t0-"))
                .map(m -> LamboAcl.read(m, OffloadingDecision.class))
                .sorted(Comparator.comparing(OffloadingDecision::ue))
                .toList();
    }
}
