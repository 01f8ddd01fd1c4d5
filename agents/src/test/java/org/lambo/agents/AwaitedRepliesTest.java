package org.lambo.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.core.AID;
import jade.core.behaviours.CyclicBehaviour;
import jade.core.behaviours.WakerBehaviour;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import jade.wrapper.AgentController;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.HostileAgent;
import org.lambo.ontology.jade.LamboAcl;

/**
 * A reply in a conversation the agent still awaits is left to the behaviour that awaits it, however long that behaviour
 * takes to get to it: under chaos the orchestrator's thread took over two seconds for the four scheduler turns its
 * allocation initiator needs per reply, and {@link AnswerUnknownMessages} dropped a server's confirmation as stray (the
 * server's UEs were then told to run locally: ChaosIT). Here an agent awaits a conversation and never takes its reply
 * (an initiator that has not got to it yet): the reply stays, a reply to nothing beside it is dropped as before, and
 * once the agent no longer awaits the conversation its reply is dropped and counted too.
 */
class AwaitedRepliesTest {
    /** Awaits conversation {@value #AWAITED} and takes nothing; the O2A object "done" ends the wait. */
    public static class SlowInitiator extends GuardedAgent {
        static final String AWAITED = "allocate-7";

        {
            setEnabledO2ACommunication(true, 0); // at construction: JADE drops O2A objects handed over earlier
        }

        @Override
        protected void setup() {
            awaitReplies(AWAITED);
            addBehaviour(new CyclicBehaviour(this) {
                @Override
                public void action() {
                    Object o = getO2AObject();
                    if ("done".equals(o)) stopAwaiting(AWAITED);
                    else block();
                }
            });
            addBehaviour(new AnswerUnknownMessages(this, new MessageTemplate(m -> false)));
        }
    }

    /**
     * Awaits conversation {@value SlowInitiator#AWAITED}, takes nothing, and stops awaiting it on its own timer after
     * {@value #AWAIT_MS} ms: no message arrives to wake the agent's other behaviours then.
     */
    public static class TimedInitiator extends GuardedAgent {
        static final long AWAIT_MS = 5_000;

        @Override
        protected void setup() {
            awaitReplies(SlowInitiator.AWAITED);
            addBehaviour(new WakerBehaviour(this, AWAIT_MS) {
                @Override
                protected void onWake() {
                    stopAwaiting(SlowInitiator.AWAITED);
                }
            });
            addBehaviour(new AnswerUnknownMessages(this, new MessageTemplate(m -> false)));
        }
    }

    @TempDir
    Path dir;

    private static ACLMessage reply(String conversation, String inReplyTo) {
        return reply("slow", conversation, inReplyTo);
    }

    private static ACLMessage reply(String to, String conversation, String inReplyTo) {
        ACLMessage m = new ACLMessage(ACLMessage.INFORM);
        m.addReceiver(new AID(to, AID.ISLOCALNAME));
        m.setProtocol(FIPANames.InteractionProtocol.FIPA_REQUEST);
        m.setOntology(LamboAcl.ONTOLOGY);
        m.setLanguage(LamboAcl.LANGUAGE);
        m.setConversationId(conversation);
        m.setInReplyTo(inReplyTo);
        m.setContent("{}");
        return m;
    }

    @Test
    void aReplyInAnAwaitedConversationIsLeftToItsInitiatorUntilTheConversationEnds() throws Exception {
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            AgentController slow = platform.startAgent("slow", SlowInitiator.class);
            platform.startAgent(
                    "peer-1",
                    HostileAgent.class,
                    List.of(reply(SlowInitiator.AWAITED, "R1_0"), reply("made-up", "R1_1")),
                    new LinkedBlockingQueue<ACLMessage>());
            Discipline d = Discipline.of("slow");
            await().atMost(Duration.ofSeconds(30)).until(() -> d.count(Discipline.Kind.STRAY_REPLY) >= 1);
            assertThat(d.lastReason(Discipline.Kind.STRAY_REPLY)).contains("in reply to 'R1_1'");
            // another reply to nothing, sent after both: once it is dropped, the awaited one has waited through more
            // passes and time than the stray rule asks
            platform.startAgent(
                    "peer-2",
                    HostileAgent.class,
                    List.of(reply("made-up", "R1_2")),
                    new LinkedBlockingQueue<ACLMessage>());
            await().atMost(Duration.ofSeconds(30)).until(() -> d.count(Discipline.Kind.STRAY_REPLY) >= 2);
            assertThat(d.lastReason(Discipline.Kind.STRAY_REPLY)).contains("in reply to 'R1_2'");
            assertThat(d.count(Discipline.Kind.STRAY_REPLY))
                    .as("the reply its initiator awaits is left to it")
                    .isEqualTo(2);

            slow.putO2AObject("done", AgentController.ASYNC);
            await().atMost(Duration.ofSeconds(30)).until(() -> d.count(Discipline.Kind.STRAY_REPLY) >= 3);
            assertThat(d.lastReason(Discipline.Kind.STRAY_REPLY))
                    .as("once the conversation has ended its reply is stray")
                    .contains("in reply to 'R1_0'")
                    .contains("which no conversation of slow awaits");
        }
    }

    /**
     * While a reply is awaited the agent's catch-all holds no timer for it (JADE locks the agent's timer dispatcher for
     * each; a 1000-UE container's UEs queued on those locks at every slot-start): the conversation's end wakes it, and
     * the reply left behind is dropped and counted, with no other message arriving to wake the agent.
     */
    @Test
    void aReplyLeftBehindIsDroppedWhenItsConversationEndsEvenIfNoMessageWakesTheAgent() throws Exception {
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            platform.startAgent("timed", TimedInitiator.class);
            platform.startAgent(
                    "peer-3",
                    HostileAgent.class,
                    List.of(reply("timed", SlowInitiator.AWAITED, "R3_0")),
                    new LinkedBlockingQueue<ACLMessage>());
            Discipline d = Discipline.of("timed");
            await().atMost(Duration.ofSeconds(30)).until(() -> d.count(Discipline.Kind.STRAY_REPLY) >= 1);
            assertThat(d.lastReason(Discipline.Kind.STRAY_REPLY))
                    .contains("in reply to 'R3_0'")
                    .contains("which no conversation of timed awaits");
        }
    }
}
