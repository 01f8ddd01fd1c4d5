package org.lambo.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.core.AID;
import jade.core.Agent;
import jade.core.behaviours.OneShotBehaviour;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.ProbeAgent;
import org.lambo.agents.testing.Probes;

/**
 * A container's post in a real JADE container: it hands on what the clock and the orchestrator may say to the UEs of
 * its container, as itself and naming whom for; it refuses anyone else's batch and drops what the sender may not say; a
 * batch its post never got comes back from the AMS and goes directly.
 */
class ContainerPostTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static ACLMessage decision(int ue, String content) {
        ACLMessage m = new ACLMessage(ACLMessage.INFORM);
        m.addReceiver(Peers.ue(ue));
        m.setProtocol(FIPANames.InteractionProtocol.FIPA_REQUEST);
        m.setConversationId("offload-t" + ue);
        m.setInReplyTo("offload-t" + ue + "-1");
        m.setContent(content);
        return m;
    }

    private static ACLMessage batch(String post, List<ACLMessage> items) {
        ACLMessage b = Relay.batch(post, items);
        b.setConversationId("relay-test");
        b.setReplyWith("relay-test");
        return b;
    }

    private static ACLMessage poll(BlockingQueue<ACLMessage> inbox) throws InterruptedException {
        return inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void thePostHandsOnTheOrchestratorsDecisionsToItsUesAndRefusesOrDropsTheRest() throws Exception {
        Map<String, Agent> agents = new ConcurrentHashMap<>();
        BlockingQueue<ACLMessage> ue1 = new LinkedBlockingQueue<>();
        BlockingQueue<ACLMessage> ue2 = new LinkedBlockingQueue<>();
        BlockingQueue<ACLMessage> orchestratorInbox = new LinkedBlockingQueue<>();
        BlockingQueue<ACLMessage> intruderInbox = new LinkedBlockingQueue<>();
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            String post = Relay.postName(platform.container().getContainerName());
            platform.startAgent(post, ContainerPost.class);
            platform.startAgent("ue-1", LocalDeliveryTest.Member.class, agents, ue1);
            platform.startAgent("ue-2", LocalDeliveryTest.Member.class, agents, ue2);
            AgentController orchestrator =
                    platform.startAgent(ServiceTypes.ORCHESTRATOR_NAME, ProbeAgent.class, orchestratorInbox);
            AgentController intruder = platform.startAgent("server-3", ProbeAgent.class, intruderInbox);
            await().atMost(WAIT).until(() -> agents.size() == 2 && Discipline.of(post) != null);

            // anyone but the clock and the orchestrator: refused, nothing handed on
            intruder.putO2AObject(batch(post, List.of(decision(1, "forged"))), false);
            ACLMessage refused = Probes.next(intruderInbox, ACLMessage.NOT_UNDERSTOOD, WAIT.toSeconds());
            assertThat(refused.getContent()).contains("not from server-3");

            // a batch that does not read: refused whole (its sender then sends directly)
            ACLMessage garbage = batch(post, List.of(decision(1, "{}")));
            garbage.setContent("12:short");
            orchestrator.putO2AObject(garbage, false);
            assertThat(Probes.next(orchestratorInbox, ACLMessage.NOT_UNDERSTOOD, WAIT.toSeconds())
                            .getContent())
                    .contains("does not read");

            // the orchestrator's: its decisions to its UEs handed on; what it may not say through a post dropped
            ACLMessage request = decision(2, "not a decision");
            request.setPerformative(ACLMessage.REQUEST);
            ACLMessage toServer = decision(1, "to a server");
            toServer.clearAllReceiver();
            toServer.addReceiver(Peers.server(1));
            orchestrator.putO2AObject(
                    batch(post, List.of(decision(1, "{\"d\":1}"), request, toServer, decision(2, "{\"d\":2}"))), false);

            ACLMessage got1 = poll(ue1);
            assertThat(got1).isNotNull();
            assertThat(got1.getContent())
                    .as("ue-1's first message is the orchestrator's decision, not the intruder's")
                    .isEqualTo("{\"d\":1}");
            assertThat(got1.getSender().getLocalName()).isEqualTo(post);
            assertThat(got1.getUserDefinedParameter(Relay.FROM)).isEqualTo(ServiceTypes.ORCHESTRATOR_NAME);
            assertThat(got1.getConversationId()).isEqualTo("offload-t1");
            assertThat(got1.getInReplyTo()).isEqualTo("offload-t1-1");
            assertThat(Peers.is(
                            Relay.origin(got1, new AID(post, AID.ISLOCALNAME)),
                            new AID(ServiceTypes.ORCHESTRATOR_NAME, AID.ISLOCALNAME)))
                    .isTrue();
            ACLMessage got2 = poll(ue2);
            assertThat(got2).isNotNull();
            assertThat(got2.getContent()).as("the REQUEST was dropped").isEqualTo("{\"d\":2}");
            await().atMost(WAIT).until(() -> Discipline.of(post).count(Discipline.Kind.REFUSED) == 2);
            assertThat(Discipline.of(post).count(Discipline.Kind.WRONG_SENDER)).isEqualTo(1);
            assertThat(Discipline.of(post).count(Discipline.Kind.MALFORMED)).isEqualTo(1);
            assertThat(ue1).isEmpty();
            assertThat(ue2).isEmpty();
        }
    }

    /** Sends two decisions through a {@link RelayOutbox} that believes ue-1 and ue-2 live with a post elsewhere. */
    public static final class Sender extends Agent {
        @Override
        protected void setup() {
            setEnabledO2ACommunication(true, 0);
            RelayOutbox outbox = new RelayOutbox(this, name -> "Elsewhere");
            addBehaviour(outbox.resendRefused());
            addBehaviour(new OneShotBehaviour(this) {
                @Override
                public void action() {
                    outbox.send(List.of(decision(1, "{\"d\":1}"), decision(2, "{\"d\":2}")));
                }
            });
            @SuppressWarnings("unchecked")
            Map<String, RelayOutbox> out = (Map<String, RelayOutbox>) getArguments()[0];
            out.put(getLocalName(), outbox);
        }
    }

    @Test
    void aBatchWhosePostIsNotThereComesBackFromTheAmsAndGoesDirectly() throws Exception {
        Map<String, Agent> agents = new ConcurrentHashMap<>();
        Map<String, RelayOutbox> outboxes = new ConcurrentHashMap<>();
        BlockingQueue<ACLMessage> ue1 = new LinkedBlockingQueue<>();
        BlockingQueue<ACLMessage> ue2 = new LinkedBlockingQueue<>();
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            platform.startAgent("ue-1", LocalDeliveryTest.Member.class, agents, ue1);
            platform.startAgent("ue-2", LocalDeliveryTest.Member.class, agents, ue2);
            await().atMost(WAIT).until(() -> agents.size() == 2);
            platform.startAgent(ServiceTypes.ORCHESTRATOR_NAME, Sender.class, outboxes);

            ACLMessage got1 = poll(ue1);
            ACLMessage got2 = poll(ue2);
            assertThat(got1).isNotNull();
            assertThat(got2).isNotNull();
            assertThat(got1.getSender().getLocalName()).isEqualTo(ServiceTypes.ORCHESTRATOR_NAME);
            assertThat(got1.getUserDefinedParameter(Relay.FROM)).isNull();
            assertThat(got1.getContent()).isEqualTo("{\"d\":1}");
            assertThat(got2.getContent()).isEqualTo("{\"d\":2}");
            RelayOutbox outbox = outboxes.get(ServiceTypes.ORCHESTRATOR_NAME);
            assertThat(outbox.batches()).as("it went as a batch first").isEqualTo(1);
            assertThat(outbox.relayed()).isEqualTo(2);
        }
    }
}
