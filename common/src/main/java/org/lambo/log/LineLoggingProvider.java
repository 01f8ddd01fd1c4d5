package org.lambo.log;

import java.util.Map;
import java.util.Optional;
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

/**
 * An SLF4J backend of the testbed, less where its lines go: one logger per name, no markers' meaning, no MDC, the
 * message formatted with its arguments. A subclass says which levels a logger takes ({@link #enabled}) and where a line
 * goes ({@link #write}): the {@code lambo} command's {@code RunLogProvider} (the run folder's log) and the agents'
 * tests' {@code CapturedLogProvider} (lines a test reads). slf4j-api is an optional dependency of this module: only the
 * modules that log through SLF4J (and declare it) load this class; a device runtime carries none of it.
 */
public abstract class LineLoggingProvider implements SLF4JServiceProvider {
    private final ILoggerFactory factory = new Factory(this);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    /** Whether the logger {@code name} takes lines of {@code level}; asked before a line is formatted. */
    protected abstract boolean enabled(Level level, String name);

    /** A line of the logger {@code name}, its message formatted; {@code thrown} may be null. */
    protected abstract void write(Level level, String name, String message, Throwable thrown);

    /**
     * The provider behind {@code factory} when it is one of these backends' factories, else empty: how a test says
     * which backend SLF4J bound ({@code LoggerFactory.getILoggerFactory()}).
     */
    public static Optional<LineLoggingProvider> behind(ILoggerFactory factory) {
        return factory instanceof Factory f ? Optional.of(f.provider) : Optional.empty();
    }

    @Override
    public final ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public final IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public final MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public final String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {}

    private static final class Factory implements ILoggerFactory {
        private final LineLoggingProvider provider;
        private final Map<String, Logger> loggers = new ConcurrentHashMap<>();

        Factory(LineLoggingProvider provider) {
            this.provider = provider;
        }

        @Override
        public Logger getLogger(String name) {
            return loggers.computeIfAbsent(name, n -> new LineLogger(n, provider));
        }
    }

    private static final class LineLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final transient LineLoggingProvider provider;

        LineLogger(String name, LineLoggingProvider provider) {
            this.name = name;
            this.provider = provider;
        }

        @Override
        public boolean isTraceEnabled() {
            return provider.enabled(Level.TRACE, name);
        }

        @Override
        public boolean isDebugEnabled() {
            return provider.enabled(Level.DEBUG, name);
        }

        @Override
        public boolean isInfoEnabled() {
            return provider.enabled(Level.INFO, name);
        }

        @Override
        public boolean isWarnEnabled() {
            return provider.enabled(Level.WARN, name);
        }

        @Override
        public boolean isErrorEnabled() {
            return provider.enabled(Level.ERROR, name);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(
                Level level, Marker marker, String pattern, Object[] args, Throwable thrown) {
            provider.write(level, name, MessageFormatter.basicArrayFormat(pattern, args), thrown);
        }
    }
}
