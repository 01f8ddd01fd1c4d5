package org.lambo.agents;

import jade.core.Agent;
import jade.core.behaviours.CyclicBehaviour;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import java.util.logging.Logger;
import org.lambo.ontology.jade.LamboAcl;

/**
 * Answers every message that opens a conversation the agent does not take part in with NOT_UNDERSTOOD,
 * so that a malformed or unknown message never sits in the queue and its sender learns why. Replies
 * (messages with an in-reply-to) belong to the agent's protocol initiators and are left to them; a
 * NOT_UNDERSTOOD, FAILURE or REFUSE from a stranger is dropped, never answered, so two agents cannot
 * answer each other forever.
 */
public final class AnswerUnknownMessages extends CyclicBehaviour {
    private static final Logger LOG = Logger.getLogger(AnswerUnknownMessages.class.getName());
    private final MessageTemplate template;

    /** @param handled what the agent's other behaviours take; everything else that opens a conversation is answered */
    public AnswerUnknownMessages(Agent agent, MessageTemplate handled) {
        super(agent);
        MessageTemplate opensConversation = new MessageTemplate(new OpensConversation());
        this.template = MessageTemplate.and(MessageTemplate.not(handled), opensConversation);
    }

    @Override
    public void action() {
        ACLMessage msg = myAgent.receive(template);
        if (msg == null) {
            block();
            return;
        }
        int p = msg.getPerformative();
        if (p == ACLMessage.NOT_UNDERSTOOD || p == ACLMessage.FAILURE || p == ACLMessage.REFUSE) {
            LOG.fine(() -> myAgent.getLocalName() + " drops a " + ACLMessage.getPerformative(p) + " from " + msg.getSender().getLocalName());
            return;
        }
        String reason = "unknown message: " + ACLMessage.getPerformative(p) + " in protocol '" + msg.getProtocol()
                + "', ontology '" + msg.getOntology() + "', language '" + msg.getLanguage() + "'; "
                + myAgent.getLocalName() + " speaks ontology '" + LamboAcl.ONTOLOGY + "' in language '" + LamboAcl.LANGUAGE + "' or '" + LamboAcl.SL + "'";
        myAgent.send(LamboAcl.replyWithReason(msg, ACLMessage.NOT_UNDERSTOOD, reason));
    }

    /** A message that is not a reply: no in-reply-to. */
    private static final class OpensConversation implements MessageTemplate.MatchExpression {
        @Override
        public boolean match(ACLMessage msg) {
            return msg.getInReplyTo() == null || msg.getInReplyTo().isEmpty();
        }
    }
}
