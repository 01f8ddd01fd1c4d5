package org.lambo.ontology;

/**
 * The trial's clock tells the agents that slot {@code slot} begins: the orchestrator then expects
 * {@code ues} requests and {@code servers} server states; each UE makes its task, each server reports.
 */
public record SlotStart(int slot, int ues, int servers) implements LamboMessage {
    public SlotStart {
        Require.atLeast("slot", slot, 0);
        Require.atLeast("ues", ues, 1);
        Require.atLeast("servers", servers, 1);
    }
}
