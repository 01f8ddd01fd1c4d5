package org.lambo.agents;

import jade.core.Agent;
import jade.core.MessageQueue;
import org.lambo.ontology.jade.LamboAcl;

/**
 * The base of the testbed's agents: a bounded message queue ({@link GuardedQueue}: at most
 * {@value #QUEUE_SIZE} messages, content over {@link #contentLimit()} characters dropped on arrival) and
 * the agent's {@link Discipline} counters, published under its local name.
 */
public abstract class GuardedAgent extends Agent {
    /** The most messages an agent's queue holds; a message arriving at a full queue is dropped and counted. */
    public static final int QUEUE_SIZE = 10_000;

    private final Discipline discipline = new Discipline();

    protected GuardedAgent() {
        setQueueSize(QUEUE_SIZE);
    }

    /** The largest content this agent reads, in characters: {@link LamboAcl#MAX_CONTENT} unless the agent says otherwise. */
    protected long contentLimit() {
        return LamboAcl.MAX_CONTENT;
    }

    @Override
    protected MessageQueue createMessageQueue() {
        Discipline.publish(getLocalName(), discipline);
        return new GuardedQueue(getLocalName(), QUEUE_SIZE, contentLimit(), discipline);
    }

    /** What this agent refused and dropped. */
    public Discipline discipline() {
        return discipline;
    }
}
