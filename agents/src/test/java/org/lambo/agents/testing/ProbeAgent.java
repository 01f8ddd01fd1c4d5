package org.lambo.agents.testing;

import jade.core.Agent;
import jade.core.behaviours.Behaviour;
import jade.core.behaviours.CyclicBehaviour;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * A test agent that stands in for the other side of a conversation: whatever the test hands it (through JADE's
 * object-to-agent channel) it sends (an {@link ACLMessage}) or runs (a {@link Behaviour}, or a {@code Function<Agent,
 * Behaviour>} that makes one), and every message that reaches it goes to the test's inbox, except those of
 * conversations named {@code label-...}, which belong to a contract net the probe runs. Arguments: the inbox and,
 * optionally, a DF service type to register under (so that the agents under test find the probe in that role).
 */
public class ProbeAgent extends Agent {
    {
        // at construction, not in setup(): JADE drops an O2A object handed over before the channel is enabled, and
        // a test may hand one over as soon as startAgent returns, before setup() has run
        setEnabledO2ACommunication(true, 0);
    }

    private boolean registered;

    @Override
    protected void takeDown() {
        if (registered) org.lambo.agents.Directory.deregister(this);
    }

    private BlockingQueue<ACLMessage> inbox;

    @Override
    @SuppressWarnings("unchecked")
    protected void setup() {
        inbox = (BlockingQueue<ACLMessage>) getArguments()[0];
        if (getArguments().length > 1) {
            org.lambo.agents.Directory.register(this, (String) getArguments()[1], getLocalName());
            registered = true;
        }
        addBehaviour(new CyclicBehaviour() {
            @Override
            public void action() {
                Object o = getO2AObject();
                if (o == null) {
                    block();
                    return;
                }
                if (o instanceof ACLMessage m) send(m);
                else if (o instanceof Behaviour b) addBehaviour(b);
                else if (o instanceof Function<?, ?> f)
                    addBehaviour(((Function<Agent, Behaviour>) f).apply(ProbeAgent.this));
            }
        });
        addBehaviour(new CyclicBehaviour() {
            private final MessageTemplate free = new MessageTemplate(msg ->
                    msg.getConversationId() == null || !msg.getConversationId().startsWith("label-"));

            @Override
            public void action() {
                ACLMessage m = receive(free);
                if (m == null) {
                    block();
                    return;
                }
                inbox.add(m);
            }
        });
    }
}
