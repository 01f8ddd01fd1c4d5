package org.lambo.agents;

import static org.assertj.core.api.Assertions.assertThat;

import jade.core.AID;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.lambo.ontology.jade.LamboAcl;
import org.lambo.rng.Seeds;

/** The {@link GuardedQueue}'s index: a receive looks only at its template's candidates and takes the same message. */
class QueueIndexTest {
    private final Discipline discipline = new Discipline();

    private GuardedQueue agentQueue() {
        return GuardedQueueTest.agentQueue("orchestrator", discipline);
    }

    private static ACLMessage message(String sender, int performative, String protocol, String conversation) {
        ACLMessage m = new ACLMessage(performative);
        m.setSender(new AID(sender, AID.ISGUID));
        m.setOntology(LamboAcl.ONTOLOGY);
        m.setProtocol(protocol);
        m.setConversationId(conversation);
        m.setContent(conversation);
        return m;
    }

    /**
     * 9,000 requests from ue-0 ... ue-39 (225 each: tiers 0 to 31), as the orchestrator holds them in a 10,000-UE slot.
     */
    private static void requests(GuardedQueue q) {
        for (int k = 0; k < 225; k++) {
            for (int u = 0; u < 40; u++) {
                q.addLast(message("ue-" + u + "@lambo", ACLMessage.REQUEST, "fipa-request", "req-" + u + "-" + k));
            }
        }
    }

    /** {@code template} and a part that counts the messages the queue evaluated it on. */
    private static MessageTemplate counted(MessageTemplate template, AtomicInteger evaluated) {
        return MessageTemplate.and(template, new MessageTemplate(m -> evaluated.incrementAndGet() > 0));
    }

    @Test
    void aReceiveLooksOnlyAtTheMessagesItsTemplateCanMatchHoweverLongTheQueue() {
        GuardedQueue q = agentQueue();
        requests(q);
        // a server's state, behind every request of ue-0's in its deepest tier
        for (int k = 0; k < 40; k++) q.addLast(message("server-1@lambo", ACLMessage.INFORM, "lambo-state", "st-" + k));
        assertThat(q.size()).isEqualTo(9_040);

        AtomicInteger evaluated = new AtomicInteger();
        MessageTemplate states = counted(LamboAcl.template("lambo-state", ACLMessage.INFORM), evaluated);
        assertThat(q.receive(states).getContent()).isEqualTo("st-0");
        assertThat(evaluated).as("one candidate, not 9,000 requests").hasValue(1);

        evaluated.set(0);
        MessageTemplate starts = counted(LamboAcl.template("lambo-slot", ACLMessage.INFORM), evaluated);
        assertThat(q.receive(starts)).isNull();
        assertThat(evaluated).as("no message of that protocol: none looked at").hasValue(0);

        evaluated.set(0);
        MessageTemplate reply = counted(
                MessageTemplate.and(
                        MessageTemplate.MatchConversationId("req-39-224"),
                        MessageTemplate.not(MessageTemplate.MatchPerformative(ACLMessage.CFP))),
                evaluated);
        assertThat(q.receive(reply).getSender().getLocalName()).isEqualTo("ue-39");
        assertThat(evaluated)
                .as("the last request of all, found by its conversation")
                .hasValue(1);

        evaluated.set(0);
        MessageTemplate request = counted(LamboAcl.template("fipa-request", ACLMessage.REQUEST), evaluated);
        assertThat(q.receive(request).getContent()).isEqualTo("req-0-0");
        assertThat(evaluated).hasValue(1);
        assertThat(q.size()).isEqualTo(9_037);
    }

    @Test
    void theCatchAllLooksOnlyAtWhatNoOtherBehaviourTakes() {
        GuardedQueue q = agentQueue();
        MessageTemplate handled = MessageTemplate.or(
                LamboAcl.template("fipa-request", ACLMessage.REQUEST),
                LamboAcl.template("lambo-state", ACLMessage.INFORM));
        q.addLast(message("intruder@lambo", ACLMessage.INFORM, "made-up", "before"));
        requests(q);
        AtomicInteger evaluated = new AtomicInteger();
        MessageTemplate unknown = GuardedQueue.unclaimed(handled, m -> evaluated.incrementAndGet() > 0);
        // registered now, with 9,001 messages queued: the one no template handles is found, then those that come
        assertThat(q.receive(unknown).getContent()).isEqualTo("before");
        assertThat(q.receive(unknown)).isNull();
        q.addLast(message("ue-3@lambo", ACLMessage.INFORM, "lambo-state", "handled"));
        q.addLast(message("ue-3@lambo", ACLMessage.QUERY_IF, "fipa-query", "after"));
        q.addFirst(message("ue-4@lambo", ACLMessage.CFP, "fipa-request", "put-back"));
        assertThat(q.receive(unknown).getContent()).isEqualTo("put-back");
        assertThat(q.receive(unknown).getContent()).isEqualTo("after");
        assertThat(q.receive(unknown)).isNull();
        assertThat(evaluated)
                .as("only the three unclaimed messages were looked at")
                .hasValue(3);
        assertThat(q.size()).isEqualTo(9_001);
        assertThat(q.receive(LamboAcl.template("lambo-state", ACLMessage.INFORM))
                        .getContent())
                .isEqualTo("handled");
    }

    @Test
    void jadesTemplatesAreReadAsTheirRequiredFieldsAndAnythingElseRequiresNothing() {
        assertThat(TemplateIndex.readable())
                .as("JADE 4.3's MessageTemplate read by reflection")
                .isTrue();
        Object[] lambo = TemplateIndex.required(LamboAcl.template("Lambo-Slot", ACLMessage.INFORM));
        assertThat(lambo[TemplateIndex.PERFORMATIVE]).isEqualTo(ACLMessage.INFORM);
        assertThat(lambo[TemplateIndex.PROTOCOL]).isEqualTo("lambo-slot");
        // JADE's protocol initiators: their conversation and not the message they sent
        Object[] initiator = TemplateIndex.required(MessageTemplate.and(
                MessageTemplate.MatchConversationId("C42_1"),
                MessageTemplate.not(MessageTemplate.MatchCustom(new ACLMessage(ACLMessage.REQUEST), true))));
        assertThat(initiator[TemplateIndex.CONVERSATION]).isEqualTo("c42_1");
        assertThat(initiator[TemplateIndex.PERFORMATIVE]).isNull();
        // the AMS subscriber's replies
        Object[] ams = TemplateIndex.required(MessageTemplate.and(
                MessageTemplate.MatchLanguage("fipa-sl0"),
                MessageTemplate.and(
                        MessageTemplate.MatchInReplyTo("sub-1"),
                        MessageTemplate.MatchPerformative(ACLMessage.INFORM))));
        assertThat(ams[TemplateIndex.IN_REPLY_TO]).isEqualTo("sub-1");
        Object[] either = TemplateIndex.required(MessageTemplate.or(
                MessageTemplate.MatchProtocol("a"), MessageTemplate.MatchPerformative(ACLMessage.INFORM)));
        Object[] negated = TemplateIndex.required(MessageTemplate.not(MessageTemplate.MatchProtocol("a")));
        for (int d = 1; d < TemplateIndex.KEYED_DIMS; d++) {
            assertThat(either[d]).isNull();
            assertThat(negated[d]).isNull();
        }
    }

    @Test
    void fieldsMatchAsJadeComparesThemIgnoringCase() {
        GuardedQueue q = agentQueue();
        q.addLast(message("ue-1@lambo", ACLMessage.REQUEST, "FIPA-Request", "Conv-\u212A")); // Kelvin sign
        q.addLast(message("ue-2@lambo", ACLMessage.REQUEST, "fipa-request", "conv-\u00DF"));
        MessageTemplate kelvin = MessageTemplate.MatchConversationId("CONV-k");
        assertThat(kelvin.match(message("x@lambo", ACLMessage.REQUEST, null, "Conv-\u212A")))
                .as("JADE's own comparison")
                .isTrue();
        assertThat(q.receive(kelvin).getSender().getLocalName()).isEqualTo("ue-1");
        assertThat(q.receive(MessageTemplate.MatchConversationId("CONV-\u00DF"))
                        .getSender()
                        .getLocalName())
                .isEqualTo("ue-2");
    }

    /**
     * Random messages (a few senders, performatives, protocols and conversations in two cases, some put back first) and
     * random templates (and, or, not of JADE's matches): every receive takes exactly the message a scan of the whole
     * queue in its order would ({@link GuardedQueue#copyTo}), and the queue's order and bounds are kept.
     */
    @Test
    void everyReceiveTakesWhatAScanOfTheWholeQueueInOrderWould() {
        RandomGenerator rnd = Seeds.stream(12, "queue-index");
        GuardedQueue q = new GuardedQueue("orchestrator", 400, 40, 60, LamboAcl.MAX_CONTENT, discipline);
        String[] senders = {"ue-0", "ue-1", "ue-2", "server-1", "trial-clock", "ams", "intruder", "made-up"};
        int[] performatives = {ACLMessage.REQUEST, ACLMessage.INFORM, ACLMessage.AGREE, ACLMessage.FAILURE};
        String[] protocols = {"fipa-request", "FIPA-REQUEST", "lambo-state", "lambo-slot", null};
        String[] ids = {"c1", "C1", "c2", "c3", null};
        MessageTemplate handled = MessageTemplate.or(
                LamboAcl.template("lambo-state", ACLMessage.INFORM), MessageTemplate.MatchConversationId("c1"));
        MessageTemplate unknown = GuardedQueue.unclaimed(handled, m -> m.getInReplyTo() == null);
        int taken = 0;
        for (int step = 0; step < 20_000; step++) {
            if (rnd.nextInt(3) > 0) {
                ACLMessage m = message(
                        senders[rnd.nextInt(senders.length)] + "@lambo",
                        performatives[rnd.nextInt(performatives.length)],
                        protocols[rnd.nextInt(protocols.length)],
                        ids[rnd.nextInt(ids.length)]);
                if (rnd.nextInt(4) == 0) m.setInReplyTo(ids[rnd.nextInt(ids.length)]);
                if (rnd.nextInt(20) == 0) q.addFirst(m);
                else q.addLast(m);
                continue;
            }
            MessageTemplate t = rnd.nextInt(8) == 0 ? unknown : template(rnd, protocols, ids, performatives, 2);
            jade.util.leap.List order = new jade.util.leap.ArrayList();
            q.copyTo(order);
            ACLMessage expected = null;
            for (int k = 0; k < order.size() && expected == null; k++) {
                ACLMessage m = (ACLMessage) order.get(k);
                if (t.match(m)) expected = m;
            }
            int before = q.size();
            ACLMessage got = q.receive(t);
            assertThat(got).as("step %d: %s", step, t).isSameAs(expected);
            assertThat(q.size()).isEqualTo(got == null ? before : before - 1);
            if (got != null) taken++;
        }
        assertThat(taken).as("the templates took messages").isGreaterThan(1_000);
        assertThat(q.size()).isLessThanOrEqualTo(400);
    }

    private static MessageTemplate template(
            RandomGenerator rnd, String[] protocols, String[] ids, int[] performatives, int depth) {
        int kind = rnd.nextInt(depth > 0 ? 7 : 4);
        return switch (kind) {
            case 0 -> MessageTemplate.MatchPerformative(performatives[rnd.nextInt(performatives.length)]);
            case 1 -> MessageTemplate.MatchProtocol(nonNull(protocols[rnd.nextInt(protocols.length)]));
            case 2 -> MessageTemplate.MatchConversationId(nonNull(ids[rnd.nextInt(ids.length)]));
            case 3 -> MessageTemplate.MatchInReplyTo(nonNull(ids[rnd.nextInt(ids.length)]));
            case 4 ->
                MessageTemplate.and(
                        template(rnd, protocols, ids, performatives, depth - 1),
                        template(rnd, protocols, ids, performatives, depth - 1));
            case 5 ->
                MessageTemplate.or(
                        template(rnd, protocols, ids, performatives, depth - 1),
                        template(rnd, protocols, ids, performatives, depth - 1));
            default -> MessageTemplate.not(template(rnd, protocols, ids, performatives, depth - 1));
        };
    }

    private static String nonNull(String s) {
        return s == null ? "none" : s;
    }

    @Test
    void takenMessagesLeaveNoIndexBehind() {
        GuardedQueue q = agentQueue();
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < 2_000; k++) {
            String id = "conv-" + k;
            ids.add(id);
            q.addLast(message("ue-" + (k % 20) + "@lambo", ACLMessage.REQUEST, "fipa-request", id));
        }
        for (String id : ids)
            assertThat(q.receive(MessageTemplate.MatchConversationId(id))).isNotNull();
        assertThat(q.size()).isZero();
        assertThat(q.indexed()).as("buckets left in the indexes").isZero();
        assertThat(q.held("ue-0")).isZero();
    }
}
