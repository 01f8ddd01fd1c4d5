package org.lambo.ontology;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.lambo.check.Require;

/**
 * The orchestrator's answer to one UE: run locally ({@code option} 0, no server, share 0) or offload to server
 * {@code option} (the agent named {@code server}) with CPU share {@code share}; with the costs the model predicts for
 * it.
 *
 * @param note why the decision is what it is when it is not the policy's own (e.g. a server that did not confirm its
 *     allocation); empty otherwise
 */
public record OffloadingDecision(
        int slot,
        String ue,
        String taskId,
        int option,
        String server,
        double share,
        double predictedLatencyS,
        double predictedEnergyJ,
        String note)
        implements LamboMessage {
    public OffloadingDecision {
        Require.atLeast("slot", slot, 0);
        Require.name("ue", ue);
        Require.name("taskId", taskId);
        Require.between("option", option, 0, org.lambo.io.Limits.MAX_SERVERS);
        Require.share("share", share);
        if (option == 0) {
            if (server != null && !server.isEmpty())
                throw new IllegalArgumentException(
                        "server must be empty when option is 0 (local), got '" + server + "'");
            if (share != 0)
                throw new IllegalArgumentException("share must be 0 when option is 0 (local), got " + share);
            server = "";
        } else {
            Require.name("server", server);
            if (!(share > 0))
                throw new IllegalArgumentException(
                        "share must be > 0 when offloading to option " + option + ", got " + share);
        }
        Require.positive("predictedLatencyS", predictedLatencyS);
        Require.positive("predictedEnergyJ", predictedEnergyJ);
        note = note == null ? "" : note;
    }

    @JsonIgnore
    public boolean isLocal() {
        return option == 0;
    }
}
