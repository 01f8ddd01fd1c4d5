package org.lambo.agents;

import jade.core.Agent;
import jade.lang.acl.ACLMessage;
import java.util.Optional;
import org.lambo.ontology.LamboMessage;
import org.lambo.ontology.MalformedMessageException;
import org.lambo.ontology.jade.LamboAcl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link ReceiveContent} does with one message, as a plain object: an agent whose one behaviour receives every
 * message and routes it (a UE: {@code UeAgent}) hands each kind to one of these. It reads the LAMBO content as
 * {@code T} ({@link LamboMessage} itself: whichever type it is); a message whose content is malformed, of another type
 * or too large is answered NOT_UNDERSTOOD with the reason (the bad field or the size named) and the agent goes on; a
 * well-formed one goes to {@link #handle}. Whatever {@code handle} throws is answered FAILURE with the reason, logged
 * and counted: no message ends the agent.
 *
 * @param <T> the vocabulary record the messages carry
 */
public abstract class TakeContent<T extends LamboMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(TakeContent.class);
    protected final Agent myAgent;
    private final Class<T> type;

    protected TakeContent(Agent agent, Class<T> type) {
        this.myAgent = agent;
        this.type = type;
    }

    /** Reads {@code msg}'s content and handles it, or answers why not. Agent thread only. */
    public final void take(ACLMessage msg) {
        Optional<String> early;
        try {
            early = refuseUnread(msg);
        } catch (RuntimeException e) {
            early = Optional.empty();
        }
        if (early.isPresent()) {
            refuse(msg, Discipline.Kind.WRONG_SENDER, early.get());
            return;
        }
        T content;
        try {
            content = type == LamboMessage.class ? type.cast(LamboAcl.read(msg)) : LamboAcl.read(msg, type);
        } catch (MalformedMessageException e) {
            if (LamboAcl.oversize(msg).isPresent()) {
                if (!(myAgent instanceof GuardedAgent g) || g.answerTo(Peers.name(msg.getSender()))) {
                    myAgent.send(LocalDelivery.signed(
                            myAgent,
                            LamboAcl.replyWithReason(
                                    msg, ACLMessage.NOT_UNDERSTOOD, e.getMessage()))); // counted on arrival
                }
            } else
                ReceiveContent.answer(
                        myAgent, msg, ACLMessage.NOT_UNDERSTOOD, Discipline.Kind.MALFORMED, e.getMessage());
            return;
        }
        try {
            handle(msg, content);
        } catch (RuntimeException e) {
            String reason = myAgent.getLocalName() + " could not handle the "
                    + ACLMessage.getPerformative(msg.getPerformative()) + " from " + Peers.name(msg.getSender()) + ": "
                    + ReceiveContent.describe(e);
            LOG.warn(reason, e);
            ReceiveContent.answer(myAgent, msg, ACLMessage.FAILURE, Discipline.Kind.FAILED, reason);
        }
    }

    /**
     * Why a message is refused on its header alone (its sender), before its content is read: a flood from an agent that
     * may not send this kind of message costs no parse. Empty (the default) when it is read.
     */
    protected Optional<String> refuseUnread(ACLMessage msg) {
        return Optional.empty();
    }

    /** What to do with a well-formed message and its content. */
    protected abstract void handle(ACLMessage msg, T content);

    /**
     * Refuses a message with the reason, counted under {@code kind}: NOT_UNDERSTOOD for an INFORM, REFUSE for a
     * request.
     */
    protected final void refuse(ACLMessage msg, Discipline.Kind kind, String reason) {
        int answer = msg.getPerformative() == ACLMessage.INFORM ? ACLMessage.NOT_UNDERSTOOD : ACLMessage.REFUSE;
        ReceiveContent.answer(myAgent, msg, answer, kind, reason);
    }
}
