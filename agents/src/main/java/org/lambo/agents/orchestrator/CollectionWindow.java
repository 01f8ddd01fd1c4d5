package org.lambo.agents.orchestrator;

import java.util.List;

/**
 * When the orchestrator stops waiting for a slot's requests, from the round trips it measured. At the collection
 * deadline ({@code --collect-ms} after the slot opened) a slot whose requests are still coming in is not cut off: on a
 * slow link JADE delivers one container's requests to the orchestrator one round trip after another, so 50 UEs behind a
 * 130 ms link need about 6.5 s, more than the default 5 s. The window goes on while requests keep arriving: it closes
 * once none has come for {@link #quietMs the quiet time} (four times the mean interval between arrivals, twice the
 * longest gap seen, at least {@value #MIN_QUIET_MS} ms and at most the collection time itself), and in any case
 * {@value #MAX_FACTOR} times the collection time after the slot opened, and never so late that a UE that asked could no
 * longer act on its decision. On a clean link the requests all come in the first few hundred ms, and the slot is
 * decided at the deadline as before; a slot where every expected request has come is decided at once, deadline or not.
 * Plain Java.
 */
public final class CollectionWindow {
    /** The window never stays open longer than this many collection times (30 s with the default 5 s). */
    public static final int MAX_FACTOR = 6;
    /** The shortest quiet time. */
    public static final long MIN_QUIET_MS = 200;
    /** How many mean intervals between arrivals make the quiet time. */
    static final int MEAN_INTERVALS = 4;

    private CollectionWindow() {}

    /**
     * How much longer to wait, at {@code nowMs} after the slot opened, for requests that came at {@code arrivalsMs} (ms
     * after the slot opened, in the order they came).
     *
     * @return 0 to decide now, else the ms to wait before asking again
     */
    public static long waitMoreMs(long collectMs, List<Long> arrivalsMs, long nowMs) {
        return waitMoreMs(collectMs, arrivalsMs, nowMs, Long.MAX_VALUE);
    }

    /**
     * As {@link #waitMoreMs(long, List, long)}, and never past {@code lastUsefulMs} (ms after the slot opened): the
     * latest decision the UEs that asked can still act on (their earliest reply-by, less the time the servers take to
     * confirm). With the defaults (a 60 s decision wait) that is far; with a decision wait not much longer than
     * {@code --collect-ms} plus {@code --server-ms} it ends the window.
     */
    public static long waitMoreMs(long collectMs, List<Long> arrivalsMs, long nowMs, long lastUsefulMs) {
        if (collectMs <= 0) throw new IllegalArgumentException("collectMs must be > 0, got " + collectMs);
        if (nowMs < collectMs) return collectMs - nowMs;
        long cap = Math.min(MAX_FACTOR * collectMs, lastUsefulMs);
        if (arrivalsMs.isEmpty() || nowMs >= cap) return 0;
        long last = arrivalsMs.get(arrivalsMs.size() - 1);
        long closes = Math.min(cap, last + quietMs(collectMs, arrivalsMs));
        return Math.max(0, closes - nowMs);
    }

    /**
     * How long without a new request ends the window: four mean intervals between arrivals (the slot's opening counts
     * as the first), twice the longest gap, at least {@value #MIN_QUIET_MS} ms, at most {@code collectMs}.
     */
    public static long quietMs(long collectMs, List<Long> arrivalsMs) {
        if (arrivalsMs.isEmpty()) return Math.min(collectMs, MIN_QUIET_MS);
        long previous = 0;
        long longest = 0;
        for (long a : arrivalsMs) {
            longest = Math.max(longest, a - previous);
            previous = Math.max(previous, a);
        }
        long mean = previous / arrivalsMs.size();
        return Math.min(collectMs, Math.max(MIN_QUIET_MS, Math.max(MEAN_INTERVALS * mean, 2 * longest)));
    }
}
