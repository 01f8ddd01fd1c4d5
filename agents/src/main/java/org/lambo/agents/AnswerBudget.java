package org.lambo.agents;

import java.util.HashMap;
import java.util.Map;

/**
 * How many refusals an agent answers each sender: at most {@code perSecond} a second, in bursts of up to {@code burst}
 * (a token bucket per sender). A peer that floods an agent with messages it refuses gets the first ones answered, with
 * the reason, and the rest only counted: answering every one would double the flood's traffic. Remembers at most
 * {@value #SENDERS} senders (forgetting them all when more come, which only refills their buckets). Plain Java; one
 * agent's thread uses it.
 */
public final class AnswerBudget {
    static final int SENDERS = 1_000;
    private final double perSecond;
    private final double burst;
    private final Map<String, double[]> buckets = new HashMap<>(); // sender -> {tokens, last refill nanos}

    public AnswerBudget(double perSecond, double burst) {
        if (!(perSecond > 0) || !(burst >= 1))
            throw new IllegalArgumentException(
                    "perSecond must be > 0 and burst >= 1, got " + perSecond + " and " + burst);
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Whether a refusal to {@code sender} is answered now (taking one token), at {@code nanos}. */
    public boolean take(String sender, long nanos) {
        if (buckets.size() >= SENDERS && !buckets.containsKey(sender)) buckets.clear();
        double[] b = buckets.computeIfAbsent(sender, s -> new double[] {burst, nanos});
        b[0] = Math.min(burst, b[0] + (nanos - (long) b[1]) / 1e9 * perSecond);
        b[1] = nanos;
        if (b[0] < 1) return false;
        b[0] -= 1;
        return true;
    }
}
