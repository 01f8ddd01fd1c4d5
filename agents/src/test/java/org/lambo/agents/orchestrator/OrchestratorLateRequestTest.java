package org.lambo.agents.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lambo.agents.testing.NearestFitPolicy;
import org.lambo.mec.Prompt;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.ServerState;
import org.lambo.ontology.jade.LamboAcl;

/**
 * A UE whose first request was lost on a lossy link asks again, and its request comes after the slot was decided: a
 * real orchestrator and real edge servers, a probe as the clock and stand-ins under the UEs' names. While the slot is
 * open the request is decided late (alone, on what the slot's decision left on the servers, confirmed by the server it
 * is given), not refused; asked again, the same decision. A request whose UE no longer waits (reply-by past) or of a
 * slot that is over is refused as before.
 */
class OrchestratorLateRequestTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long COLLECT_MS = 1_500;
    private static final long REPLY_MS = 120_000;

    @RegisterExtension
    final OrchestratorRig rig = new OrchestratorRig();

    @Test
    void aRequestAfterItsSlotWasDecidedIsDecidedLateWhileTheSlotIsOpenAndRefusedOnceItIsOver() throws Exception {
        OrchestratorRig.OpenSlot open = rig.openSlot0(COLLECT_MS, 10_000, WAIT);
        AgentController[] ues = open.ues();
        List<OffloadingRequest> requests = open.requests();

        // ue-0 asks; the others' requests are lost: the slot is decided at its collection deadline with one
        Heard.ask(ues[0], "first-0", requests.get(0), 0, REPLY_MS);
        await().atMost(WAIT).until(() -> rig.heard.count(ACLMessage.INFORM, "first-0") == 1);
        List<ServerState> servers = SlotInputs.servers(open.slot());
        SlotDecider decider = new SlotDecider(
                new NearestFitPolicy(),
                Prompt.MIN_LATENCY,
                rig.world.scenario().channel().params());
        SlotPlan decided = decider.decide(0, servers, List.of(requests.get(0)));
        assertThat(rig.heard.decision("first-0")).isEqualTo(decided.answers().get(0));
        Map<Integer, Double> granted = new HashMap<>();
        decided.allocations().forEach((j, a) -> granted.merge(j, a.totalShare(), Double::sum));

        // ue-1's request asked again comes after the decision: decided late, on what ue-0's decision left; the
        // server it is given confirms it (a server that did not would leave it local, saying so)
        Heard.ask(ues[1], "again-1", requests.get(1), 1, REPLY_MS);
        await().atMost(WAIT).until(() -> rig.heard.count(ACLMessage.INFORM, "again-1") == 1);
        SlotPlan late1 = decider.decideLate(0, servers, granted, Set.of(), requests.get(1));
        OffloadingDecision d1 = rig.heard.decision("again-1");
        assertThat(d1).isEqualTo(late1.answers().get(0));
        assertThat(d1.note()).contains("decided late");
        assertThat(d1.isLocal()).as("on the server ue-0 left free, not local").isFalse();
        assertThat(rig.log().count("ue-1 asked in slot 0 after it was decided")).isEqualTo(1);
        late1.allocations().forEach((j, a) -> granted.merge(j, a.totalShare(), Double::sum));

        // ue-2 too: on what is left after ue-0 and ue-1; never more than a whole server
        Heard.ask(ues[2], "again-2", requests.get(2), 2, REPLY_MS);
        await().atMost(WAIT).until(() -> rig.heard.count(ACLMessage.INFORM, "again-2") == 1);
        SlotPlan late2 = decider.decideLate(0, servers, granted, Set.of(), requests.get(2));
        OffloadingDecision d2 = rig.heard.decision("again-2");
        assertThat(d2).isEqualTo(late2.answers().get(0));
        late2.allocations().forEach((j, a) -> granted.merge(j, a.totalShare(), Double::sum));
        assertThat(granted.values()).allMatch(g -> g <= 1 + 1e-9);

        // ue-1 asks once more (its late decision was lost too): the same decision, never a second one
        Heard.ask(ues[1], "later-1", requests.get(1), 1, REPLY_MS);
        await().atMost(WAIT).until(() -> rig.heard.count(ACLMessage.INFORM, "later-1") == 1);
        assertThat(rig.heard.decision("later-1")).isEqualTo(d1);
        assertThat(rig.log().count("after it was decided")).isEqualTo(2);
        assertThat(rig.log().count("decided late (2 in slot 0 so far)")).isEqualTo(1);

        // a request whose UE no longer waits for it (its reply-by is past): refused as before
        ACLMessage stale = Heard.request("stale-3", requests.get(3), 3, REPLY_MS);
        stale.setReplyByDate(new java.util.Date(System.currentTimeMillis() - 1_000));
        ues[3].putO2AObject(stale, AgentController.ASYNC);
        await().atMost(WAIT).until(() -> rig.heard.count(ACLMessage.REFUSE, "stale-3") == 1);
        assertThat(LamboAcl.reason(rig.heard.only(ACLMessage.REFUSE, "stale-3")))
                .isEqualTo("slot 0 is already decided");

        // the clock closes slot 0: a request for it is refused, and the slot's line counts its late decisions
        rig.startSlot(open.clock(), 1);
        rig.log().await("to slot 1's start", 1, WAIT);
        assertThat(rig.log().count("; 2 decided late in slot 0")).isEqualTo(1);
        Heard.ask(ues[4], "over-4", requests.get(4), 4, REPLY_MS);
        await().atMost(WAIT).until(() -> rig.heard.count(ACLMessage.REFUSE, "over-4") == 1);
        assertThat(LamboAcl.reason(rig.heard.only(ACLMessage.REFUSE, "over-4")))
                .isEqualTo("slot 0 is over (slot 1 is open)");
        assertThat(rig.heard.count(ACLMessage.INFORM, "stale-3") + rig.heard.count(ACLMessage.INFORM, "over-4"))
                .isZero();
    }
}
