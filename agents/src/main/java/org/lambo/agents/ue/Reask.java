package org.lambo.agents.ue;

/**
 * When a UE that has heard nothing asks again: its request reached the orchestrator (or its submission the edge server)
 * but the answer may have been lost on a cut connection, and the other side answers a repeated request with the same
 * answer. The first silence is {@code factor} times the longest round trip the UE saw in its recent tasks (at least
 * {@code minMs}), or {@code firstMs} when it has seen none; each further silence twice the one before, up to
 * {@code maxMs}; never a wait that would not end before the task's deadline. Plain Java.
 *
 * @param minMs the shortest silence
 * @param firstMs the first silence when no round trip has been seen yet
 * @param maxMs the longest silence
 * @param factor how many of the longest recent round trips make the first silence
 */
public record Reask(long minMs, long firstMs, long maxMs, int factor) {
    /**
     * For decisions: a decision comes after the slot's collection window (5 s by default), so 10 s before a first round
     * trip is known.
     */
    public static final Reask DECISIONS = new Reask(1_000, 10_000, 20_000, 2);
    /** For results: an edge server answers at once (a device-backed one after running the task). */
    public static final Reask RESULTS = new Reask(500, 2_000, 8_000, 3);

    public Reask {
        if (minMs <= 0) throw new IllegalArgumentException("minMs must be > 0, got " + minMs);
        if (firstMs < minMs)
            throw new IllegalArgumentException("firstMs must be >= minMs (" + minMs + "), got " + firstMs);
        if (maxMs < firstMs)
            throw new IllegalArgumentException("maxMs must be >= firstMs (" + firstMs + "), got " + maxMs);
        if (factor < 1) throw new IllegalArgumentException("factor must be >= 1, got " + factor);
    }

    /**
     * The silence before asking again for the {@code n}-th time (1 for the first), given the longest round trip seen
     * recently ({@code longestSeenMs}, 0 or less when none), or -1 when the wait would not end before the deadline,
     * {@code remainingMs} away.
     */
    public long silenceMs(int n, long remainingMs, long longestSeenMs) {
        if (n < 1) throw new IllegalArgumentException("n must be >= 1, got " + n);
        long d = longestSeenMs > 0 ? Math.min(maxMs, Math.max(minMs, factor * longestSeenMs)) : firstMs;
        for (int k = 1; k < n && d < maxMs; k++) d *= 2;
        d = Math.min(d, maxMs);
        return d < remainingMs ? d : -1;
    }
}
