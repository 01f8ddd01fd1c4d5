package org.lambo.run;

import java.util.ArrayList;
import java.util.List;

/** A {@link ProgressListener} that keeps what it is told, for tests of library code that reports progress. */
public final class RecordedProgress implements ProgressListener {
    /** Each call in order: {@code started TASK UNIT TOTAL DONE}, {@code advanced DONE}, {@code ended}. */
    public final List<String> calls = new ArrayList<>();

    /** The statuses told, in order. */
    public final List<String> statuses = new ArrayList<>();

    @Override
    public void started(String task, String unit, long total, long done) {
        calls.add("started " + task + " " + unit + " " + total + " " + done);
    }

    @Override
    public void advanced(long done, String status) {
        calls.add("advanced " + done);
        if (status != null) statuses.add(status);
    }

    @Override
    public void ended() {
        calls.add("ended");
    }

    /** The highest count told. */
    public long lastDone() {
        return calls.stream()
                .filter(c -> c.startsWith("advanced "))
                .mapToLong(c -> Long.parseLong(c.substring("advanced ".length())))
                .max()
                .orElse(-1);
    }
}
