package org.lambo.agents;

import static org.assertj.core.api.Assertions.assertThat;

import jade.core.AID;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import org.junit.jupiter.api.Test;
import org.lambo.ontology.SlotStart;
import org.lambo.ontology.jade.LamboAcl;

class GuardedQueueTest {
    private final Discipline discipline = new Discipline();
    private final GuardedQueue queue = new GuardedQueue("orchestrator", 3, 100, discipline);

    private static ACLMessage message(int performative, String content) {
        ACLMessage m = new ACLMessage(performative);
        m.setSender(new AID("hostile@lambo", AID.ISGUID));
        m.setContent(content);
        return m;
    }

    @Test
    void aFullQueueDropsTheArrivingMessageNotTheOldestAndCountsIt() {
        ACLMessage first = message(ACLMessage.INFORM, "1");
        queue.addLast(first);
        queue.addLast(message(ACLMessage.INFORM, "2"));
        queue.addLast(message(ACLMessage.INFORM, "3"));
        queue.addLast(message(ACLMessage.INFORM, "4"));
        assertThat(queue.size()).isEqualTo(3);
        assertThat(queue.receive(null)).isSameAs(first);
        assertThat(discipline.count(Discipline.Kind.QUEUE_FULL)).isEqualTo(1);
        assertThat(discipline.lastReason(Discipline.Kind.QUEUE_FULL))
                .contains("orchestrator's queue holds 3 messages: dropped a INFORM from hostile");
    }

    @Test
    void contentOverTheLimitIsDroppedOnArrivalAndItsSizeKept() {
        ACLMessage big =
                LamboAcl.build(ACLMessage.INFORM, "lambo-slot", new SlotStart(1, 1, 1), new AID("x@lambo", AID.ISGUID));
        big.setContent("y".repeat(1_000));
        queue.addLast(big);
        ACLMessage got = queue.receive(MessageTemplate.MatchPerformative(ACLMessage.INFORM));
        assertThat(got.getContent()).isNull();
        assertThat(LamboAcl.oversize(got))
                .get()
                .asString()
                .isEqualTo("content of 1000 characters is over the limit of 100 characters");
    }

    @Test
    void receiveTakesTheFirstMatchInOrderAndLeavesTheRest() {
        queue.addLast(message(ACLMessage.INFORM, "a"));
        queue.addLast(message(ACLMessage.REQUEST, "b"));
        queue.addFirst(message(ACLMessage.REQUEST, "c"));
        assertThat(queue.receive(MessageTemplate.MatchPerformative(ACLMessage.REQUEST))
                        .getContent())
                .isEqualTo("c");
        assertThat(queue.receive(MessageTemplate.MatchPerformative(ACLMessage.CFP)))
                .isNull();
        assertThat(queue.size()).isEqualTo(2);
        jade.util.leap.List copy = new jade.util.leap.ArrayList();
        queue.copyTo(copy);
        assertThat(copy.size()).isEqualTo(2);
    }

    @Test
    void disciplineCountsByKindAndPublishesPerAgent() {
        Discipline d = new Discipline();
        d.count(Discipline.Kind.WRONG_SENDER, "only the trial's clock starts slots, not hostile");
        d.count(Discipline.Kind.WRONG_SENDER, "again");
        d.count(Discipline.Kind.STRAY_REPLY, null);
        assertThat(d.counts())
                .containsEntry(Discipline.Kind.WRONG_SENDER, 2L)
                .containsEntry(Discipline.Kind.STRAY_REPLY, 1L)
                .hasSize(2);
        assertThat(d.total()).isEqualTo(3);
        assertThat(d.lastReason(Discipline.Kind.WRONG_SENDER)).isEqualTo("again");
        Discipline.publish("ue-77", d);
        assertThat(Discipline.of("ue-77")).isSameAs(d);
        assertThat(Discipline.snapshot()).containsKey("ue-77");
    }
}
