package org.lambo.agents;

import jade.core.Agent;
import jade.core.behaviours.CyclicBehaviour;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import org.lambo.ontology.LamboMessage;
import org.lambo.ontology.jade.LamboAcl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the messages that match a template, one at a time, and reads their LAMBO content as {@code T}
 * ({@link LamboMessage} itself: whichever type it is). A message whose content is malformed, of another type or too
 * large is answered NOT_UNDERSTOOD with the reason (the bad field or the size named) and the agent goes on; a
 * well-formed one goes to {@link #handle}. Whatever {@code handle} throws is answered FAILURE with the reason, logged
 * and counted: no message ends the agent. The agents' receiving behaviours extend it, so each says only what it does
 * with what it received. What it does with each message is {@link TakeContent}'s: an agent that receives every message
 * in one behaviour and routes it uses that directly.
 *
 * @param <T> the vocabulary record the messages carry
 */
public abstract class ReceiveContent<T extends LamboMessage> extends CyclicBehaviour {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiveContent.class);
    private final MessageTemplate template;
    /** What it does with each message it receives ({@link TakeContent}), with this behaviour's checks and handling. */
    private final TakeContent<T> taker;

    protected ReceiveContent(Agent agent, MessageTemplate template, Class<T> type) {
        super(agent);
        this.template = template;
        this.taker = new TakeContent<>(agent, type) {
            @Override
            protected java.util.Optional<String> refuseUnread(ACLMessage msg) {
                return ReceiveContent.this.refuseUnread(msg);
            }

            @Override
            protected void handle(ACLMessage msg, T content) {
                ReceiveContent.this.handle(msg, content);
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

    /**
     * Why a message is refused on its header alone (its sender), before its content is read: a flood from an agent that
     * may not send this kind of message costs no parse. Empty (the default) when it is read.
     */
    protected java.util.Optional<String> refuseUnread(ACLMessage msg) {
        return java.util.Optional.empty();
    }

    /** What to do with a well-formed message and its content. */
    protected abstract void handle(ACLMessage msg, T content);

    /**
     * Refuses a message with the reason, counted under {@code kind}: NOT_UNDERSTOOD for an INFORM, REFUSE for a
     * request.
     */
    protected final void refuse(ACLMessage msg, Discipline.Kind kind, String reason) {
        int answer = msg.getPerformative() == ACLMessage.INFORM ? ACLMessage.NOT_UNDERSTOOD : ACLMessage.REFUSE;
        answer(myAgent, msg, answer, kind, reason);
    }

    /**
     * Answers a message with a reason and counts it in the agent's {@link Discipline} (when it is a
     * {@link GuardedAgent}, within its {@link AnswerBudget} for the sender); logs it at FINE.
     */
    public static void answer(Agent agent, ACLMessage msg, int performative, Discipline.Kind kind, String reason) {
        String why = reason == null || reason.isBlank()
                ? kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                : reason;
        count(agent, kind, why);
        if (agent instanceof GuardedAgent g && !g.answerTo(Peers.name(msg.getSender())))
            return; // a flood: counted, not all answered
        LOG.atDebug().log(() -> agent.getLocalName() + " answers " + ACLMessage.getPerformative(performative) + " to "
                + Peers.name(msg.getSender()) + ": " + why);
        agent.send(LocalDelivery.signed(agent, LamboAcl.replyWithReason(msg, performative, why)));
    }

    /** Counts a refused or dropped message in the agent's {@link Discipline}, when it keeps one. */
    public static void count(Agent agent, Discipline.Kind kind, String reason) {
        if (agent instanceof GuardedAgent g) g.discipline().count(kind, reason);
    }

    /** An exception in words: its message, or its type when it has none (never "null"). */
    public static String describe(Throwable e) {
        if (e == null) return "no reason given";
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
