package org.lambo.agents;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many refusals an agent answers: each sender at most {@code perSecond} a second, in bursts of up to {@code burst},
 * and all the senders of one container together at most {@value #CONTAINER_FACTOR} times that (a token bucket per
 * sender and one per container; an answer takes a token from both). A peer that floods an agent with messages it
 * refuses gets the first ones answered, with the reason, and the rest only counted: answering every one would double
 * the flood's traffic. A peer that cycles through names gets a fresh bucket per name, but its container's bucket bounds
 * them all: the container a sender lives in is what the agent knows of it ({@link GuardedAgent#containerOf}; senders
 * whose container it does not know share one bucket, keyed ""). Remembers at most {@value #SENDERS} senders and
 * {@value #SENDERS} containers, forgetting the one it used least recently when another comes (which only refills that
 * one's bucket; the others keep theirs). Plain Java; one agent's thread uses it.
 */
public final class AnswerBudget {
    static final int SENDERS = 1_000;
    /** A container's bucket, in units of a sender's: its rate and its burst. */
    static final int CONTAINER_FACTOR = 10;

    private final double perSecond;
    private final double burst;
    private final Map<String, Bucket> senders = lru();
    private final Map<String, Bucket> containers = lru();

    /** Tokens, and when they were last refilled (System.nanoTime). */
    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    public AnswerBudget(double perSecond, double burst) {
        if (!(perSecond > 0) || !(burst >= 1))
            throw new IllegalArgumentException(
                    "perSecond must be > 0 and burst >= 1, got " + perSecond + " and " + burst);
        this.perSecond = perSecond;
        this.burst = burst;
    }

    private static Map<String, Bucket> lru() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > SENDERS;
            }
        };
    }

    /** Whether a refusal to {@code sender}, whose container is not known, is answered now, at {@code nanos}. */
    public boolean take(String sender, long nanos) {
        return take(sender, "", nanos);
    }

    /**
     * Whether a refusal to {@code sender}, of {@code container} ("" or null: not known), is answered now (taking one
     * token of the sender's bucket and one of its container's), at {@code nanos}.
     */
    public boolean take(String sender, String container, long nanos) {
        Bucket s = refill(senders, sender == null ? "" : sender, perSecond, burst, nanos);
        if (s.tokens < 1) return false;
        Bucket c = refill(
                containers,
                container == null ? "" : container,
                perSecond * CONTAINER_FACTOR,
                burst * CONTAINER_FACTOR,
                nanos);
        if (c.tokens < 1) return false;
        s.tokens -= 1;
        c.tokens -= 1;
        return true;
    }

    private static Bucket refill(Map<String, Bucket> buckets, String key, double rate, double max, long nanos) {
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(max, nanos));
        b.tokens = Math.min(max, b.tokens + Math.max(0, nanos - b.at) / 1e9 * rate);
        b.at = nanos;
        return b;
    }

    /** How many senders it remembers now (at most {@value #SENDERS}). */
    int senders() {
        return senders.size();
    }
}
