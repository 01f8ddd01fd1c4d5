package org.lambo.mqtt.payload;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recognises QoS-1 re-deliveries. A re-delivered message is the same bytes, so it has the same sender, {@code seq} and
 * {@code sentAt}; a sender that restarted counts {@code seq} from 0 again but stamps new times, so its messages are not
 * mistaken for duplicates. Remembers the last {@code window} keys per sender (re-deliveries come soon after the
 * original: within the broker's in-flight window). Thread-safe.
 */
public final class DuplicateFilter {
    private record Key(long seq, Instant sentAt) {}

    private final int window;
    private final Map<String, LinkedHashMap<Key, Boolean>> seen = new HashMap<>();

    /** Remembers {@code window} messages per sender, >= 1. */
    public DuplicateFilter(int window) {
        if (window < 1) throw new IllegalArgumentException("window must be >= 1, got " + window);
        this.window = window;
    }

    /** True the first time this sender's message is seen, false for a re-delivery. */
    public synchronized boolean firstTime(Envelope<?> e) {
        LinkedHashMap<Key, Boolean> keys =
                seen.computeIfAbsent(e.deviceId(), d -> new LinkedHashMap<>(16, 0.75f, false) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
                        return size() > window;
                    }
                });
        return keys.putIfAbsent(new Key(e.seq(), e.sentAt()), Boolean.TRUE) == null;
    }
}
