package org.lambo.agents.trial;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A request to stop a running trial early, e.g. from a signal handler ({@link StopOnSignals}): the trial ends its
 * running slot's tasks as failed, saying why, and {@link TrialRunner} throws
 * {@link TrialRunner.TrialInterruptedException} with what was recorded. Thread-safe; only the first request counts.
 */
public final class TrialStop {
    /**
     * Why the trial stops.
     *
     * @param cause what stopped it, in words, e.g. {@code SIGTERM}
     * @param exitCode the exit code the command ends with (128 + the signal's number for a signal)
     */
    public record Request(String cause, int exitCode) {
        public Request {
            if (cause == null || cause.isBlank()) throw new IllegalArgumentException("a stop request needs a cause");
            if (exitCode == 0) throw new IllegalArgumentException("a stopped trial ends with a non-zero exit code");
        }
    }

    private Request request;
    private final List<Consumer<Request>> watchers = new ArrayList<>();

    /** Asks the trial to stop; false when it had been asked already (this request is then ignored). */
    public boolean request(String cause, int exitCode) {
        Request r = new Request(cause, exitCode);
        List<Consumer<Request>> tell;
        synchronized (this) {
            if (request != null) return false;
            request = r;
            tell = List.copyOf(watchers);
        }
        tell.forEach(w -> w.accept(r));
        return true;
    }

    /** The request, once there is one. */
    public synchronized Optional<Request> requested() {
        return Optional.ofNullable(request);
    }

    /** Calls {@code watcher} on the requesting thread when a request comes, or now when one came already. */
    void onRequest(Consumer<Request> watcher) {
        Request now;
        synchronized (this) {
            now = request;
            if (now == null) watchers.add(watcher);
        }
        if (now != null) watcher.accept(now);
    }
}
