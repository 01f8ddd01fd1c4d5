package org.lambo.ontology;

/**
 * What a UE measured for its task of a slot, sent to the trial's clock: where it ran, the costs the
 * orchestrator predicted and those it realised, and how it ended. Predictions are absent (null) when no
 * decision came; realised costs are present exactly when the task completed.
 *
 * @param option -1 when no decision came, else 0 (local) or the server number
 * @param reason empty when completed; why it failed otherwise
 */
public record TaskReport(int slot, String ue, int index, String taskId, int option, double share,
                         Double predictedLatencyS, Double predictedEnergyJ, Double realisedLatencyS,
                         Double realisedEnergyJ, Outcome outcome, String reason) implements LamboMessage {
    public TaskReport {
        Require.atLeast("slot", slot, 0);
        Require.name("ue", ue);
        Require.ueIndex("index", index);
        Require.name("taskId", taskId);
        Require.between("option", option, -1, org.lambo.io.Limits.MAX_SERVERS);
        Require.share("share", share);
        Require.present("outcome", outcome);
        if (predictedLatencyS != null) Require.positive("predictedLatencyS", predictedLatencyS);
        if (predictedEnergyJ != null) Require.positive("predictedEnergyJ", predictedEnergyJ);
        if (outcome == Outcome.COMPLETED) {
            Require.positive("realisedLatencyS", Require.present("realisedLatencyS", realisedLatencyS));
            Require.positive("realisedEnergyJ", Require.present("realisedEnergyJ", realisedEnergyJ));
            if (option < 0) throw new IllegalArgumentException("option must be >= 0 for a completed task, got " + option);
            reason = reason == null ? "" : reason;
        } else {
            if (realisedLatencyS != null || realisedEnergyJ != null) {
                throw new IllegalArgumentException("realised costs must be absent for a failed task, got latency "
                        + realisedLatencyS + " and energy " + realisedEnergyJ);
            }
            Require.name("reason", reason);
        }
    }

    public static TaskReport failed(int slot, String ue, int index, String taskId, OffloadingDecision decision, String reason) {
        return new TaskReport(slot, ue, index, taskId, decision == null ? -1 : decision.option(), decision == null ? 0 : decision.share(),
                decision == null ? null : decision.predictedLatencyS(), decision == null ? null : decision.predictedEnergyJ(),
                null, null, Outcome.FAILED, reason);
    }

    public boolean completed() {
        return outcome == Outcome.COMPLETED;
    }
}
