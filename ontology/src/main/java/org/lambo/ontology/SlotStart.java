package org.lambo.ontology;

import org.lambo.check.Require;

/**
 * The trial's clock tells the agents that slot {@code slot} begins: the orchestrator then expects {@code ues} requests
 * and {@code servers} server states; each UE makes its task, each server reports.
 */
public record SlotStart(int slot, int ues, int servers) implements LamboMessage {
    public SlotStart {
        Require.atLeast("slot", slot, 0);
        Require.between("ues", ues, 1, org.lambo.io.Limits.MAX_UES);
        Require.between("servers", servers, 1, org.lambo.io.Limits.MAX_SERVERS);
    }
}
