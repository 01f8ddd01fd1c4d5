package org.lambo.agents;

import static org.assertj.core.api.Assertions.assertThat;

import jade.core.AID;
import jade.core.Agent;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import jade.wrapper.AgentController;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.ProbeAgent;
import org.lambo.ontology.SlotStart;
import org.lambo.ontology.jade.LamboAcl;

/**
 * The behaviour the UEs and the edge servers take slot-starts with: only the clock's reach {@code fromClock}; another
 * agent's is refused unread (NOT_UNDERSTOOD, saying who may send it) and the agent goes on.
 */
class ReceiveFromClockTest {
    /** Puts every slot-start its {@link ReceiveFromClock} hands on into its queue. */
    public static final class Listener extends Agent {
        @Override
        @SuppressWarnings("unchecked")
        protected void setup() {
            BlockingQueue<SlotStart> handled = (BlockingQueue<SlotStart>) getArguments()[0];
            addBehaviour(
                    new ReceiveFromClock<>(
                            this, MessageTemplate.MatchProtocol(ServiceTypes.SLOT_PROTOCOL), SlotStart.class) {
                        @Override
                        protected void fromClock(ACLMessage msg, SlotStart start) {
                            handled.add(start);
                        }
                    });
        }
    }

    @TempDir
    Path dir;

    @Test
    void onlyTheClocksSlotStartsAreHandledAndAnotherAgentsIsRefusedSayingWhoMaySendIt() throws Exception {
        BlockingQueue<SlotStart> handled = new LinkedBlockingQueue<>();
        BlockingQueue<ACLMessage> intruderInbox = new LinkedBlockingQueue<>();
        BlockingQueue<ACLMessage> clockInbox = new LinkedBlockingQueue<>();
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            platform.startAgent("listener", Listener.class, handled);
            AgentController intruder = platform.startAgent("intruder", ProbeAgent.class, intruderInbox);
            AgentController clock = platform.startAgent(ServiceTypes.CLOCK_NAME, ProbeAgent.class, clockInbox);
            AID listener = new AID("listener", AID.ISLOCALNAME);

            intruder.putO2AObject(
                    LamboAcl.build(ACLMessage.INFORM, ServiceTypes.SLOT_PROTOCOL, new SlotStart(7, 2, 1), listener),
                    AgentController.ASYNC);
            ACLMessage refused = intruderInbox.poll(30, TimeUnit.SECONDS);
            assertThat(refused).as("an answer to the intruder").isNotNull();
            assertThat(refused.getPerformative()).isEqualTo(ACLMessage.NOT_UNDERSTOOD);
            assertThat(LamboAcl.reason(refused))
                    .isEqualTo("only the trial's clock (trial-clock) starts slots, not intruder");

            clock.putO2AObject(
                    LamboAcl.build(ACLMessage.INFORM, ServiceTypes.SLOT_PROTOCOL, new SlotStart(3, 2, 1), listener),
                    AgentController.ASYNC);
            SlotStart first = handled.poll(30, TimeUnit.SECONDS);
            assertThat(first).as("the clock's slot-start was handled").isNotNull();
            assertThat(first.slot())
                    .as("the first handled is the clock's, not the intruder's")
                    .isEqualTo(3);
            assertThat(clockInbox).as("the clock's was not refused").isEmpty();
        }
        assertThat(handled).isEmpty();
    }
}
