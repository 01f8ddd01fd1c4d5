package org.lambo.ontology;

import org.lambo.check.Require;

/** A UE asks the orchestrator where to run its task of a slot (FIPA REQUEST). */
public record OffloadingRequest(int slot, UeState ue, TaskDescription task) implements LamboMessage {
    public OffloadingRequest {
        Require.atLeast("slot", slot, 0);
        Require.present("ue", ue);
        Require.present("task", task);
    }
}
