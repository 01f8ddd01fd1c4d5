package org.lambo.agents.ue;

/**
 * How long a UE waits: for the orchestrator's decision and for the edge server's result. A task with
 * no answer in time fails with that reason; no UE waits forever.
 */
public record UeTimeouts(long decisionMs, long serverMs) {
    public UeTimeouts {
        if (decisionMs <= 0) throw new IllegalArgumentException("decisionMs must be > 0, got " + decisionMs);
        if (serverMs <= 0) throw new IllegalArgumentException("serverMs must be > 0, got " + serverMs);
    }

    /** The whole life of a task, after which the UE gives up on it whatever is pending. */
    public long taskMs() {
        return decisionMs + serverMs;
    }
}
