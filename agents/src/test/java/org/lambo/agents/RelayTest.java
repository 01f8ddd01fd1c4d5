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
import org.lambo.ontology.MalformedMessageException;
import org.lambo.ontology.jade.LamboAcl;

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
        bare.addReceiver(Peers.ue(8)); // nothing else set: the header fields stay unset
        ACLMessage empty = decision(9, "");

        ACLMessage batch = Relay.batch("post.Container-1", List.of(awkward, bare, empty));
        assertThat(batch.getLanguage()).as("the one envelope").isEqualTo(LamboAcl.LANGUAGE);
        assertThat(batch.getOntology()).isEqualTo(LamboAcl.ONTOLOGY);
        assertThat(batch.getProtocol()).isEqualTo(Relay.PROTOCOL);
        List<ACLMessage> back = Relay.unpack(batch);

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
        assertThat(back.get(1).getConversationId()).isNull();
        assertThat(back.get(1).getContent()).isEmpty();
        assertThat(back.get(2).getContent()).isEmpty();
    }

    /** A batch of one decision whose JSON content has {@code from} replaced by {@code to}. */
    private static ACLMessage edited(String from, String to) {
        ACLMessage b = Relay.batch("post.Container-1", List.of(decision(1, "{}")));
        assertThat(b.getContent()).contains(from);
        b.setContent(b.getContent().replace(from, to));
        return b;
    }

    @Test
    void aBatchThatDoesNotReadIsRefusedWholeNamingTheField() {
        assertThatThrownBy(() -> Relay.unpack(edited("\"performative\":\"inform\"", "\"performative\":\"shout\"")))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("field 'body.items[0].performative' must be a FIPA performative in lower case (inform,"
                        + " ...), got 'shout'");
        assertThatThrownBy(() -> Relay.unpack(edited("\"to\":\"ue-1\"", "\"to\":\" \"")))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("to must not be blank");
        assertThatThrownBy(() -> Relay.unpack(edited("\"to\":\"ue-1\"", "\"to\":[\"ue-1\"]")))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("body.items[0].to");
        assertThatThrownBy(() -> Relay.unpack(edited("\"to\":\"ue-1\"", "\"to\":\"ue-1\",\"sender\":\"trial-clock\"")))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("sender");
        ACLMessage cut = Relay.batch("post.Container-1", List.of(decision(1, "{}")));
        cut.setContent(cut.getContent().substring(0, cut.getContent().length() - 1));
        assertThatThrownBy(() -> Relay.unpack(cut)).isInstanceOf(MalformedMessageException.class);
        ACLMessage other = Relay.batch("post.Container-1", List.of(decision(1, "{}")));
        other.setOntology("fipa-agent-management");
        assertThatThrownBy(() -> Relay.unpack(other))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("field 'ontology'");
        ACLMessage slotStartInstead = LamboAcl.build(
                ACLMessage.INFORM, Relay.PROTOCOL, new org.lambo.ontology.SlotStart(1, 1, 1), Peers.ue(1));
        assertThatThrownBy(() -> Relay.unpack(slotStartInstead)).isInstanceOf(MalformedMessageException.class);

        List<ACLMessage> many = new ArrayList<>();
        for (int i = 0; i <= Relay.MOST_PER_BATCH; i++) many.add(slotStart(i));
        assertThatThrownBy(() -> Relay.batch("post.Container-1", many))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most " + Relay.MOST_PER_BATCH);
        ACLMessage tooMany = Relay.batch("post.Container-1", many.subList(0, Relay.MOST_PER_BATCH));
        String json = tooMany.getContent();
        // one more item, written as the writer writes the first (items are flat objects: "},{" only between two)
        String first = json.substring(json.indexOf('[') + 1, json.indexOf("},{") + 1);
        tooMany.setContent(json.replaceFirst("\\[", java.util.regex.Matcher.quoteReplacement("[" + first + ",")));
        assertThatThrownBy(() -> Relay.unpack(tooMany))
                .isInstanceOf(MalformedMessageException.class)
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
