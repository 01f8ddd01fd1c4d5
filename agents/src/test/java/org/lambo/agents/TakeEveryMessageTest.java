package org.lambo.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.core.AID;
import jade.core.behaviours.CyclicBehaviour;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.HostileAgent;
import org.lambo.ontology.jade.LamboAcl;

/**
 * An agent's one receiving behaviour ({@link TakeEveryMessage}, a UE's and an edge server's) takes every message but a
 * reply another behaviour of the agent still awaits; that one is left to it, and taken once the conversation ends, with
 * no other message arriving to wake the agent. Its due times run on its own timer, with no message arriving, and a
 * flood does not hold them back: it takes at most {@link TakeEveryMessage#BATCH} messages before it runs what is due.
 */
class TakeEveryMessageTest {
    /** What the router took, in order: "route:" and the conversation id, "due" for each due time it ran. */
    static final ConcurrentLinkedQueue<String> TAKEN = new ConcurrentLinkedQueue<>();

    /**
     * Awaits conversation {@value #AWAITED} in another behaviour until the O2A object "done"; routes everything else
     * into {@link #TAKEN}; with argument "due" it has a due time {@value #DUE_MS} ms after it starts.
     */
    public static class Router extends GuardedAgent {
        static final String AWAITED = "allocate-7";
        static final long DUE_MS = 300;

        {
            setEnabledO2ACommunication(true, 0); // at construction: JADE drops O2A objects handed over earlier
        }

        /** With argument "slow", each message takes it this long (a flood piles up in its queue). */
        static final long SLOW_MS = 10;

        private long dueAt = Long.MAX_VALUE;
        private boolean slow;

        @Override
        protected void setup() {
            List<Object> args = getArguments() == null ? List.of() : List.of(getArguments());
            if (args.contains("due")) dueAt = System.nanoTime() + DUE_MS * 1_000_000L;
            slow = args.contains("slow");
            awaitReplies(AWAITED);
            addBehaviour(new CyclicBehaviour(this) {
                @Override
                public void action() {
                    Object o = getO2AObject();
                    if ("done".equals(o)) stopAwaiting(AWAITED);
                    else block();
                }
            });
            addBehaviour(new TakeEveryMessage(this) {
                @Override
                protected void route(ACLMessage m) {
                    TAKEN.add("route:" + m.getConversationId());
                    if (slow) {
                        try {
                            Thread.sleep(SLOW_MS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }

                @Override
                protected long runDue() {
                    if (dueAt == Long.MAX_VALUE) return dueAt;
                    if (dueAt - System.nanoTime() > 0) return dueAt;
                    TAKEN.add("due");
                    dueAt = Long.MAX_VALUE;
                    return dueAt;
                }
            });
        }
    }

    @TempDir
    Path dir;

    private static ACLMessage message(String to, String conversation, String inReplyTo) {
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
    void aReplyAnotherBehaviourAwaitsIsLeftToItAndTakenWhenItsConversationEnds() throws Exception {
        TAKEN.clear();
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            AgentController router = platform.startAgent("router", Router.class);
            platform.startAgent(
                    "peer-1",
                    HostileAgent.class,
                    List.of(
                            message("router", Router.AWAITED, "R1_0"),
                            message("router", "made-up", "R1_1"),
                            message("router", "opens", null)),
                    new LinkedBlockingQueue<ACLMessage>());
            await().atMost(Duration.ofSeconds(30)).until(() -> TAKEN.size() >= 2);
            Thread.sleep(500); // time to take the awaited reply, were it taken
            assertThat(TAKEN)
                    .as("the reply another behaviour awaits is left to it")
                    .containsExactly("route:made-up", "route:opens");

            router.putO2AObject("done", AgentController.ASYNC);
            await().atMost(Duration.ofSeconds(30)).until(() -> TAKEN.size() >= 3);
            assertThat(TAKEN)
                    .as("taken once its conversation has ended, with no message arriving")
                    .containsExactly("route:made-up", "route:opens", "route:" + Router.AWAITED);
        }
    }

    @Test
    void dueTimesRunWithNoMessageArrivingAndAFloodDoesNotHoldThemBack() throws Exception {
        TAKEN.clear();
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            platform.startAgent("router", Router.class, "due");
            await().atMost(Duration.ofSeconds(30)).until(() -> TAKEN.contains("due"));
            assertThat(TAKEN).as("its due time ran on its own timer").containsExactly("due");
        }
        TAKEN.clear();
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade2"), 0, false)) {
            platform.startAgent("router", Router.class, "due", "slow");
            List<ACLMessage> flood = new ArrayList<>();
            for (int k = 0; k < 3 * TakeEveryMessage.BATCH; k++) flood.add(message("router", "c" + k, null));
            // sent at once: the router takes SLOW_MS a message, so its due time passes while most of them wait
            platform.startAgent("peer-2", HostileAgent.class, flood, new LinkedBlockingQueue<ACLMessage>());
            await().atMost(Duration.ofSeconds(60)).until(() -> TAKEN.size() >= flood.size() + 1);
            List<String> order = new ArrayList<>(TAKEN);
            assertThat(order.indexOf("due"))
                    .as("its due time ran before the flood was all taken (at most a batch after it was due)")
                    .isBetween(0, flood.size() - 1);
        }
    }
}
