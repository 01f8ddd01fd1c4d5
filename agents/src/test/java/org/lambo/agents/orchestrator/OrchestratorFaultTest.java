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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.Vocabulary;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.NearestFitPolicy;
import org.lambo.agents.testing.ProbeAgent;
import org.lambo.agents.testing.Probes;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.ServerState;
import org.lambo.ontology.SlotStart;
import org.lambo.ontology.jade.LamboAcl;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;

/**
 * The orchestrator reacting to agents that die mid-slot, as the AMS tells it: a probe plays the clock (under its name)
 * and stand-in probes the UEs (under theirs) against a real orchestrator and real edge servers. The collection deadline
 * is a minute, longer than the test waits, so a slot that gets decided was decided because the orchestrator learnt that
 * the missing participants are dead.
 */
class OrchestratorFaultTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long COLLECT_MS = 60_000;

    private final Scenario scenario = ScenarioLoader.load("tiny");
    private final SlotSource world = new SlotSource(scenario, scenario.seed());
    private final BlockingQueue<ACLMessage> inbox = new LinkedBlockingQueue<>();
    private final List<ACLMessage> seen = new ArrayList<>();
    private AgentController[] ues;
    private final OrchestratorLog log = new OrchestratorLog();
    private final SlotDecider control = new SlotDecider(
            new NearestFitPolicy(), Prompt.MIN_LATENCY, scenario.channel().params());

    @TempDir
    Path dir;

    @org.junit.jupiter.api.AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void aServerAndAUeKilledMidSlotAreLeftOutOfThatSlotAndTheNext() throws Exception {
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            Heard.startOrchestratorAndServers(platform, world, COLLECT_MS, 3_000);
            AgentController probe = platform.startAgent(ServiceTypes.CLOCK_NAME, ProbeAgent.class, inbox);
            // the orchestrator registers once its AMS watch is live: from then on it sees every death
            Probes.awaitRegistered(probe, ServiceTypes.ORCHESTRATOR, WAIT);
            Instance slot0 = world.slot(0);
            int last = slot0.n() - 1;
            // stand-ins for the UEs; the last one never asks: it only dies
            ues = Probes.ueStandIns(platform, slot0.n(), inbox, WAIT);

            // slot 0: the servers report, all UEs but the last ask; then server-2 dies, and then the silent UE
            List<OffloadingRequest> asked = startSlotAndAsk(probe, 0, last, "server-1", "server-2");
            List<ServerState> bothUp = List.of(
                    Vocabulary.serverState(slot0, 1, "server-1", 0), Vocabulary.serverState(slot0, 2, "server-2", 0));
            assertThat(control.decide(0, bothUp, asked).answers())
                    .as("with both servers up the policy would use server 2")
                    .anyMatch(a -> a.option() == 2);
            assertThat(platform.killAgent("server-2")).isTrue();
            // a kill is asynchronous: the UE dies only once server-2 is gone, so the AMS tells of the server first
            await().atMost(WAIT).until(() -> !platform.hasAgent("server-2"));
            assertThat(platform.killAgent(ServiceTypes.ueName(last))).isTrue();

            List<OffloadingDecision> answers = decisions(0, last);
            List<ServerState> secondDown = SlotDecider.serversOrDown(
                    0, 2, java.util.Map.of(1, bothUp.get(0)), java.util.Map.of(2, bothUp.get(1)));
            assertThat(answers)
                    .as("decided by the policy with server 2 down, not stripped of it afterwards")
                    .containsExactlyElementsOf(
                            control.decide(0, secondDown, asked).answers());
            assertThat(answers).noneMatch(a -> a.option() == 2).allMatch(a -> a.note()
                    .isEmpty());

            // slot 1: server-2 and the last UE stay gone; the slot is decided as soon as the living have reported
            List<OffloadingRequest> asked1 = startSlotAndAsk(probe, 1, last, "server-1");
            List<OffloadingDecision> answers1 = decisions(1, last);
            assertThat(answers1).hasSize(asked1.size()).noneMatch(a -> a.option() == 2);
        }
    }

    private List<OffloadingRequest> startSlotAndAsk(AgentController probe, int slot, int ues, String... servers)
            throws Exception {
        Instance inst = world.slot(slot);
        List<AID> to = new ArrayList<>();
        to.add(new AID(ServiceTypes.ORCHESTRATOR_NAME, AID.ISLOCALNAME));
        for (String s : servers) to.add(new AID(s, AID.ISLOCALNAME));
        probe.putO2AObject(
                LamboAcl.build(
                        ACLMessage.INFORM,
                        ServiceTypes.SLOT_PROTOCOL,
                        "slot-" + slot,
                        10_000,
                        new SlotStart(slot, inst.n(), inst.m()),
                        to.toArray(new AID[0])),
                AgentController.ASYNC);
        List<OffloadingRequest> requests = new ArrayList<>();
        for (int i = 0; i < ues; i++) {
            OffloadingRequest r = new OffloadingRequest(
                    slot, Vocabulary.ueState(inst, i, ServiceTypes.ueName(i)), Vocabulary.task(inst, i, slot));
            requests.add(r);
            this.ues[i].putO2AObject(
                    LamboAcl.build(
                            ACLMessage.REQUEST,
                            FIPANames.InteractionProtocol.FIPA_REQUEST,
                            "offload-" + r.task().taskId(),
                            COLLECT_MS,
                            r,
                            new AID(ServiceTypes.ORCHESTRATOR_NAME, AID.ISLOCALNAME)),
                    AgentController.ASYNC);
        }
        // every request is in (taken, as the orchestrator logs it: it answers only once the slot is decided) before
        // anything dies
        log.await("asks in slot " + slot + " (offload-t" + slot + "-", ues, WAIT);
        return requests;
    }

    private List<OffloadingDecision> decisions(int slot, int count) {
        String prefix = "offload-t" + slot + "-";
        await().atMost(WAIT).until(() -> {
            inbox.drainTo(seen);
            return seen.stream()
                            .filter(m -> m.getPerformative() == ACLMessage.INFORM
                                    && m.getConversationId().startsWith(prefix))
                            .count()
                    >= count;
        });
        return seen.stream()
                .filter(m -> m.getPerformative() == ACLMessage.INFORM
                        && m.getConversationId().startsWith(prefix))
                .map(m -> LamboAcl.read(m, OffloadingDecision.class))
                .sorted(Comparator.comparing(OffloadingDecision::ue))
                .toList();
    }
}
