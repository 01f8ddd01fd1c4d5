package org.lambo.agents.ue;

/**
 * When a UE that has heard nothing asks again: its request reached the orchestrator (or its submission the edge server)
 * but the answer may have been lost on a cut connection, and the other side answers a repeated request with the same
 * answer. The first silence is {@code factor} times the longest round trip the UE saw in its recent tasks (at least
 * {@code minMs}), or {@code firstMs} when it has seen none; each further silence twice the one before, up to
 * {@code maxMs}; each then lengthened by up to {@code spread} of itself (the UE's own jitter, {@code u} in [0, 1)), so
 * that the UEs of a large trial do not all ask at once; never a wait that would not end before the task's deadline.
 * Plain Java.
 *
 * <p>A large trial's decisions take long ({@link #forSlotOf}): every UE of a slot is decided on the orchestrator's
 * thread, and a UE that asks again while its answer is still on its way is answered again on that same thread.
 *
 * @param minMs the shortest silence
 * @param firstMs the first silence when no round trip has been seen yet
 * @param maxMs the longest silence (before the jitter)
 * @param factor how many of the longest recent round trips make the first silence
 * @param spread how much longer, as a share of itself, a silence may be made by the UE's jitter (0: none)
 */
public record Reask(long minMs, long firstMs, long maxMs, int factor, double spread) {
    /**
     * For decisions: a decision comes after the slot's collection window (5 s by default), so 10 s before a first round
     * trip is known.
     */
    public static final Reask DECISIONS = new Reask(1_000, 10_000, 20_000, 2);
    /** For results: an edge server answers at once (a device-backed one after running the task). */
    public static final Reask RESULTS = new Reask(500, 2_000, 8_000, 3);
    /**
     * How long a slot's decision takes per UE of the slot, in the orchestrator's one thread, from the first request to
     * the last answer sent: 8 ms at 10,000 UEs (81 s, half of it answering 9,304 UEs that had asked again after 10 s),
     * 1.8 to 3.3 ms at 1,000 UEs under load 20 to 58 (docs/BENCHMARKS.md, "Scale out"); 4 ms: the time without the
     * repeats.
     */
    public static final long MS_PER_UE = 4;
    /** The jitter of a large trial's silences: up to half as long again. */
    public static final double CROWD_SPREAD = 0.5;

    /** Silences without jitter. */
    public Reask(long minMs, long firstMs, long maxMs, int factor) {
        this(minMs, firstMs, maxMs, factor, 0);
    }

    public Reask {
        if (minMs <= 0) throw new IllegalArgumentException("minMs must be > 0, got " + minMs);
        if (firstMs < minMs)
            throw new IllegalArgumentException("firstMs must be >= minMs (" + minMs + "), got " + firstMs);
        if (maxMs < firstMs)
            throw new IllegalArgumentException("maxMs must be >= firstMs (" + firstMs + "), got " + maxMs);
        if (factor < 1) throw new IllegalArgumentException("factor must be >= 1, got " + factor);
        if (!(spread >= 0 && spread <= 1))
            throw new IllegalArgumentException("spread must be in [0, 1], got " + spread);
    }

    /**
     * The silences for a slot of {@code ues} UEs whose answers are due within {@code budgetMs} of the first request: no
     * silence shorter than the time the orchestrator takes to decide and answer that many UEs ({@link #MS_PER_UE}
     * each), but at most half the budget, so that a UE whose answer was lost still asks again, and has half its budget
     * left for the answer, however large the trial; jittered by up to {@link #CROWD_SPREAD}. A slot whose UEs are
     * decided within {@code firstMs} keeps these silences as they are (50 UEs: 0.2 s; 1,000 UEs: 4 s).
     */
    public Reask forSlotOf(int ues, long budgetMs) {
        if (ues < 0) throw new IllegalArgumentException("ues must be >= 0, got " + ues);
        if (budgetMs <= 0) throw new IllegalArgumentException("budgetMs must be > 0, got " + budgetMs);
        long crowd = Math.min(ues * MS_PER_UE, budgetMs / 2);
        if (crowd <= firstMs) return this;
        return new Reask(Math.max(minMs, crowd), crowd, Math.max(maxMs, crowd), factor, CROWD_SPREAD);
    }

    /**
     * The silence before asking again for the {@code n}-th time (1 for the first), given the longest round trip seen
     * recently ({@code longestSeenMs}, 0 or less when none), or -1 when the wait would not end before the deadline,
     * {@code remainingMs} away; without jitter.
     */
    public long silenceMs(int n, long remainingMs, long longestSeenMs) {
        return silenceMs(n, remainingMs, longestSeenMs, 0);
    }

    /**
     * As {@link #silenceMs(int, long, long)}, lengthened by {@code u} (in [0, 1), the UE's jitter) times the spread of
     * the silence, but never so much that a silence which ends before the deadline no longer does.
     */
    public long silenceMs(int n, long remainingMs, long longestSeenMs, double u) {
        if (n < 1) throw new IllegalArgumentException("n must be >= 1, got " + n);
        if (!(u >= 0 && u < 1)) throw new IllegalArgumentException("u must be in [0, 1), got " + u);
        long d = longestSeenMs > 0 ? Math.min(maxMs, Math.max(minMs, factor * longestSeenMs)) : firstMs;
        for (int k = 1; k < n && d < maxMs; k++) d *= 2;
        d = Math.min(d, maxMs);
        if (d >= remainingMs) return -1;
        return Math.min(d + (long) (d * spread * u), remainingMs - 1);
    }
}
