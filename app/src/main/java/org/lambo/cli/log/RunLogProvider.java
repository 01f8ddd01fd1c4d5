package org.lambo.cli.log;

import org.lambo.log.LineLoggingProvider;
import org.slf4j.event.Level;

/** The SLF4J backend of the {@code lambo} command: every logger writes to {@link RunLog}, none to the console. */
public final class RunLogProvider extends LineLoggingProvider {
    @Override
    protected boolean enabled(Level level, String name) {
        return switch (level) {
            case TRACE -> false;
            case DEBUG -> RunLog.enabled(RunLog.DEBUG, name);
            case INFO -> RunLog.enabled(RunLog.INFO, name);
            case WARN -> RunLog.enabled(RunLog.WARN);
            case ERROR -> RunLog.enabled(RunLog.ERROR);
        };
    }

    @Override
    protected void write(Level level, String name, String message, Throwable thrown) {
        int l =
                switch (level) {
                    case ERROR -> RunLog.ERROR;
                    case WARN -> RunLog.WARN;
                    case INFO -> RunLog.INFO;
                    default -> RunLog.DEBUG;
                };
        RunLog.write(l, name, message, thrown);
    }
}
