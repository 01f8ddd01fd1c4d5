package org.lambo.agents;

import jade.core.Agent;
import jade.core.behaviours.CyclicBehaviour;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import org.lambo.ontology.LamboMessage;

/**
 * A receiving behaviour for what only the trial's clock may send (a slot's start): a message from any other agent is
 * refused on its header before its content is read ({@link Peers#notTheClock}, counted as
 * {@link Discipline.Kind#WRONG_SENDER}) and checked again before it is handled, so a check that failed unread never
 * lets one through; the clock's own goes to {@link #fromClock}.
 *
 * @param <T> the vocabulary record the messages carry
 */
public abstract class ReceiveFromClock<T extends LamboMessage> extends CyclicBehaviour {
    private final MessageTemplate template;
    private final TakeFromClock<T> taker;

    protected ReceiveFromClock(Agent agent, MessageTemplate template, Class<T> type) {
        super(agent);
        this.template = template;
        this.taker =
                new TakeFromClock<>(agent, type) { // the checks: one place for both kinds of behaviour
                    @Override
                    protected void fromClock(ACLMessage msg, T content) {
                        ReceiveFromClock.this.fromClock(msg, content);
                    }
                };
    }

    @Override
    public final void action() {
        ACLMessage msg = myAgent.receive(template);
        if (msg == null) {
            block();
            return;
        }
        taker.take(msg);
    }

    /** Refuses {@code msg} with the reason, counted as {@code kind} ({@link TakeContent#refuse}). */
    protected final void refuse(ACLMessage msg, Discipline.Kind kind, String reason) {
        taker.refuse(msg, kind, reason);
    }

    /** What to do with a well-formed message from the clock and its content. */
    protected abstract void fromClock(ACLMessage msg, T content);
}
