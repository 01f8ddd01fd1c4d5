package org.lambo.ontology.jade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jade.core.AID;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import org.junit.jupiter.api.Test;
import org.lambo.ontology.MalformedMessageException;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.SlotStart;

class LamboAclTest {
    private final AID orchestrator = new AID("orchestrator@lambo-test", AID.ISGUID);

    @Test
    void aBuiltMessageReadsBackAsItsRecord() {
        SlotStart start = new SlotStart(3, 10, 2);
        ACLMessage msg = LamboAcl.build(ACLMessage.INFORM, "lambo-slot", start, orchestrator);
        assertThat(msg.getLanguage()).isEqualTo(LamboAcl.LANGUAGE);
        assertThat(msg.getOntology()).isEqualTo(LamboAcl.ONTOLOGY);
        assertThat(LamboAcl.read(msg, SlotStart.class)).isEqualTo(start);
        assertThat(LamboAcl.template("lambo-slot", ACLMessage.INFORM).match(msg)).isTrue();
        assertThat(LamboAcl.template("lambo-slot", ACLMessage.REQUEST).match(msg)).isFalse();
    }

    @Test
    void aReplyKeepsTheConversationAndSetsTheDeadline() {
        ACLMessage req = LamboAcl.build(ACLMessage.REQUEST, FIPANames.InteractionProtocol.FIPA_REQUEST, "c-1", 5000,
                new SlotStart(0, 1, 1), orchestrator);
        assertThat(req.getReplyByDate()).isAfter(new java.util.Date());
        ACLMessage reply = LamboAcl.reply(req, ACLMessage.AGREE, new SlotStart(0, 1, 1));
        assertThat(reply.getConversationId()).isEqualTo("c-1");
        assertThat(reply.getInReplyTo()).isEqualTo(req.getReplyWith());
        assertThat(reply.getProtocol()).isEqualTo(FIPANames.InteractionProtocol.FIPA_REQUEST);
    }

    @Test
    void contentInAnotherLanguageOrOfAnotherTypeIsNotUnderstood() {
        ACLMessage sl = new ACLMessage(ACLMessage.REQUEST);
        sl.setLanguage("fipa-sl");
        sl.setOntology(LamboAcl.ONTOLOGY);
        sl.setContent("((action ...))");
        assertThatThrownBy(() -> LamboAcl.read(sl, SlotStart.class))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("'language'").hasMessageContaining("fipa-sl");
        ACLMessage other = LamboAcl.build(ACLMessage.REQUEST, null, new SlotStart(0, 1, 1), orchestrator);
        assertThatThrownBy(() -> LamboAcl.read(other, OffloadingRequest.class)).isInstanceOf(MalformedMessageException.class);
    }
}
