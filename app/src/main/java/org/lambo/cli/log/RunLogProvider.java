package org.lambo.cli.log;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/** The SLF4J backend of the {@code lambo} command: every logger writes to {@link RunLog}, none to the console. */
public final class RunLogProvider implements SLF4JServiceProvider {
    private final ILoggerFactory factory = new Factory();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {}

    private static final class Factory implements ILoggerFactory {
        private final Map<String, Logger> loggers = new ConcurrentHashMap<>();

        @Override
        public Logger getLogger(String name) {
            return loggers.computeIfAbsent(name, RunLogLogger::new);
        }
    }

    static final class RunLogLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        RunLogLogger(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return RunLog.enabled(RunLog.DEBUG, name);
        }

        @Override
        public boolean isInfoEnabled() {
            return RunLog.enabled(RunLog.INFO, name);
        }

        @Override
        public boolean isWarnEnabled() {
            return RunLog.enabled(RunLog.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return RunLog.enabled(RunLog.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(
                Level level, Marker marker, String pattern, Object[] args, Throwable thrown) {
            int l =
                    switch (level) {
                        case ERROR -> RunLog.ERROR;
                        case WARN -> RunLog.WARN;
                        case INFO -> RunLog.INFO;
                        default -> RunLog.DEBUG;
                    };
            RunLog.write(l, name, MessageFormatter.basicArrayFormat(pattern, args), thrown);
        }
    }
}
