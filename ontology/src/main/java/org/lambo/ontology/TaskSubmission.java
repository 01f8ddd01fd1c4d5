package org.lambo.ontology;

import org.lambo.check.Require;
import org.lambo.io.Limits;

/**
 * A UE submits its task to the edge server it was given (FIPA REQUEST), with the share the orchestrator granted it. The
 * server refuses a task it has no such share for.
 */
public record TaskSubmission(int slot, UeState ue, TaskDescription task, int server, double share)
        implements LamboMessage {
    public TaskSubmission {
        Require.atLeast("slot", slot, 0);
        Require.present("ue", ue);
        Require.present("task", task);
        Require.between("server", server, 1, Limits.MAX_SERVERS);
        Require.share("share", share);
        if (!(share > 0)) throw new IllegalArgumentException("share must be > 0, got " + share);
    }

    /**
     * The result of this submission run on server {@code server}: its slot, task, UE and share, with the upload time,
     * the compute time and the latency the server measured or modelled, in seconds (checked as {@link TaskResult}
     * checks them).
     */
    public TaskResult resultOn(int server, double uploadTimeS, double computeTimeS, double latencyS) {
        return new TaskResult(slot, task.taskId(), ue.ue(), server, share, uploadTimeS, computeTimeS, latencyS);
    }
}
