package org.lambo.agents.testing;

import java.io.PrintStream;
import org.lambo.log.LineLoggingProvider;
import org.slf4j.event.Level;

/**
 * The SLF4J backend of the agents' tests (the only one on their class path: lambo-agents excludes slf4j-simple): every
 * line goes to the {@link CapturedLog}s open on its logger, and INFO and above to stderr (the test report), as
 * slf4j-simple would print them.
 */
public final class CapturedLogProvider extends LineLoggingProvider {
    @Override
    protected boolean enabled(Level level, String name) {
        return switch (level) {
            case TRACE -> false;
            case DEBUG -> CapturedLog.listening(name, Level.DEBUG);
            case INFO, WARN, ERROR -> true;
        };
    }

    @Override
    protected void write(Level level, String name, String message, Throwable thrown) {
        CapturedLog.take(new CapturedLog.Line(level, name, message, thrown));
        if (level.toInt() < Level.INFO.toInt()) return;
        PrintStream err = System.err;
        synchronized (err) {
            err.println("[" + Thread.currentThread().getName() + "] " + level + " " + name + " - " + message);
            if (thrown != null) thrown.printStackTrace(err);
        }
    }
}
