package org.lambo.agents;

import jade.core.Agent;
import jade.core.MessageQueue;
import org.lambo.ontology.jade.LamboAcl;

/**
 * The base of the testbed's agents: a bounded message queue ({@link GuardedQueue}: at most {@value #QUEUE_SIZE}
 * messages, content over {@link #contentLimit()} characters dropped on arrival), the agent's {@link Discipline}
 * counters, published under its local name, and the budget of refusals it answers each sender
 * ({@value #ANSWERS_PER_SECOND} a second, bursts of {@value #ANSWER_BURST}; the others are counted, not answered).
 */
public abstract class GuardedAgent extends Agent {
    /** The most messages an agent's queue holds; a message arriving at a full queue is dropped and counted. */
    public static final int QUEUE_SIZE = 10_000;

    /** Refusals answered per sender and second, and in a burst ({@link AnswerBudget}). */
    public static final int ANSWERS_PER_SECOND = 20;

    public static final int ANSWER_BURST = 100;

    private final Discipline discipline = new Discipline();
    private final AnswerBudget answers = new AnswerBudget(ANSWERS_PER_SECOND, ANSWER_BURST);

    protected GuardedAgent() {
        setQueueSize(QUEUE_SIZE);
    }

    /**
     * The largest content this agent reads, in characters: {@link LamboAcl#MAX_CONTENT} unless the agent says
     * otherwise.
     */
    protected long contentLimit() {
        return LamboAcl.MAX_CONTENT;
    }

    @Override
    protected MessageQueue createMessageQueue() {
        Discipline.publish(getLocalName(), discipline);
        return new GuardedQueue(getLocalName(), QUEUE_SIZE, contentLimit(), discipline);
    }

    /**
     * Whether a refusal to {@code sender} is answered (a flood's are not all: {@link AnswerBudget}). Agent thread only.
     */
    public boolean answerTo(String sender) {
        return answers.take(sender, System.nanoTime());
    }

    /** What this agent refused and dropped. */
    public Discipline discipline() {
        return discipline;
    }

    /** The conversations a behaviour of this agent awaits replies in, with how many behaviours await each. */
    private final java.util.Map<String, Integer> awaited = new java.util.HashMap<>();

    /**
     * A behaviour of this agent awaits replies in conversation {@code conversationId} until it calls
     * {@link #stopAwaiting}: {@link AnswerUnknownMessages} leaves them in the queue for it, however long the agent's
     * thread takes to get to them (a protocol initiator takes one reply per several turns of the agent's scheduler, and
     * a starved agent may take seconds for those). Only the agent's own behaviours add to it, each for as long as it
     * runs (each ends by its deadline). Agent thread only.
     */
    public void awaitReplies(String conversationId) {
        if (conversationId != null) awaited.merge(conversationId, 1, Integer::sum);
    }

    /** The behaviour that called {@link #awaitReplies} no longer awaits replies in that conversation. */
    public void stopAwaiting(String conversationId) {
        if (conversationId != null) awaited.computeIfPresent(conversationId, (k, n) -> n > 1 ? n - 1 : null);
    }

    /** Whether a behaviour of this agent awaits replies in {@code conversationId} ({@link #awaitReplies}). */
    public boolean awaitsReplies(String conversationId) {
        return conversationId != null && awaited.containsKey(conversationId);
    }
}
