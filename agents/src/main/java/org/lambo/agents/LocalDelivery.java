package org.lambo.agents;

import jade.core.AID;
import jade.core.Agent;
import jade.lang.acl.ACLMessage;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Messages between agents of one container, handed over in the sender's thread. JADE delivers every message through its
 * MessageManager: the sender queues it, one of a pool of Deliverer threads takes it and posts it into the receiver's
 * queue, and the receiver's thread wakes: two thread hand-offs per message, and the Deliverer pool is one more place
 * where a slot's 300 messages wait on 2 cores. JADE's own per-message switch {@code JADE-synch-delivery} posts the
 * message from the sender's thread instead (the same {@code postMessage}: the receiver's {@link GuardedQueue} bounds
 * and counts it as before, and a receiver that is gone makes the AMS answer FAILURE as before). For a receiver in
 * another container that would make the sender wait for the network, so it is set only when every receiver is an agent
 * of the sender's own container, as this JVM-wide registry knows them: the trial's agents {@link #join} it in
 * {@code setup} and {@link #leave} it in {@code takeDown}.
 *
 * <p>An agent of another JVM, a lane (a JADE alias) or any agent that did not join is sent to as JADE always does.
 * Nothing about who may send what changes: the receivers check senders as before.
 */
public final class LocalDelivery {
    /** JADE's user-defined parameter for delivery in the sender's thread (MessagingService, JADE 4.3). */
    static final String SYNCH = "JADE-synch-delivery";
    /** Full agent name to the container (platform and container name) it lives in. */
    private static final Map<String, String> HOMES = new ConcurrentHashMap<>();

    private LocalDelivery() {}

    /** The agent lives in its container from now on (call from {@code setup}). */
    public static void join(Agent a) {
        HOMES.put(a.getAID().getName(), home(a));
    }

    /** The agent is no longer there (call from {@code takeDown}). */
    public static void leave(Agent a) {
        HOMES.remove(a.getAID().getName(), home(a));
    }

    /** Whether {@code to} joined and lives in {@code from}'s container. */
    public static boolean sameContainer(Agent from, AID to) {
        if (to == null) return false;
        String h = HOMES.get(to.getName());
        return h != null && h.equals(HOMES.get(from.getAID().getName()));
    }

    /**
     * Marks {@code m} for delivery in the sender's thread when every receiver is in {@code from}'s container; otherwise
     * leaves it as it is. Names {@code from} as its sender when it names none ({@link #signed}). Returns {@code m}.
     */
    public static ACLMessage mark(Agent from, ACLMessage m) {
        signed(from, m);
        Iterator<?> it = m.getAllReceiver();
        if (!it.hasNext()) return m;
        while (it.hasNext()) if (!sameContainer(from, (AID) it.next())) return m;
        m.addUserDefinedParameter(SYNCH, "true");
        return m;
    }

    /** Sends {@code m}, in the sender's thread when every receiver is in its container ({@link #mark}). */
    public static void send(Agent from, ACLMessage m) {
        from.send(mark(from, m));
    }

    /**
     * Names {@code from} as the sender of {@code m} when it names none, as JADE's {@code Agent.send} would: JADE 4.3
     * finds a missing sender by catching the NullPointerException of {@code msg.getSender().getName()}, an exception
     * and its stack trace made for every message sent without one (27 % of the trial JVM's CPU samples in a 1000-UE
     * slot, docs/BENCHMARKS.md). Returns {@code m}.
     */
    public static ACLMessage signed(Agent from, ACLMessage m) {
        if (m.getSender() == null) m.setSender(from.getAID());
        return m;
    }

    private static String home(Agent a) {
        String name = a.getAID().getName();
        int at = name.indexOf('@');
        return (at < 0 ? "" : name.substring(at + 1)) + "|" + a.here().getName();
    }
}
