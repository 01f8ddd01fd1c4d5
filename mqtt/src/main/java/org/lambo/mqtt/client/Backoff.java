package org.lambo.mqtt.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for reconnection attempts. Attempt {@code n} (from 0) waits
 *
 * <pre>
 *   base(n)  = min(max, initial * multiplier^n)
 *   delay(n) = base(n) * (1 - jitter * U),   U uniform in [0, 1) from the passed-in random
 * </pre>
 *
 * so every delay lies in {@code [(1 - jitter) * base(n), base(n)]}: capped, never zero when {@code jitter < 1}, and
 * spread so that many devices that lost the same broker do not all come back in the same millisecond. The random is
 * passed in, so a seeded run is reproducible.
 *
 * @param initial the first delay before jitter, > 0
 * @param max the cap, >= initial
 * @param multiplier growth per attempt, >= 1
 * @param jitter the fraction of a delay that may be taken off at random, in [0, 1]
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {
    /** 200 ms doubling to a 30 s cap, half jitter: reconnects fast after a blip, gently after an outage. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), 2.0, 0.5);

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero())
            throw new IllegalArgumentException("initial must be > 0, got " + initial);
        if (max.compareTo(initial) < 0)
            throw new IllegalArgumentException("max must be >= initial " + initial + ", got " + max);
        if (!(multiplier >= 1.0) || !Double.isFinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number >= 1, got " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0))
            throw new IllegalArgumentException("jitter must be in [0, 1], got " + jitter);
    }

    /** The delay of attempt {@code attempt} (from 0) before jitter. */
    public Duration base(int attempt) {
        if (attempt < 0) throw new IllegalArgumentException("attempt must be >= 0, got " + attempt);
        double nanos = initial.toNanos() * Math.pow(multiplier, attempt);
        return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
    }

    /** The jittered delay of attempt {@code attempt}, drawing one double from {@code random}. */
    public Duration delay(int attempt, RandomGenerator random) {
        double u = random.nextDouble();
        return Duration.ofNanos((long) (base(attempt).toNanos() * (1.0 - jitter * u)));
    }

    /**
     * A stateful sequence of delays: {@link Sequence#next()} for each failed attempt, {@link Sequence#reset()} on
     * success.
     */
    public Sequence sequence(RandomGenerator random) {
        return new Sequence(this, Objects.requireNonNull(random, "random"));
    }

    /** The attempts of one link; not thread-safe (the link uses it from its own thread). */
    public static final class Sequence {
        private final Backoff backoff;
        private final RandomGenerator random;
        private int attempt;

        private Sequence(Backoff backoff, RandomGenerator random) {
            this.backoff = backoff;
            this.random = random;
        }

        /** The delay before the next attempt; grows until the cap. */
        public Duration next() {
            Duration d = backoff.delay(attempt, random);
            if (attempt < 1_000) attempt++; // the cap is long reached; keeps pow() finite
            return d;
        }

        /** Failed attempts since the last reset. */
        public int attempts() {
            return attempt;
        }

        /** Starts again from the initial delay. */
        public void reset() {
            attempt = 0;
        }
    }
}
