package org.lambo.mqtt.payload;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.lambo.mqtt.topic.Ids;

/**
 * Stamps outgoing bodies for one sender: its device id, the next sequence number (from 0, one counter per sender,
 * thread-safe) and the send time from a passed-in clock.
 */
public final class EnvelopeFactory {
    private final String deviceId;
    private final Clock clock;
    private final AtomicLong seq = new AtomicLong();

    public EnvelopeFactory(String deviceId, Clock clock) {
        this.deviceId = Ids.require("deviceId", deviceId);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The next envelope of type {@code type} around {@code body}. */
    public <B> Envelope<B> next(String type, B body) {
        return new Envelope<>(EnvelopeCodec.SCHEMA, type, deviceId, seq.getAndIncrement(), clock.instant(), body);
    }

    public String deviceId() {
        return deviceId;
    }

    /** How many envelopes this factory has stamped. */
    public long issued() {
        return seq.get();
    }
}
