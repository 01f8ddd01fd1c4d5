package org.lambo.agents;

import jade.core.behaviours.CyclicBehaviour;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's one receiving behaviour: it takes every message (but a reply another behaviour of the agent awaits,
 * {@link GuardedAgent#awaitReplies}: while it leaves after a setup failure, say; it is woken when that conversation
 * ends, and takes what was left) and hands it to {@link #route}, which gives each kind to a plain handler
 * ({@link TakeContent}, {@link TakeFromClock}, a conversation object) and what none takes to
 * {@link AnswerUnknownMessages#answerOrDrop}; then it runs what is due ({@link #runDue}) and blocks until the earliest
 * due time or the next message. At most {@value #BATCH} messages a step, so that a flood does not hold the due times
 * back; whatever a handler throws is logged and the agent goes on.
 *
 * <p>Why one: JADE restarts every blocked behaviour of an agent on each message that arrives and yields the agent's
 * thread after each behaviour's step ({@code Thread.yield()} in {@code Agent.run}, a {@code sched_yield} call), so an
 * agent with a behaviour per kind of message pays a step and a yield per behaviour and message: a UE with four ran 10.8
 * steps per slot for its 3 messages (docs/BENCHMARKS.md, "Session 14: where a 1000-UE slot's CPU goes").
 */
public abstract class TakeEveryMessage extends CyclicBehaviour {
    private static final Logger LOG = LoggerFactory.getLogger(TakeEveryMessage.class);
    /** The most messages one step takes before it runs what is due. */
    public static final int BATCH = 64;

    private final GuardedAgent agent;
    /** Every message but a reply another behaviour of this agent awaits. */
    private final MessageTemplate notAwaitedElsewhere;

    protected TakeEveryMessage(GuardedAgent agent) {
        super(agent);
        this.agent = agent;
        this.notAwaitedElsewhere = new MessageTemplate(
                m -> AnswerUnknownMessages.opensConversation(m) || !agent.awaitsReplies(m.getConversationId()));
        // a reply left to a conversation that has ended is this behaviour's now, even if no message arrives to wake it
        agent.whenAConversationEnds(this::lookAgain);
    }

    private void lookAgain() {
        if (!isRunnable()) restart();
    }

    @Override
    public final void action() {
        int taken = 0;
        for (ACLMessage m = next(); m != null; m = taken < BATCH ? next() : null) {
            taken++;
            try {
                route(m);
            } catch (RuntimeException e) {
                LOG.warn(agent.getLocalName() + " could not take a message from " + Peers.name(m.getSender()) + ": "
                        + ReceiveContent.describe(e));
            }
        }
        long earliest = runDue();
        if (taken >= BATCH) return; // more may be queued: this behaviour runs again at once
        if (earliest == Long.MAX_VALUE) block();
        else block(Math.max(1, (earliest - System.nanoTime() + 999_999) / 1_000_000));
    }

    private ACLMessage next() {
        return agent.awaitsAnyReplies() ? agent.receive(notAwaitedElsewhere) : agent.receive();
    }

    /** Hands a message to its handler; what no handler takes to {@link AnswerUnknownMessages#answerOrDrop}. */
    protected abstract void route(ACLMessage m);

    /**
     * Runs what is due now; returns the earliest due time left ({@link System#nanoTime()} scale), or
     * {@link Long#MAX_VALUE} when nothing is due (the default: an agent with no times of its own).
     */
    protected long runDue() {
        return Long.MAX_VALUE;
    }
}
