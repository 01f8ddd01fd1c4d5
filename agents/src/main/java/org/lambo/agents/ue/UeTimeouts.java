package org.lambo.agents.ue;

/**
 * How long a UE waits: for the orchestrator's decision and for the edge server's result. A task with no answer in time
 * fails with that reason; no UE waits forever.
 */
public record UeTimeouts(long decisionMs, long serverMs) {
    public UeTimeouts {
        if (decisionMs <= 0) throw new IllegalArgumentException("decisionMs must be > 0, got " + decisionMs);
        if (serverMs <= 0) throw new IllegalArgumentException("serverMs must be > 0, got " + serverMs);
    }

    /** How long after its task's life a report still counts at the clock. */
    public static final long REPORT_MARGIN_MS = 2_000;

    /** The longest life of a task: the decision's wait and then the server's. */
    public long taskMs() {
        return decisionMs + serverMs;
    }

    /**
     * The clock's slot deadline, from the slot's start: a task's life and {@value #REPORT_MARGIN_MS} ms for its report.
     * A report not delivered by then is not sent again.
     */
    public long reportMs() {
        return taskMs() + REPORT_MARGIN_MS;
    }
}
