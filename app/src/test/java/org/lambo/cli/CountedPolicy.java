package org.lambo.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.PolicyProvider;
import org.lambo.policy.PolicySettings;

/**
 * A test policy registered for the app's tests only (their {@code META-INF/services}, so the policy module's
 * {@code PoliciesTest} and its list of built-ins never see it) as {@code counted}: every UE local, and it counts how
 * many of it were made, closed, and closed more than once, so that a test can show that a command closes every policy
 * it makes.
 */
public final class CountedPolicy implements OffloadingPolicy {
    private static final AtomicInteger MADE = new AtomicInteger();
    private static final AtomicInteger CLOSED = new AtomicInteger();
    private static final AtomicInteger CLOSED_AGAIN = new AtomicInteger();

    private final AtomicBoolean closed = new AtomicBoolean();

    private CountedPolicy() {
        MADE.incrementAndGet();
    }

    /** How many were made, closed, and closed again so far in this JVM. */
    record Tally(int made, int closed, int closedAgain) {
        /** What happened since {@code before}. */
        Tally since(Tally before) {
            return new Tally(made - before.made, closed - before.closed, closedAgain - before.closedAgain);
        }
    }

    static Tally tally() {
        return new Tally(MADE.get(), CLOSED.get(), CLOSED_AGAIN.get());
    }

    @Override
    public String name() {
        return "counted";
    }

    @Override
    public Decision decide(Instance inst, Prompt prompt) {
        return Decision.allLocal(inst.n());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) CLOSED.incrementAndGet();
        else CLOSED_AGAIN.incrementAndGet();
    }

    public static final class Provider implements PolicyProvider {
        @Override
        public String name() {
            return "counted";
        }

        @Override
        public String description() {
            return "test policy: every UE local, counting how many were made and closed";
        }

        @Override
        public OffloadingPolicy create(PolicySettings settings) {
            return new CountedPolicy();
        }
    }
}
