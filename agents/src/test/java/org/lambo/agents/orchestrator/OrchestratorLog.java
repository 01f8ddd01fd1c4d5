package org.lambo.agents.orchestrator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the orchestrator logs, down to FINE, while a test runs: the orchestrator answers a request only once its slot is
 * decided (no AGREE), so a test that must know a request was taken before it does the next thing waits for the
 * orchestrator's own word ("ue-3 asks in slot 0 (conversation)").
 */
final class OrchestratorLog implements AutoCloseable {
    private final Logger logger = Logger.getLogger(OrchestratorAgent.class.getName());
    private final Level before = logger.getLevel();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    OrchestratorLog() {
        handler.setLevel(Level.FINE);
        logger.setLevel(Level.FINE);
        logger.addHandler(handler);
    }

    /** How many lines logged so far contain {@code text}. */
    long count(String text) {
        return lines.stream().filter(l -> l != null && l.contains(text)).count();
    }

    /** Waits until at least {@code n} lines contain {@code text}. */
    void await(String text, long n, Duration wait) {
        org.awaitility.Awaitility.await().atMost(wait).until(() -> count(text) >= n);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(before);
    }
}
