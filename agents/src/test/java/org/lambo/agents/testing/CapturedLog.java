package org.lambo.agents.testing;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import org.awaitility.Awaitility;
import org.slf4j.event.Level;

/**
 * What one logger said while a test ran, at INFO and above or down to a level of the test's choosing: the agents log
 * through SLF4J, and in the agents' tests SLF4J's backend is {@link CapturedLogProvider}, which hands each line to the
 * captures open on its logger (and INFO and above to stderr, as a console backend would). Open one in a
 * try-with-resources block or close it after the test.
 */
public final class CapturedLog implements AutoCloseable {
    /** One line as the agent logged it: its level, logger, formatted message and the exception logged with it. */
    public record Line(Level level, String logger, String message, Throwable thrown) {
        /** Whether the message contains {@code text}. */
        public boolean says(String text) {
            return message != null && message.contains(text);
        }
    }

    private static final Set<CapturedLog> OPEN = new CopyOnWriteArraySet<>();

    private final String logger;
    private final Level lowest;
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private CapturedLog(String logger, Level lowest) {
        this.logger = logger;
        this.lowest = lowest;
    }

    /**
     * Captures what the logger of {@code type} (the agents' loggers are named after their class) says from now on at
     * INFO and above.
     */
    public static CapturedLog of(Class<?> type) {
        return of(type.getName(), Level.INFO);
    }

    /**
     * Captures what the logger of {@code type} says from now on at {@code lowest} and above (DEBUG: its debug lines).
     */
    public static CapturedLog of(Class<?> type, Level lowest) {
        return of(type.getName(), lowest);
    }

    /** Captures what the logger named {@code logger} says from now on at {@code lowest} and above. */
    public static CapturedLog of(String logger, Level lowest) {
        CapturedLog c = new CapturedLog(logger, lowest);
        OPEN.add(c);
        return c;
    }

    /** Every line so far, in the order logged. */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The messages so far, in the order logged. */
    public List<String> messages() {
        return lines.stream().map(Line::message).toList();
    }

    /** How many lines so far contain {@code text}. */
    public long count(String text) {
        return lines.stream().filter(l -> l.says(text)).count();
    }

    /** Whether a line at {@code level} containing {@code text} was logged. */
    public boolean saw(Level level, String text) {
        return lines.stream().anyMatch(l -> l.level() == level && l.says(text));
    }

    /** Waits until at least {@code n} lines contain {@code text}. */
    public void await(String text, long n, Duration wait) {
        Awaitility.await().atMost(wait).until(() -> count(text) >= n);
    }

    @Override
    public void close() {
        OPEN.remove(this);
    }

    /** Whether a capture open on {@code logger} takes lines at {@code level} (else DEBUG lines are not even made). */
    static boolean listening(String logger, Level level) {
        for (CapturedLog c : OPEN) if (c.takes(logger, level)) return true;
        return false;
    }

    /** Hands a line to the captures open on its logger that take its level. */
    static void take(Line line) {
        for (CapturedLog c : OPEN) if (c.takes(line.logger(), line.level())) c.lines.add(line);
    }

    private boolean takes(String name, Level level) {
        return logger.equals(name) && level.toInt() >= lowest.toInt();
    }
}
