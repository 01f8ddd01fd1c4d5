package org.lambo.ontology;

import org.lambo.check.Require;
import org.lambo.io.Limits;

/**
 * An edge server's result for a task it ran: the upload time D / r it received the input in, the compute time F / (s f)
 * under the task's share, and their sum, all in (simulated) seconds.
 */
public record TaskResult(
        int slot,
        String taskId,
        String ue,
        int server,
        double share,
        double uploadTimeS,
        double computeTimeS,
        double latencyS)
        implements LamboMessage {
    public TaskResult {
        Require.atLeast("slot", slot, 0);
        Require.name("taskId", taskId);
        Require.name("ue", ue);
        Require.between("server", server, 1, Limits.MAX_SERVERS);
        Require.share("share", share);
        Require.positive("uploadTimeS", uploadTimeS);
        Require.positive("computeTimeS", computeTimeS);
        Require.positive("latencyS", latencyS);
    }
}
