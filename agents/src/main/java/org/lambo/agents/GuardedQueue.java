package org.lambo.agents;

import jade.core.MessageQueue;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import java.util.Iterator;
import java.util.LinkedList;
import org.lambo.ontology.jade.LamboAcl;

/**
 * An agent's message queue, bounded in count and in content size: content over {@code maxContent} characters is dropped
 * as the message arrives (its header stays, so the agent answers it naming the size: {@link LamboAcl#stripOversize}),
 * and when the queue holds {@code maxSize} messages the arriving one is dropped and counted (JADE's own queue drops the
 * oldest instead, which a flood would use to push out the messages a slot needs). Installed by {@link GuardedAgent}.
 * Thread-safe: JADE posts from the sender's thread and receives on the agent's.
 */
public final class GuardedQueue implements MessageQueue {
    private final LinkedList<ACLMessage> list = new LinkedList<>();
    private final long maxContent;
    private final Discipline discipline;
    private final String owner;
    private int maxSize;
    /** Messages that arrived at any guarded agent of this JVM, by performative (docs/BENCHMARKS.md). */
    private static final java.util.concurrent.atomic.LongAdder[] ARRIVED =
            new java.util.concurrent.atomic.LongAdder[ACLMessage.getAllPerformativeNames().length];

    static {
        for (int k = 0; k < ARRIVED.length; k++) ARRIVED[k] = new java.util.concurrent.atomic.LongAdder();
    }

    /** How many messages arrived at the guarded agents of this JVM so far, by performative (ACLMessage's codes). */
    public static long[] arrived() {
        long[] n = new long[ARRIVED.length];
        for (int k = 0; k < n.length; k++) n[k] = ARRIVED[k].sum();
        return n;
    }

    public GuardedQueue(String owner, int maxSize, long maxContent, Discipline discipline) {
        if (maxSize < 0) throw new IllegalArgumentException("maxSize must be >= 0, got " + maxSize);
        if (maxContent < 1) throw new IllegalArgumentException("maxContent must be >= 1, got " + maxContent);
        this.owner = owner;
        this.maxSize = maxSize;
        this.maxContent = maxContent;
        this.discipline = discipline;
    }

    @Override
    public synchronized void addFirst(ACLMessage msg) {
        if (admit(msg)) list.addFirst(msg);
    }

    @Override
    public synchronized void addLast(ACLMessage msg) {
        int p = msg.getPerformative();
        if (p >= 0 && p < ARRIVED.length) ARRIVED[p].increment();
        if (admit(msg)) list.addLast(msg);
    }

    private boolean admit(ACLMessage msg) {
        if (maxSize > 0 && list.size() >= maxSize) {
            discipline.count(
                    Discipline.Kind.QUEUE_FULL,
                    owner + "'s queue holds " + maxSize + " messages: dropped a "
                            + ACLMessage.getPerformative(msg.getPerformative()) + " from "
                            + Peers.name(msg.getSender()));
            return false;
        }
        if (LamboAcl.stripOversize(msg, maxContent)) {
            discipline.count(
                    Discipline.Kind.OVERSIZE,
                    "a " + ACLMessage.getPerformative(msg.getPerformative()) + " from " + Peers.name(msg.getSender())
                            + ": " + LamboAcl.oversize(msg).orElse(""));
        }
        return true;
    }

    @Override
    public synchronized int getMaxSize() {
        return maxSize;
    }

    /** 0: unbounded (JADE's convention). */
    @Override
    public synchronized void setMaxSize(int size) {
        if (size < 0) throw new IllegalArgumentException("queue size must be >= 0, got " + size);
        this.maxSize = size;
    }

    @Override
    public synchronized boolean isEmpty() {
        return list.isEmpty();
    }

    @Override
    public synchronized ACLMessage receive(MessageTemplate template) {
        for (Iterator<ACLMessage> it = list.iterator(); it.hasNext(); ) {
            ACLMessage m = it.next();
            if (template == null || template.match(m)) {
                it.remove();
                return m;
            }
        }
        return null;
    }

    @Override
    @SuppressWarnings("unchecked") // JADE's raw list
    public synchronized void copyTo(jade.util.leap.List to) {
        for (ACLMessage m : list) to.add(m);
    }

    @Override
    public synchronized int size() {
        return list.size();
    }

    public long maxContent() {
        return maxContent;
    }
}
