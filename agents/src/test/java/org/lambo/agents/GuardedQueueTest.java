package org.lambo.agents;

import static org.assertj.core.api.Assertions.assertThat;

import jade.core.AID;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambo.ontology.SlotStart;
import org.lambo.ontology.jade.LamboAcl;

class GuardedQueueTest {
    private final Discipline discipline = new Discipline();
    private final GuardedQueue queue = new GuardedQueue("orchestrator", 3, 100, discipline);

    private static ACLMessage message(int performative, String content) {
        return from("hostile@lambo", performative, content);
    }

    private static ACLMessage from(String sender, int performative, String content) {
        ACLMessage m = new ACLMessage(performative);
        m.setSender(new AID(sender, AID.ISGUID));
        m.setContent(content);
        m.setConversationId(content);
        return m;
    }

    private GuardedQueue agentQueue() {
        return agentQueue("orchestrator", discipline);
    }

    /** An agent's queue as {@link GuardedAgent} makes it: 10,000 messages, 256 per sender, 2,000 from strangers. */
    static GuardedQueue agentQueue(String owner, Discipline discipline) {
        return new GuardedQueue(
                owner,
                GuardedAgent.QUEUE_SIZE,
                GuardedAgent.SENDER_SHARE,
                GuardedAgent.STRANGERS,
                LamboAcl.MAX_CONTENT,
                discipline);
    }

    private static List<ACLMessage> drain(GuardedQueue q) {
        List<ACLMessage> out = new ArrayList<>();
        for (ACLMessage m = q.receive(null); m != null; m = q.receive(null)) out.add(m);
        return out;
    }

    private static String sender(ACLMessage m) {
        return m.getSender().getLocalName();
    }

    /** 10,000 requests from {@code flooder}, and after every 200th one a request from ue-1 ... ue-50. */
    private static void flood(GuardedQueue q, String flooder) {
        for (int k = 0; k < 10_000; k++) {
            q.addLast(from(flooder + "@lambo", ACLMessage.REQUEST, "flood-" + k));
            if (k % 200 == 199) q.addLast(from("ue-" + (1 + k / 200) + "@lambo", ACLMessage.REQUEST, "ue-" + k));
        }
    }

    @Test
    void aFloodUnderAParticipantsNameKeepsItsShareAndTheOtherFiftyAreReadBeforeItsSecondMessage() {
        GuardedQueue q = agentQueue();
        flood(q, "ue-0"); // an admitted container can claim ue-0's name
        assertThat(discipline.count(Discipline.Kind.SHARE_FULL))
                .as("the flood beyond ue-0's share, dropped as it was queued")
                .isEqualTo(10_000 - GuardedAgent.SENDER_SHARE);
        assertThat(discipline.lastReason(Discipline.Kind.SHARE_FULL))
                .isEqualTo("orchestrator's queue holds 256 messages from ue-0 (one sender's share): dropped a REQUEST"
                        + " from ue-0");
        assertThat(discipline.count(Discipline.Kind.QUEUE_FULL)).isZero();
        assertThat(q.size()).isEqualTo(GuardedAgent.SENDER_SHARE + 50);
        assertThat(q.held("ue-0")).isEqualTo(GuardedAgent.SENDER_SHARE);

        List<ACLMessage> read = drain(q);
        assertThat(read.subList(0, 51))
                .as("ue-0's first request, then each of the other 50 UEs' before ue-0's second")
                .extracting(GuardedQueueTest::sender)
                .containsExactlyInAnyOrderElementsOf(names("ue-", 0, 51));
        assertThat(read.subList(51, read.size()))
                .as("the rest of ue-0's share, in the order it came")
                .extracting(ACLMessage::getContent)
                .containsExactlyElementsOf(contents(1, GuardedAgent.SENDER_SHARE));
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.held("ue-0")).isZero();
    }

    @Test
    void aStrangersFloodWaitsBehindEveryParticipantAndIsReadInItsOwnOrder() {
        GuardedQueue q = agentQueue();
        flood(q, "flood");
        List<ACLMessage> read = drain(q);
        assertThat(read.subList(0, 50))
                .as("the 50 UEs first, in the order they came")
                .extracting(GuardedQueueTest::sender)
                .containsExactlyElementsOf(names("ue-", 1, 51));
        assertThat(read.subList(50, read.size()))
                .extracting(ACLMessage::getContent)
                .containsExactlyElementsOf(contents(0, GuardedAgent.SENDER_SHARE));
        assertThat(discipline.count(Discipline.Kind.SHARE_FULL)).isEqualTo(10_000 - GuardedAgent.SENDER_SHARE);
    }

    @Test
    void aMessageDroppedForItsSendersShareIsNotAlsoCountedOversize() {
        GuardedQueue q = new GuardedQueue("orchestrator", 100, 2, 0, 10, discipline);
        for (int k = 0; k < 5; k++) q.addLast(from("ue-1@lambo", ACLMessage.INFORM, "x".repeat(50)));
        assertThat(discipline.count(Discipline.Kind.SHARE_FULL)).isEqualTo(3);
        assertThat(discipline.count(Discipline.Kind.OVERSIZE)).isEqualTo(2);
        assertThat(q.receive(null).getContent()).isNull();
    }

    @Test
    void receiveWithATemplateFindsAMessageInAnyLaneAndTier() {
        GuardedQueue q = agentQueue();
        flood(q, "flood");
        flood(q, "ue-0");
        MessageTemplate last = MessageTemplate.MatchConversationId("flood-255");
        assertThat(sender(q.receive(last))).isEqualTo("ue-0"); // deep in the trial's lane, read first
        assertThat(sender(q.receive(last))).isEqualTo("flood"); // deep in the strangers' lane
        assertThat(q.receive(last)).isNull();
        assertThat(q.receive(MessageTemplate.MatchConversationId("ue-5199"))
                        .getSender()
                        .getLocalName())
                .isEqualTo("ue-26");
        assertThat(q.receive(MessageTemplate.MatchPerformative(ACLMessage.CFP))).isNull();
        assertThat(q.size()).isEqualTo(2 * (GuardedAgent.SENDER_SHARE + 50) - 3);
        jade.util.leap.List copy = new jade.util.leap.ArrayList();
        q.copyTo(copy);
        List<ACLMessage> read = drain(q);
        assertThat(copy.size())
                .as("copyTo: every message, in the order receive takes them")
                .isEqualTo(read.size());
        for (int k = 0; k < read.size(); k++) assertThat(copy.get(k)).isSameAs(read.get(k));
    }

    @Test
    void eachSendersMessagesKeepTheirOrderWhateverIsTakenOutOfTurn() {
        GuardedQueue q = agentQueue();
        for (int k = 0; k < 5; k++) q.addLast(from("server-1@lambo", ACLMessage.INFORM, "s" + k));
        // the first two taken out of turn, by template: the sender has 3 left, its newest in tier 4
        q.receive(MessageTemplate.MatchConversationId("s1"));
        q.receive(MessageTemplate.MatchConversationId("s0"));
        q.addLast(from("server-1@lambo", ACLMessage.INFORM, "s5"));
        q.addLast(from("ue-7@lambo", ACLMessage.REQUEST, "u0"));
        assertThat(drain(q))
                .extracting(ACLMessage::getContent)
                .as("ue-7's first before server-1's third; server-1's in the order it sent them")
                .containsExactly("u0", "s2", "s3", "s4", "s5");
    }

    @Test
    void aPeerCyclingNamesFillsOnlyTheStrangersRoomAndOneNameInEveryCaseAndPlatformHasOneShare() {
        GuardedQueue q = agentQueue();
        for (int k = 0; k < 5_000; k++) q.addLast(from("made-up-" + k + "@lambo", ACLMessage.INFORM, "m" + k));
        assertThat(discipline.count(Discipline.Kind.QUEUE_FULL)).isEqualTo(5_000 - GuardedAgent.STRANGERS);
        assertThat(discipline.lastReason(Discipline.Kind.QUEUE_FULL))
                .isEqualTo("orchestrator's queue holds 2000 messages from agents that are not the trial's: dropped a"
                        + " INFORM from made-up-4999");
        for (int k = 0; k < 300; k++) {
            String name = List.of("ue-0@lambo", "UE-0@lambo", "ue-0@elsewhere").get(k % 3);
            q.addLast(from(name, ACLMessage.REQUEST, "u" + k));
        }
        assertThat(q.held("ue-0")).isEqualTo(GuardedAgent.SENDER_SHARE);
        assertThat(discipline.count(Discipline.Kind.SHARE_FULL)).isEqualTo(300 - GuardedAgent.SENDER_SHARE);
        q.addLast(from("trial-clock@lambo", ACLMessage.INFORM, "start"));
        assertThat(q.receive(null).getContent()).isEqualTo("u0");
        assertThat(q.receive(null).getContent())
                .as("the clock before ue-0's repeats")
                .isEqualTo("start");
        assertThat(q.size()).isEqualTo(GuardedAgent.STRANGERS + GuardedAgent.SENDER_SHARE - 1);
    }

    @Test
    void theTrialsAgentsAreTheOnesItWasToldOfAndThePlatformsAgentsHaveHalfTheQueue() {
        GuardedQueue q = agentQueue();
        q.trial(GuardedQueue.trialNames(10, 2));
        for (String s : List.of("ue-99", "server-3", "ue-01", "intruder", "ue-9", "server-2", "expert-mip", "df"))
            q.addLast(from(s + "@lambo", ACLMessage.INFORM, s));
        assertThat(drain(q))
                .extracting(ACLMessage::getContent)
                .containsExactly("ue-9", "server-2", "expert-mip", "df", "ue-99", "server-3", "ue-01", "intruder");
        for (int k = 0; k < 3_000; k++) q.addLast(from("ams@lambo", ACLMessage.INFORM, "a" + k));
        assertThat(q.held("ams")).isEqualTo(3_000);
        assertThat(discipline.count(Discipline.Kind.SHARE_FULL)).isZero();
        for (int k = 0; k < 3_000; k++) q.addLast(from("ams@lambo", ACLMessage.INFORM, "b" + k));
        assertThat(q.held("ams")).isEqualTo(GuardedAgent.QUEUE_SIZE / 2);
    }

    @Test
    void aQueueSizedForTenThousandUesHoldsEveryBirthTheAmsSendsWhileNoneIsRead() {
        int ues = 10_000, servers = 200, births = ues + servers;
        GuardedQueue small = agentQueue();
        for (int k = 0; k < births; k++) small.addLast(from("ams@lambo", ACLMessage.INFORM, "born-" + k));
        assertThat(discipline.count(Discipline.Kind.SHARE_FULL)).isEqualTo(births - GuardedAgent.QUEUE_SIZE / 2);

        Discipline grown = new Discipline();
        GuardedQueue q = agentQueue("trial-clock", grown);
        q.setMaxSize(GuardedAgent.queueSizeFor(ues, servers)); // what GuardedAgent.makeRoomFor does
        for (int k = 0; k < births; k++) q.addLast(from("ams@lambo", ACLMessage.INFORM, "born-" + k));
        for (int i = 0; i < ues; i++) q.addLast(from("ue-" + i + "@lambo", ACLMessage.INFORM, "report-" + i));
        assertThat(q.held("ams")).isEqualTo(births);
        assertThat(grown.count(Discipline.Kind.SHARE_FULL)).isZero();
        assertThat(grown.count(Discipline.Kind.QUEUE_FULL)).isZero();
        // strangers still have their room and no more
        for (int k = 0; k < 3_000; k++) q.addLast(from("made-up-" + k + "@lambo", ACLMessage.INFORM, "m" + k));
        assertThat(grown.count(Discipline.Kind.QUEUE_FULL)).isEqualTo(3_000 - GuardedAgent.STRANGERS);
    }

    @Test
    void aSmallTrialKeepsTheDefaultQueueAndAHugeOneIsBounded() {
        assertThat(GuardedAgent.queueSizeFor(50, 4)).isEqualTo(GuardedAgent.QUEUE_SIZE);
        assertThat(GuardedAgent.queueSizeFor(-1, -1)).isEqualTo(GuardedAgent.QUEUE_SIZE);
        assertThat(GuardedAgent.queueSizeFor(10_000, 200)).isEqualTo(2 * 10_200 + GuardedAgent.STRANGERS);
        assertThat(GuardedAgent.queueSizeFor(Integer.MAX_VALUE, Integer.MAX_VALUE))
                .isEqualTo(Integer.MAX_VALUE / 2);
    }

    private static List<String> names(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int k = from; k < to; k++) out.add(prefix + k);
        return out;
    }

    private static List<String> contents(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int k = from; k < to; k++) out.add("flood-" + k);
        return out;
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
