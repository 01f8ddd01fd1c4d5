package org.lambo.agents;

import jade.core.Agent;
import jade.core.behaviours.CyclicBehaviour;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import org.lambo.ontology.jade.LamboAcl;
import org.lambo.ontology.LamboMessage;
import org.lambo.ontology.MalformedMessageException;

/**
 * Takes the messages that match a template, one at a time, and reads their LAMBO content as {@code T}.
 * A message whose content is malformed is answered NOT_UNDERSTOOD with the reason (the bad field named)
 * and the agent goes on; a well-formed one goes to {@link #handle}. The agents' receiving behaviours
 * extend it, so each says only what it does with what it received.
 *
 * @param <T> the vocabulary record the messages carry
 */
public abstract class ReceiveContent<T extends LamboMessage> extends CyclicBehaviour {
    private final MessageTemplate template;
    private final Class<T> type;

    protected ReceiveContent(Agent agent, MessageTemplate template, Class<T> type) {
        super(agent);
        this.template = template;
        this.type = type;
    }

    @Override
    public final void action() {
        ACLMessage msg = myAgent.receive(template);
        if (msg == null) {
            block();
            return;
        }
        T content;
        try {
            content = LamboAcl.read(msg, type);
        } catch (MalformedMessageException e) {
            myAgent.send(LamboAcl.replyWithReason(msg, ACLMessage.NOT_UNDERSTOOD, e.getMessage()));
            return;
        }
        handle(msg, content);
    }

    /** What to do with a well-formed message and its content. */
    protected abstract void handle(ACLMessage msg, T content);
}
