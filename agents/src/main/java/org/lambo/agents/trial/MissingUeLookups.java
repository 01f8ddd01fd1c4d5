package org.lambo.agents.trial;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.lambo.agents.ServiceTypes;

/**
 * When the clock asks the AMS where the UEs it has not seen born are, and which ones: the clock learns that a UE lives
 * from the AMS's birth events, one message each, and a birth its queue dropped (10,000 births coming faster than a
 * loaded clock reads them) would leave that UE missing for good. So, while UEs are missing, the clock asks the AMS
 * about them by name ({@code WhereIsAgentAction}): once no birth has come for {@value #QUIET_MS} ms (the births have
 * stopped, or stalled), and at least every {@value #EVERY_MS} ms while they go on. Bounded: one batch of at most
 * {@value #BATCH} names in flight; a batch not all answered within {@value #ANSWER_MS} ms is given up (its late answers
 * are ignored) and its names asked again later. A batch that found a UE is followed by the next as soon as it is
 * answered (the births were dropped: the rest are likely there too), one that found none waits {@value #EVERY_MS} ms
 * (the UEs are not born yet: the AMS is not asked over and over). The names are taken in turn from a cursor that goes
 * round the missing UEs, so a UE that is not there does not hold back the ones after it. A lookup costs the AMS one
 * request; a dropped birth costs one lookup, not the trial. Agent thread only.
 */
final class MissingUeLookups {
    static final int BATCH = 200;
    static final long QUIET_MS = 2_000;
    static final long EVERY_MS = 10_000;
    static final long ANSWER_MS = 20_000;

    private final int want;
    private int cursor;
    /** The open batch's requests: reply-with to the UE's name. */
    private final Map<String, String> outstanding = new HashMap<>();

    private long lastSentMs;
    private int foundInBatch;
    private boolean lastBatchFound;
    private long asked;
    private long found;

    /** For UEs {@code 0..want-1}; {@code nowMs}: the clock's start (the first batch waits for quiet from then). */
    MissingUeLookups(int want, long nowMs) {
        if (want < 0) throw new IllegalArgumentException("want must be >= 0, got " + want);
        this.want = want;
        this.lastSentMs = nowMs;
    }

    /**
     * The names to ask about now (empty: not now): at most {@value #BATCH} UEs from {@code from} up that are not
     * {@code accounted} (living as the clock knows, gone, or said they could not set up).
     *
     * @param lastBirthMs when the clock last read a birth (or its start)
     * @param from UEs below it are accounted for
     */
    List<String> due(long nowMs, long lastBirthMs, int from, IntPredicate accounted) {
        if (!outstanding.isEmpty()) {
            if (nowMs - lastSentMs < ANSWER_MS) return List.of();
            outstanding.clear(); // given up: asked again in a later batch
            lastBatchFound = foundInBatch > 0;
        }
        boolean quiet = nowMs - lastBirthMs >= QUIET_MS;
        if (!(quiet && (asked == 0 || lastBatchFound)) && nowMs - lastSentMs < EVERY_MS) return List.of();
        from = Math.max(0, from);
        int span = want - from;
        if (span <= 0) return List.of();
        if (cursor < from || cursor >= want) cursor = from;
        List<String> names = new ArrayList<>(Math.min(BATCH, span));
        for (int k = 0; k < span && names.size() < BATCH; k++) {
            int i = cursor;
            cursor = cursor + 1 >= want ? from : cursor + 1;
            if (!accounted.test(i)) names.add(ServiceTypes.ueName(i));
        }
        return names;
    }

    /** The batch {@code replyWithToName} (reply-with to name) went out at {@code nowMs}. */
    void sent(long nowMs, Map<String, String> replyWithToName) {
        if (replyWithToName.isEmpty()) return;
        outstanding.clear();
        outstanding.putAll(replyWithToName);
        lastSentMs = nowMs;
        foundInBatch = 0;
        asked += replyWithToName.size();
    }

    /**
     * The AMS answered the request {@code inReplyTo}: the UE's name, or null when it is no request of the open batch
     * (late, or made up). {@code living}: the AMS said where it lives.
     */
    String answered(String inReplyTo, boolean living) {
        String name = inReplyTo == null ? null : outstanding.remove(inReplyTo);
        if (name == null) return null;
        if (living) {
            foundInBatch++;
            found++;
        }
        if (outstanding.isEmpty()) lastBatchFound = foundInBatch > 0;
        return name;
    }

    /** Whether a batch is out and not given up. */
    boolean inFlight(long nowMs) {
        return !outstanding.isEmpty() && nowMs - lastSentMs < ANSWER_MS;
    }

    /** How many names the AMS was asked about so far. */
    long asked() {
        return asked;
    }

    /** How many of them it said live. */
    long found() {
        return found;
    }
}
