package org.lambo.agents.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.wrapper.AgentController;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.Vocabulary;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.NearestFitPolicy;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.ServerState;

/**
 * The orchestrator reacting to agents that die mid-slot, as the AMS tells it: a probe plays the clock (under its name)
 * and stand-in probes the UEs (under theirs) against a real orchestrator and real edge servers. The collection deadline
 * is a minute, longer than the test waits, so a slot that gets decided was decided because the orchestrator learnt that
 * the missing participants are dead.
 */
class OrchestratorFaultTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long COLLECT_MS = 60_000;

    @RegisterExtension
    final OrchestratorRig rig = new OrchestratorRig();

    private AgentController[] ues;
    private final SlotDecider control = new SlotDecider(
            new NearestFitPolicy(),
            Prompt.MIN_LATENCY,
            rig.world.scenario().channel().params());

    @Test
    void aServerAndAUeKilledMidSlotAreLeftOutOfThatSlotAndTheNext() throws Exception {
        JadePlatform platform = rig.platform();
        // the orchestrator registers once its AMS watch is live: from then on it sees every death
        AgentController probe = rig.startWithClock(COLLECT_MS, 3_000, WAIT);
        Instance slot0 = rig.world.slot(0);
        int last = slot0.n() - 1;
        // stand-ins for the UEs; the last one never asks: it only dies
        ues = rig.ueStandIns(slot0.n(), WAIT);

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

        List<OffloadingDecision> answers = rig.heard.decisions("offload-t0-", last, WAIT);
        List<ServerState> secondDown =
                SlotDecider.serversOrDown(0, 2, java.util.Map.of(1, bothUp.get(0)), java.util.Map.of(2, bothUp.get(1)));
        assertThat(answers)
                .as("decided by the policy with server 2 down, not stripped of it afterwards")
                .containsExactlyElementsOf(control.decide(0, secondDown, asked).answers());
        assertThat(answers).noneMatch(a -> a.option() == 2).allMatch(a -> a.note()
                .isEmpty());

        // slot 1: server-2 and the last UE stay gone; the slot is decided as soon as the living have reported
        List<OffloadingRequest> asked1 = startSlotAndAsk(probe, 1, last, "server-1");
        List<OffloadingDecision> answers1 = rig.heard.decisions("offload-t1-", last, WAIT);
        assertThat(answers1).hasSize(asked1.size()).noneMatch(a -> a.option() == 2);
    }

    private List<OffloadingRequest> startSlotAndAsk(AgentController probe, int slot, int ues, String... servers)
            throws Exception {
        rig.startSlot(probe, slot, servers);
        List<OffloadingRequest> requests = rig.requests(slot, ues);
        OrchestratorRig.askByName(this.ues, requests, COLLECT_MS);
        // every request is in (taken, as the orchestrator logs it: it answers only once the slot is decided) before
        // anything dies
        rig.log().await("asks in slot " + slot + " (offload-t" + slot + "-", ues, WAIT);
        return requests;
    }
}
