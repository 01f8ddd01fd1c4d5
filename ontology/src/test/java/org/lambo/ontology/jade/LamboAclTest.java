package org.lambo.ontology.jade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jade.core.AID;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import org.junit.jupiter.api.Test;
import org.lambo.ontology.MalformedMessageException;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.Samples;
import org.lambo.ontology.SlotStart;
import org.lambo.ontology.TaskReport;

class LamboAclTest {
    private final AID orchestrator = new AID("orchestrator@lambo-test", AID.ISGUID);

    @Test
    void aBuiltMessageReadsBackAsItsRecord() {
        SlotStart start = new SlotStart(3, 10, 2);
        ACLMessage msg = LamboAcl.build(ACLMessage.INFORM, "lambo-slot", start, orchestrator);
        assertThat(msg.getLanguage()).isEqualTo(LamboAcl.LANGUAGE);
        assertThat(msg.getOntology()).isEqualTo(LamboAcl.ONTOLOGY);
        assertThat(LamboAcl.read(msg, SlotStart.class)).isEqualTo(start);
        assertThat(LamboAcl.template("lambo-slot", ACLMessage.INFORM).match(msg))
                .isTrue();
        assertThat(LamboAcl.template("lambo-slot", ACLMessage.REQUEST).match(msg))
                .isFalse();
    }

    @Test
    void aReplyKeepsTheConversationAndSetsTheDeadline() {
        ACLMessage req = LamboAcl.build(
                ACLMessage.REQUEST,
                FIPANames.InteractionProtocol.FIPA_REQUEST,
                "c-1",
                5000,
                new SlotStart(0, 1, 1),
                orchestrator);
        assertThat(req.getReplyByDate()).isAfter(new java.util.Date());
        ACLMessage reply = LamboAcl.reply(req, ACLMessage.AGREE, new SlotStart(0, 1, 1));
        assertThat(reply.getConversationId()).isEqualTo("c-1");
        assertThat(reply.getInReplyTo()).isEqualTo(req.getReplyWith());
        assertThat(reply.getProtocol()).isEqualTo(FIPANames.InteractionProtocol.FIPA_REQUEST);
    }

    @Test
    void contentInAnotherLanguageOrOfAnotherTypeIsNotUnderstood() {
        ACLMessage xml = new ACLMessage(ACLMessage.REQUEST);
        xml.setLanguage("xml");
        xml.setOntology(LamboAcl.ONTOLOGY);
        xml.setContent("<slot-start/>");
        assertThatThrownBy(() -> LamboAcl.read(xml, SlotStart.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("'language'")
                .hasMessageContaining("xml");
        ACLMessage sl = new ACLMessage(ACLMessage.REQUEST);
        sl.setLanguage(LamboAcl.SL);
        sl.setOntology(LamboAcl.ONTOLOGY);
        sl.setContent("((action ...))");
        assertThatThrownBy(() -> LamboAcl.read(sl, SlotStart.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("is not FIPA-SL");
        ACLMessage other = LamboAcl.build(ACLMessage.REQUEST, null, new SlotStart(0, 1, 1), orchestrator);
        assertThatThrownBy(() -> LamboAcl.read(other, OffloadingRequest.class))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void aReplyAnswersInTheLanguageItWasAskedIn() {
        AID ue = new AID("ue-3@lambo-test", AID.ISGUID);
        ACLMessage request = LamboAcl.build(
                LamboAcl.Language.SL,
                ACLMessage.REQUEST,
                FIPANames.InteractionProtocol.FIPA_REQUEST,
                Samples.everyType().get(1),
                orchestrator);
        request.setSender(ue);
        assertThat(request.getLanguage()).isEqualTo(LamboAcl.SL);
        assertThat(LamboAcl.read(request, OffloadingRequest.class))
                .isEqualTo(Samples.everyType().get(1));
        OffloadingDecision decision = new OffloadingDecision(4, "ue-3", "t4-ue3", 0, "", 0, 11.25, 0.8, "");
        ACLMessage inform = LamboAcl.reply(request, ACLMessage.INFORM, decision);
        assertThat(inform.getLanguage()).isEqualTo(LamboAcl.SL);
        assertThat(inform.getContent()).startsWith("((offloading-decision 4 ue-3 t4-ue3 0 \"\" 0.0 11.25 0.8 \"\"))");
        assertThat(LamboAcl.read(inform, OffloadingDecision.class)).isEqualTo(decision);
        ACLMessage json =
                LamboAcl.build(ACLMessage.REQUEST, null, Samples.everyType().get(1), orchestrator);
        json.setSender(ue);
        assertThat(LamboAcl.reply(json, ACLMessage.INFORM, decision).getLanguage())
                .isEqualTo(LamboAcl.LANGUAGE);
    }

    @Test
    void slRefusesAPredicateWhoseAbsentSlotPrecedesAPresentOne() {
        // completed without a decision: no predictions, realised costs present
        TaskReport report = TaskReport.builder(1, "ue-0", 0, "t1-ue0")
                .decision(0, 0, null, null)
                .completed(2.0, 1.0)
                .build();
        assertThatThrownBy(() -> LamboAcl.build(LamboAcl.Language.SL, ACLMessage.INFORM, null, report, orchestrator))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("by position")
                .hasMessageContaining("lambo-json");
        assertThat(LamboAcl.read(LamboAcl.build(ACLMessage.INFORM, null, report, orchestrator), TaskReport.class))
                .isEqualTo(report);
    }

    @Test
    void aTemplateMatchesOnTheHeaderAloneAndNeverReadsTheContent() {
        ACLMessage msg = LamboAcl.build(ACLMessage.INFORM, "lambo-slot", new SlotStart(3, 10, 2), orchestrator);
        msg.setContent("x".repeat(1 << 20)); // a megabyte of anything: matching it costs what matching a header costs
        assertThat(LamboAcl.template("lambo-slot", ACLMessage.INFORM).match(msg))
                .isTrue();
        assertThatThrownBy(() -> LamboAcl.read(msg, SlotStart.class)).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void contentOverTheLimitIsDroppedOnArrivalAndRefusedNamingItsSizeBeforeAnyParse() {
        ACLMessage big = LamboAcl.build(ACLMessage.INFORM, "lambo-slot", new SlotStart(3, 10, 2), orchestrator);
        big.setContent("{" + " ".repeat(1_000_000) + "}");
        assertThat(LamboAcl.stripOversize(big, LamboAcl.MAX_CONTENT)).isTrue();
        assertThat(big.getContent()).isNull();
        assertThat(LamboAcl.contentSize(big)).isEqualTo(1_000_002);
        assertThatThrownBy(() -> LamboAcl.read(big, SlotStart.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("content of 1000002 characters is over the limit of 65536 characters");
        assertThatThrownBy(() -> LamboAcl.read(big)).hasMessageContaining("over the limit");

        ACLMessage small = LamboAcl.build(ACLMessage.INFORM, "lambo-slot", new SlotStart(3, 10, 2), orchestrator);
        small.addUserDefinedParameter(LamboAcl.OVERSIZE, "9/1"); // set by a sender: removed on arrival
        assertThat(LamboAcl.stripOversize(small, LamboAcl.MAX_CONTENT)).isFalse();
        assertThat(LamboAcl.read(small, SlotStart.class)).isEqualTo(new SlotStart(3, 10, 2));
    }

    @Test
    void aPeersReasonIsCutToItsLimit() {
        ACLMessage failure = new ACLMessage(ACLMessage.FAILURE);
        failure.setContent("r".repeat(5_000));
        assertThat(LamboAcl.reason(failure))
                .hasSizeLessThan(LamboAcl.MAX_REASON + 40)
                .endsWith("(5000 characters)");
        assertThat(LamboAcl.reason(new ACLMessage(ACLMessage.FAILURE))).isEmpty();
    }
}
