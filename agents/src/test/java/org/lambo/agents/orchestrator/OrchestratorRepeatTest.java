package org.lambo.agents.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lambo.agents.testing.ProbeAgent;
import org.lambo.mec.Instance;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.jade.LamboAcl;

/**
 * A UE that heard nothing asks again (its decision may have been lost on a cut connection): a real orchestrator and
 * real edge servers, a probe as the clock and stand-ins under the UEs' names. A repeat before the slot is decided is
 * remembered (nothing is sent before the decision: no AGREE) and the decision goes to the latest conversation only; a
 * repeat after it gets the same decision again; a different second request is refused; nobody else gets a UE's
 * decision. The collection deadline is a minute, longer than the test waits: the slot is decided when every UE has
 * asked.
 */
class OrchestratorRepeatTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long COLLECT_MS = 60_000;

    @RegisterExtension
    final OrchestratorRig rig = new OrchestratorRig();

    @Test
    void aRepeatedRequestGetsTheSameDecisionOnItsLatestConversationAndNeverASecondOne() throws Exception {
        OrchestratorRig.OpenSlot open = rig.openSlot0(COLLECT_MS, 3_000, WAIT);
        Instance slot0 = open.slot();
        AgentController[] ues = open.ues();
        List<OffloadingRequest> requests = open.requests();
        AgentController stranger = rig.platform().startAgent("stranger", ProbeAgent.class, rig.heard.inbox);

        // every UE but the last asks; ue-0 asks again before the slot is decided: remembered, not answered yet
        // (no AGREE: the orchestrator's log says when it took each)
        for (int i = 0; i < slot0.n() - 1; i++) ask(ues[i], "first-" + i, requests.get(i), i);
        rig.log().await("asks in slot 0 (first-", slot0.n() - 1, WAIT);
        ask(ues[0], "again-0", requests.get(0), 0);
        rig.log().await("ue-0 asks again in slot 0 (again-0) before it is decided", 1, WAIT);
        assertThat(rig.heard.count(ACLMessage.INFORM, ""))
                .as("nothing answered before the slot is decided")
                .isZero();

        // the last UE asks: the slot is decided; ue-0's decision goes to its latest conversation only
        int last = slot0.n() - 1;
        ask(ues[last], "first-" + last, requests.get(last), last);
        await().atMost(WAIT)
                .until(() -> rig.heard.count(ACLMessage.INFORM, "first-") == slot0.n() - 1
                        && rig.heard.count(ACLMessage.INFORM, "again-0") == 1);
        OffloadingDecision decided = rig.heard.decision("again-0");
        assertThat(decided.ue()).isEqualTo("ue-0");
        assertThat(rig.heard.count(ACLMessage.INFORM, "first-0"))
                .as("not also on the conversation it gave up on")
                .isZero();
        assertThat(rig.heard.count(ACLMessage.AGREE, ""))
                .as("FIPA-Request without AGREE")
                .isZero();

        // after the decision: ue-1 asks again and gets the decision it was given, on the new conversation
        OffloadingDecision first1 = rig.heard.decision("first-1");
        ask(ues[1], "later-1", requests.get(1), 1);
        await().atMost(WAIT).until(() -> rig.heard.count(ACLMessage.INFORM, "later-1") == 1);
        assertThat(rig.heard.decision("later-1"))
                .as("the same decision, not a second one")
                .isEqualTo(first1);

        // ue-2 asks again with another task: refused, its decision stands
        OffloadingRequest forged =
                new OffloadingRequest(0, requests.get(2).ue(), requests.get(3).task());
        ask(ues[2], "other-2", forged, 2);
        await().atMost(WAIT).until(() -> rig.heard.count(ACLMessage.REFUSE, "other-2") == 1);
        assertThat(LamboAcl.reason(rig.heard.only(ACLMessage.REFUSE, "other-2")))
                .isEqualTo("ue-2 has already asked in slot 0 with another request");

        // an agent that is not ue-3 asking ue-3's question again gets no decision: neither a stranger nor another
        // UE
        ask(stranger, "stranger-3", requests.get(3), 3);
        ask(ues[4], "ue4-as-3", requests.get(3), 3);
        await().atMost(WAIT)
                .until(() -> rig.heard.count(ACLMessage.REFUSE, "stranger-3") == 1
                        && rig.heard.count(ACLMessage.REFUSE, "ue4-as-3") == 1);
        assertThat(rig.heard.count(ACLMessage.INFORM, "stranger-3") + rig.heard.count(ACLMessage.INFORM, "ue4-as-3"))
                .isZero();
        assertThat(LamboAcl.reason(rig.heard.only(ACLMessage.REFUSE, "stranger-3")))
                .isEqualTo("offloading requests are taken only from the UEs (ue-i), not stranger");
        assertThat(LamboAcl.reason(rig.heard.only(ACLMessage.REFUSE, "ue4-as-3")))
                .isEqualTo("the request of UE 3 (ue-3) is taken only from ue-3, not ue-4");
    }

    private void ask(AgentController from, String conversation, OffloadingRequest r, int lane) throws Exception {
        Heard.ask(from, conversation, r, lane, COLLECT_MS);
    }
}
