package org.lambo.agents;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one agent refused or dropped, by kind, and the last reason of each kind: the trace a hostile or broken peer
 * leaves. Thread-safe (the agent's queue counts on the sender's thread). Every agent of the testbed publishes its own
 * under its local name as it starts ({@link #publish}), so that whoever runs the agents in this JVM (the trial, for its
 * summary) reads them all with {@link #snapshot()}.
 */
public final class Discipline {
    /** Why a message was refused or dropped. */
    public enum Kind {
        /**
         * From an agent that may not say it (not the clock, not that UE, not that server, not the orchestrator):
         * refused with the reason.
         */
        WRONG_SENDER,
        /** About a slot that is not the open one (or the next, where that is allowed): refused with the reason. */
        WRONG_SLOT,
        /**
         * Well-formed and from the right agent, but refused by the agent's rules (no share for it, asked twice):
         * refused with the reason.
         */
        REFUSED,
        /**
         * Content that is not LAMBO content of the expected type, or a field out of range: NOT_UNDERSTOOD naming the
         * field.
         */
        MALFORMED,
        /**
         * Content over the agent's size limit: dropped as the message arrived (counted then); the message is answered
         * NOT_UNDERSTOOD naming the size, or dropped as a stray reply.
         */
        OVERSIZE,
        /** A conversation the agent does not take part in (another protocol, language or ontology): NOT_UNDERSTOOD. */
        UNKNOWN,
        /** A reply to no conversation the agent has open (made-up or late in-reply-to): dropped. */
        STRAY_REPLY,
        /** A NOT_UNDERSTOOD, REFUSE or FAILURE that answers nothing the agent asked: dropped, never answered. */
        STRAY_ANSWER,
        /**
         * The agent's queue was full, or its room for senders that are not the trial's agents was: the arriving message
         * was dropped ({@link GuardedQueue}).
         */
        QUEUE_FULL,
        /**
         * Its sender already had its share of the agent's queue waiting (a flood from one name): the arriving message
         * was dropped as it was queued, before the agent read anything ({@link GuardedQueue}).
         */
        SHARE_FULL,
        /** Handling the message threw: FAILURE with the reason, the agent goes on. */
        FAILED
    }

    private static final Map<String, Discipline> PUBLISHED = new ConcurrentHashMap<>();

    private final Map<Kind, AtomicLong> counts = new EnumMap<>(Kind.class);
    private final Map<Kind, String> lastReasons = new ConcurrentHashMap<>();

    public Discipline() {
        for (Kind k : Kind.values()) counts.put(k, new AtomicLong());
    }

    /** Counts one message of the kind, and keeps its reason as the kind's last one. */
    public void count(Kind kind, String reason) {
        counts.get(kind).incrementAndGet();
        if (reason != null && !reason.isBlank())
            lastReasons.put(kind, reason.length() <= 300 ? reason : reason.substring(0, 300) + "...");
    }

    public long count(Kind kind) {
        return counts.get(kind).get();
    }

    /** Every message refused or dropped, whatever the kind. */
    public long total() {
        long sum = 0;
        for (AtomicLong c : counts.values()) sum += c.get();
        return sum;
    }

    /** The kinds counted at least once, with their counts, in the order of {@link Kind}. */
    public Map<Kind, Long> counts() {
        Map<Kind, Long> out = new EnumMap<>(Kind.class);
        counts.forEach((k, v) -> {
            if (v.get() > 0) out.put(k, v.get());
        });
        return Collections.unmodifiableMap(out);
    }

    /** The last reason counted under the kind, or empty. */
    public String lastReason(Kind kind) {
        return lastReasons.getOrDefault(kind, "");
    }

    @Override
    public String toString() {
        return counts().toString();
    }

    /** Publishes an agent's counters under its local name (replacing those of an earlier agent of that name). */
    public static void publish(String agent, Discipline d) {
        PUBLISHED.put(agent, d);
    }

    /** The counters an agent of this JVM published, or null. */
    public static Discipline of(String agent) {
        return PUBLISHED.get(agent);
    }

    /**
     * Every agent of this JVM that published its counters, by local name, with the kinds it counted (those with none
     * counted included, empty).
     */
    public static SortedMap<String, Map<Kind, Long>> snapshot() {
        SortedMap<String, Map<Kind, Long>> out = new TreeMap<>();
        PUBLISHED.forEach((name, d) -> out.put(name, d.counts()));
        return out;
    }
}
