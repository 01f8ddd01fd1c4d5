package org.lambo.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.core.AID;
import jade.core.Agent;
import jade.core.behaviours.CyclicBehaviour;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JADE's table of where agents live ({@code GADT}) adds a row outside its lock: while an agent is born and the table
 * grows, a message to another agent could find no row for its receiver, and the AMS answered "Agent not found:
 * getContainerID() failed to find agent df@lambo" (a UE died of it at start-up). {@link JadePlatform} makes that table
 * safe to read while it grows ({@link AgentTable}).
 */
class AgentTableRaceTest {
    @TempDir
    Path dir;

    /** Takes every message and drops it. */
    public static class Sink extends Agent {
        @Override
        protected void setup() {
            addBehaviour(new CyclicBehaviour(this) {
                @Override
                public void action() {
                    if (myAgent.receive() == null) block();
                }
            });
        }
    }

    /** Sends to {@code sink} without end and keeps every delivery failure the AMS answers. */
    public static class Sender extends Agent {
        static final AtomicLong SENT = new AtomicLong();
        static final ConcurrentLinkedQueue<String> FAILURES = new ConcurrentLinkedQueue<>();

        @Override
        protected void setup() {
            AID sink = new AID("sink", AID.ISLOCALNAME);
            addBehaviour(new CyclicBehaviour(this) {
                @Override
                public void action() {
                    for (int i = 0; i < 50; i++) {
                        ACLMessage m = new ACLMessage(ACLMessage.INFORM);
                        m.addReceiver(sink);
                        m.setContent("x");
                        myAgent.send(m);
                        SENT.incrementAndGet();
                    }
                    ACLMessage f;
                    while ((f = myAgent.receive(MessageTemplate.MatchPerformative(ACLMessage.FAILURE))) != null)
                        FAILURES.add(f.getContent());
                }
            });
        }
    }

    /** Does nothing: being born is its whole job. */
    public static class Newborn extends Agent {}

    @Test
    void messagesBetweenLivingAgentsAreDeliveredWhileThousandsOfAgentsAreBorn() throws Exception {
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            assertThat(AgentTable.guarded(platform.container()))
                    .as("the main container's agent table is guarded")
                    .isTrue();
            platform.startAgent("sink", Sink.class);
            for (int s = 0; s < 2; s++) platform.startAgent("sender-" + s, Sender.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> Sender.SENT.get() > 1_000);
            for (int i = 0; i < 1_000; i++) platform.startAgent("newborn-" + i, Newborn.class);
            long sent = Sender.SENT.get();
            await().atMost(Duration.ofSeconds(60)).until(() -> Sender.SENT.get() > sent + 1_000);
            List<String> failures = List.copyOf(Sender.FAILURES);
            assertThat(failures)
                    .as("delivery failures of %d messages sent while 1000 agents were born", Sender.SENT.get())
                    .isEmpty();
        }
    }
}
