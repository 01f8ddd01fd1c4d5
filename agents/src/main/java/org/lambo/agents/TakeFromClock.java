package org.lambo.agents;

import jade.core.AID;
import jade.core.Agent;
import jade.lang.acl.ACLMessage;
import java.util.Optional;
import org.lambo.ontology.LamboMessage;

/**
 * What {@link ReceiveFromClock} does with one message, as a plain object ({@link TakeContent}): what only the trial's
 * clock may send (a slot's start). A message from any other agent is refused on its header before its content is read
 * ({@link Peers#notTheClock}, counted as {@link Discipline.Kind#WRONG_SENDER}) and checked again before it is handled,
 * so a check that failed unread never lets one through; the clock's own goes to {@link #fromClock}.
 *
 * @param <T> the vocabulary record the messages carry
 */
public abstract class TakeFromClock<T extends LamboMessage> extends TakeContent<T> {
    protected TakeFromClock(Agent agent, Class<T> type) {
        super(agent, type);
    }

    /** The post of this agent's container: a slot-start it hands on is the clock's ({@link Relay#origin}). */
    private AID post;

    /** Who a message speaks for: its sender, or the clock when the post of this agent's container relayed it. */
    protected final AID origin(ACLMessage msg) {
        if (post == null) post = new AID(Relay.postName(myAgent.here().getName()), AID.ISLOCALNAME);
        return Relay.origin(msg, post);
    }

    @Override
    protected final Optional<String> refuseUnread(ACLMessage msg) {
        return Peers.notTheClock(origin(msg));
    }

    @Override
    protected final void handle(ACLMessage msg, T content) {
        Optional<String> notClock = Peers.notTheClock(origin(msg));
        if (notClock.isPresent()) {
            refuse(msg, Discipline.Kind.WRONG_SENDER, notClock.get());
            return;
        }
        fromClock(msg, content);
    }

    /** What to do with a well-formed message from the clock and its content. */
    protected abstract void fromClock(ACLMessage msg, T content);
}
