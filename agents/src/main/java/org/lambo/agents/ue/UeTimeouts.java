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

    /** The longest life of a task: the decision's wait and then the server's. */
    public long taskMs() {
        return decisionMs + serverMs;
    }
}
