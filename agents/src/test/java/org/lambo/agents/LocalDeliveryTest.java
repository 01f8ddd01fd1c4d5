package org.lambo.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.core.AID;
import jade.core.Agent;
import jade.core.behaviours.CyclicBehaviour;
import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.platform.JadePlatform;

class LocalDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Joins LocalDelivery, publishes itself, and puts what it receives into its queue. */
    public static final class Member extends Agent {
        @Override
        @SuppressWarnings("unchecked")
        protected void setup() {
            Map<String, Agent> agents = (Map<String, Agent>) getArguments()[0];
            BlockingQueue<ACLMessage> inbox = (BlockingQueue<ACLMessage>) getArguments()[1];
            LocalDelivery.join(this);
            addBehaviour(new CyclicBehaviour(this) {
                @Override
                public void action() {
                    ACLMessage m = receive();
                    if (m == null) block();
                    else inbox.add(m);
                }
            });
            agents.put(getLocalName(), this);
        }

        @Override
        protected void takeDown() {
            LocalDelivery.leave(this);
        }
    }

    @TempDir
    Path dir;

    @Test
    void onlyMessagesWhoseReceiversAllLiveInTheSendersContainerAreHandedOverInItsThread() throws Exception {
        Map<String, Agent> agents = new ConcurrentHashMap<>();
        BlockingQueue<ACLMessage> aInbox = new LinkedBlockingQueue<>();
        BlockingQueue<ACLMessage> bInbox = new LinkedBlockingQueue<>();
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            platform.startAgent("a", Member.class, agents, aInbox);
            AgentController b = platform.startAgent("b", Member.class, agents, bInbox);
            await().atMost(WAIT).until(() -> agents.size() == 2);
            Agent a = agents.get("a");

            ACLMessage near = new ACLMessage(ACLMessage.INFORM);
            near.addReceiver(agents.get("b").getAID());
            assertThat(LocalDelivery.mark(a, near).getUserDefinedParameter(LocalDelivery.SYNCH))
                    .isEqualTo("true");

            ACLMessage mixed = new ACLMessage(ACLMessage.INFORM);
            mixed.addReceiver(agents.get("b").getAID());
            mixed.addReceiver(new AID("b@some-other-platform:1099/JADE", AID.ISGUID));
            assertThat(LocalDelivery.mark(a, mixed).getUserDefinedParameter(LocalDelivery.SYNCH))
                    .isNull();
            ACLMessage unknown = new ACLMessage(ACLMessage.INFORM);
            unknown.addReceiver(new AID("df", AID.ISLOCALNAME)); // in the container, but not a member
            assertThat(LocalDelivery.mark(a, unknown).getUserDefinedParameter(LocalDelivery.SYNCH))
                    .isNull();

            // delivered either way, and the switch itself does not travel with the message
            ACLMessage hello = new ACLMessage(ACLMessage.INFORM);
            hello.addReceiver(agents.get("b").getAID());
            hello.setContent("hello");
            LocalDelivery.send(a, hello);
            ACLMessage got = bInbox.poll(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(got).isNotNull();
            assertThat(got.getContent()).isEqualTo("hello");
            assertThat(got.getUserDefinedParameter(LocalDelivery.SYNCH)).isNull();

            // a receiver that is gone is no longer a member: JADE delivers (and the AMS answers its failure) as always
            AID bAid = agents.get("b").getAID();
            b.kill();
            await().atMost(WAIT).until(() -> !LocalDelivery.sameContainer(a, bAid));
        }
    }

    @Test
    void aMessageSentWithoutASenderNamesItsSenderBeforeJadeSeesIt() throws Exception {
        Map<String, Agent> agents = new ConcurrentHashMap<>();
        BlockingQueue<ACLMessage> bInbox = new LinkedBlockingQueue<>();
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            platform.startAgent("a", Member.class, agents, new LinkedBlockingQueue<ACLMessage>());
            platform.startAgent("b", Member.class, agents, bInbox);
            await().atMost(WAIT).until(() -> agents.size() == 2);
            Agent a = agents.get("a");

            // JADE's Agent.send finds a missing sender by catching a NullPointerException: never left to it
            ACLMessage unsigned = new ACLMessage(ACLMessage.INFORM);
            unsigned.addReceiver(new AID("b@some-other-platform:1099/JADE", AID.ISGUID));
            assertThat(LocalDelivery.mark(a, unsigned).getSender()).isEqualTo(a.getAID());

            AID other = new AID("someone-else", AID.ISLOCALNAME);
            ACLMessage signed = new ACLMessage(ACLMessage.INFORM);
            signed.setSender(other);
            assertThat(LocalDelivery.signed(a, signed).getSender()).isSameAs(other);

            ACLMessage hello = new ACLMessage(ACLMessage.INFORM);
            hello.addReceiver(agents.get("b").getAID());
            hello.setContent("signed");
            LocalDelivery.send(a, hello);
            ACLMessage got = bInbox.poll(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(got).isNotNull();
            assertThat(got.getSender()).isEqualTo(a.getAID());
        }
    }
}
