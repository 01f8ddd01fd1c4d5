package org.lambo.agents.testing;

import jade.core.Agent;
import jade.core.behaviours.CyclicBehaviour;
import jade.lang.acl.ACLMessage;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/**
 * An agent that sends what it is given as it starts, and hands every answer it gets to the test's inbox. Arguments: the
 * messages (a {@code List<ACLMessage>}) and the inbox. Unlike a {@link ProbeAgent} fed through JADE's object-to-agent
 * channel, nothing can reach it before it is ready: the messages travel with it.
 */
public class HostileAgent extends Agent {
    @Override
    @SuppressWarnings("unchecked")
    protected void setup() {
        List<ACLMessage> messages = (List<ACLMessage>) getArguments()[0];
        BlockingQueue<ACLMessage> inbox = (BlockingQueue<ACLMessage>) getArguments()[1];
        for (ACLMessage m : messages) send(m);
        addBehaviour(new CyclicBehaviour() {
            @Override
            public void action() {
                ACLMessage m = receive();
                if (m == null) block();
                else inbox.add(m);
            }
        });
    }
}
