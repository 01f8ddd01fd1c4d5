package org.lambo.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jade.core.AID;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The posts' rules without a container: what a batch carries, who may send what through a post, whom a UE believes. */
class RelayTest {
    private static AID CLOCK;
    private static AID ORCHESTRATOR;

    /** Local names need a platform's name (JADE sets it when a container starts; none runs here). */
    @BeforeAll
    static void namesOnSomePlatform() {
        jade.core.PlatformName.orElse("relay-test");
        CLOCK = Peers.clock();
        ORCHESTRATOR = new AID(ServiceTypes.ORCHESTRATOR_NAME, AID.ISLOCALNAME);
    }

    private static ACLMessage decision(int ue, String content) {
        ACLMessage m = new ACLMessage(ACLMessage.INFORM);
        m.addReceiver(Peers.ue(ue));
        m.setProtocol(FIPANames.InteractionProtocol.FIPA_REQUEST);
        m.setConversationId("offload-t" + ue);
        m.setInReplyTo("offload-t" + ue + "-123");
        m.setLanguage("lambo-json");
        m.setOntology("lambo");
        m.setContent(content);
        return m;
    }

    private static ACLMessage slotStart(int ue) {
        ACLMessage m = new ACLMessage(ACLMessage.INFORM);
        m.addReceiver(Peers.ue(ue));
        m.setProtocol(ServiceTypes.SLOT_PROTOCOL);
        m.setContent("{\"slot\":3}");
        return m;
    }

    @Test
    void aBatchReadsBackEveryFieldOfEveryMessageWhateverItsContentHolds() {
        ACLMessage awkward = decision(7, "12:{\"a\":\"b:c\"} 3:x é ∑ \n\"quoted\"");
        ACLMessage bare = new ACLMessage(ACLMessage.INFORM);
        bare.addReceiver(Peers.ue(8)); // nothing else set: null fields stay null
        ACLMessage empty = decision(9, "");

        List<ACLMessage> back = Relay.unpack(Relay.pack(List.of(awkward, bare, empty)));

        assertThat(back).hasSize(3);
        ACLMessage a = back.get(0);
        assertThat(((AID) a.getAllReceiver().next()).getLocalName()).isEqualTo("ue-7");
        assertThat(a.getPerformative()).isEqualTo(ACLMessage.INFORM);
        assertThat(a.getProtocol()).isEqualTo(FIPANames.InteractionProtocol.FIPA_REQUEST);
        assertThat(a.getConversationId()).isEqualTo("offload-t7");
        assertThat(a.getInReplyTo()).isEqualTo("offload-t7-123");
        assertThat(a.getLanguage()).isEqualTo("lambo-json");
        assertThat(a.getOntology()).isEqualTo("lambo");
        assertThat(a.getContent()).isEqualTo(awkward.getContent());
        assertThat(a.getSender()).as("the post sends as itself").isNull();
        assertThat(back.get(1).getProtocol()).isNull();
        assertThat(back.get(1).getContent()).isNull();
        assertThat(back.get(2).getContent()).isEmpty();
    }

    @Test
    void aBatchThatDoesNotReadIsRefusedWholeSayingWhere() {
        String good = Relay.pack(List.of(decision(1, "{}")));
        assertThatThrownBy(() -> Relay.unpack(good.substring(0, good.length() - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch message 0")
                .hasMessageContaining("past the content's end");
        assertThatThrownBy(() -> Relay.unpack("x:abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length 'x'");
        assertThatThrownBy(() -> Relay.unpack(good + "garbage"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch message 1");
        assertThatThrownBy(() -> Relay.unpack(good.replaceFirst("1:" + ACLMessage.INFORM, "2:99")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("performative is 99");
        assertThatThrownBy(() -> Relay.unpack(null)).isInstanceOf(IllegalArgumentException.class);

        List<ACLMessage> many = new ArrayList<>();
        for (int i = 0; i <= Relay.MOST_PER_BATCH; i++) many.add(slotStart(i));
        assertThatThrownBy(() -> Relay.unpack(Relay.pack(many)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most " + Relay.MOST_PER_BATCH);
    }

    @Test
    void aPostHandsOnTheClocksSlotStartsAndTheOrchestratorsDecisionsToUesOnly() {
        assertThat(Relay.refusal(CLOCK, slotStart(1))).isEmpty();
        assertThat(Relay.refusal(ORCHESTRATOR, decision(1, "{}"))).isEmpty();

        // the clock does not decide, the orchestrator does not start slots
        assertThat(Relay.refusal(CLOCK, decision(1, "{}"))).get().asString().contains("slot-starts only");
        assertThat(Relay.refusal(ORCHESTRATOR, slotStart(1))).get().asString().contains("decisions only");
        // a decision is a reply to a UE's request
        ACLMessage unasked = decision(1, "{}");
        unasked.setInReplyTo(null);
        assertThat(Relay.refusal(ORCHESTRATOR, unasked)).isPresent();
        // INFORMs only: a FAILURE goes directly
        ACLMessage failure = decision(1, "no");
        failure.setPerformative(ACLMessage.FAILURE);
        assertThat(Relay.refusal(ORCHESTRATOR, failure)).get().asString().contains("INFORMs only");
        // to a UE, one at a time
        ACLMessage toServer = decision(1, "{}");
        toServer.clearAllReceiver();
        toServer.addReceiver(Peers.server(1));
        assertThat(Relay.refusal(ORCHESTRATOR, toServer)).get().asString().contains("server-1");
        ACLMessage toTwo = decision(1, "{}");
        toTwo.addReceiver(Peers.ue(2));
        assertThat(Relay.refusal(ORCHESTRATOR, toTwo)).get().asString().contains("exactly one receiver");
        // from nobody else
        assertThat(Relay.refusal(new AID("ue-5", AID.ISLOCALNAME), decision(1, "{}")))
                .get()
                .asString()
                .contains("not from ue-5");
        assertThat(Relay.refusal(new AID("post.Container-1", AID.ISLOCALNAME), slotStart(1)))
                .isPresent();
    }

    @Test
    void aUeBelievesARelayedMessageOnlyFromThePostOfItsOwnContainer() {
        AID myPost = new AID(Relay.postName("Container-1"), AID.ISLOCALNAME);
        AID otherPost = new AID(Relay.postName("Container-2"), AID.ISLOCALNAME);

        ACLMessage relayed = decision(1, "{}");
        relayed.setSender(myPost);
        relayed.addUserDefinedParameter(Relay.FROM, ServiceTypes.ORCHESTRATOR_NAME);
        assertThat(Peers.is(Relay.origin(relayed, myPost), ORCHESTRATOR)).isTrue();

        // another container's post, or anyone else naming a FROM, speaks for itself
        relayed.setSender(otherPost);
        assertThat(Relay.origin(relayed, myPost)).isEqualTo(otherPost);
        AID intruder = new AID("ue-9", AID.ISLOCALNAME);
        relayed.setSender(intruder);
        assertThat(Relay.origin(relayed, myPost)).isEqualTo(intruder);

        // sent directly: its sender
        ACLMessage direct = decision(1, "{}");
        direct.setSender(ORCHESTRATOR);
        assertThat(Relay.origin(direct, myPost)).isEqualTo(ORCHESTRATOR);
        // the post's own message without a FROM is the post's, not the orchestrator's
        ACLMessage own = decision(1, "{}");
        own.setSender(myPost);
        assertThat(Relay.origin(own, myPost)).isEqualTo(myPost);
    }

    @Test
    void aPostIsNamedAfterItsContainerInCharactersJadeTakes() {
        assertThat(Relay.postName("Container-1")).isEqualTo("post.Container-1");
        assertThat(Relay.postName("ues 0..499@host:7")).isEqualTo("post.ues_0__499_host_7");
        assertThat(Relay.isPostOf("post.Container-1", "Container-1")).isTrue();
        assertThat(Relay.isPostOf("post.Container-1", "Container-2")).isFalse();
        assertThat(Relay.isPostOf("post.Container-1", "")).isFalse();
        assertThatThrownBy(() -> Relay.postName(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("container's name");
    }
}
