package org.lambo.agents.trial;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT and SIGTERM into a {@link TrialStop} request while a trial runs, so that the trial ends its running
 * slot, writes what it recorded and ends with exit code 128 + the signal's number (130, 143) instead of dying with
 * nothing written. The first signal is handled; the handler then puts the JVM's own back, so a second one quits at
 * once. Any other shutdown of the JVM (SIGHUP, for one) requests the stop from a shutdown hook, which waits up to
 * {@value #HOOK_WAIT_S} s for the outputs. {@link #close} restores everything.
 */
public final class StopOnSignals implements AutoCloseable {
    static final long HOOK_WAIT_S = 20;

    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final CountDownLatch written = new CountDownLatch(1);
    private final Thread hook;

    private StopOnSignals(TrialStop stop, PrintStream err) {
        for (String name : new String[] {"INT", "TERM"}) {
            Signal sig = new Signal(name);
            try {
                previous.put(sig, Signal.handle(sig, s -> {
                    String what = "SIG" + s.getName();
                    SignalHandler before = previous.get(s);
                    if (before != null) Signal.handle(s, before);
                    if (stop.request(what, 128 + s.getNumber())) {
                        err.println("lambo trial: " + what + ": ending the trial and writing what it recorded (" + what
                                + " again quits at once)");
                    }
                }));
            } catch (IllegalArgumentException e) {
                // this JVM does not let the signal be handled (e.g. started with -Xrs): the shutdown hook stands in
            }
        }
        hook = new Thread(
                () -> {
                    if (stop.request("a shutdown of the JVM", 1)) {
                        try {
                            written.await(HOOK_WAIT_S, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                },
                "lambo-trial-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Handles SIGINT and SIGTERM (and a JVM shutdown) by requesting {@code stop}; says so on {@code err}. */
    public static StopOnSignals install(TrialStop stop, PrintStream err) {
        return new StopOnSignals(stop, err);
    }

    /** The outputs are written: the JVM's own handlers are back and a shutdown no longer waits. */
    @Override
    public void close() {
        written.countDown();
        previous.forEach(Signal::handle);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already: the hook has run or runs now, and no longer waits
        }
    }
}
