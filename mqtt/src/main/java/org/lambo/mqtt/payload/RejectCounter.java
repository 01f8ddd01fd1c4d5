package org.lambo.mqtt.payload;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe counts of rejected messages per {@link RejectReason}, read by telemetry, the trial summary and tests.
 * Counting is lock-free, so it is safe on Paho's callback thread.
 */
public final class RejectCounter {
    private final EnumMap<RejectReason, LongAdder> counts = new EnumMap<>(RejectReason.class);

    public RejectCounter() {
        for (RejectReason r : RejectReason.values()) counts.put(r, new LongAdder());
    }

    /** Counts one rejection for {@code reason}. */
    public void count(RejectReason reason) {
        counts.get(reason).increment();
    }

    /** Rejections so far for {@code reason}. */
    public long get(RejectReason reason) {
        return counts.get(reason).sum();
    }

    /** Rejections so far, all reasons together. */
    public long total() {
        long t = 0;
        for (LongAdder a : counts.values()) t += a.sum();
        return t;
    }

    /** A consistent-enough copy of the non-zero counts, in reason order. */
    public Map<RejectReason, Long> snapshot() {
        EnumMap<RejectReason, Long> s = new EnumMap<>(RejectReason.class);
        counts.forEach((r, a) -> {
            long n = a.sum();
            if (n > 0) s.put(r, n);
        });
        return s;
    }

    @Override
    public String toString() {
        return "rejected " + snapshot();
    }
}
