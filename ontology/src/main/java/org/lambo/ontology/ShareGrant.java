package org.lambo.ontology;

import org.lambo.check.Require;

/** One task's share of a server's CPU, given by the orchestrator. */
public record ShareGrant(String ue, String taskId, double share) {
    public ShareGrant {
        Require.name("ue", ue);
        Require.name("taskId", taskId);
        Require.share("share", share);
        if (!(share > 0)) throw new IllegalArgumentException("share must be > 0, got " + share);
    }
}
