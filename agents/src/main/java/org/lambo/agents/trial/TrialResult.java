package org.lambo.agents.trial;

import java.util.List;
import org.lambo.agents.bridge.DeviceSummary;
import org.lambo.ontology.TaskReport;

/**
 * A finished trial: its settings' policy and prompt, every slot, the wall time it took, and (null when every agent was
 * simulated) its devices' summary, and (null when it was off) what online ALEF did.
 */
public record TrialResult(
        String policy,
        String prompt,
        List<SlotRecord> slots,
        double wallS,
        DeviceSummary devices,
        org.lambo.aed.alef.OnlineAlef.Summary alef) {
    public TrialResult {
        slots = List.copyOf(slots);
    }

    /** A trial without devices. */
    public TrialResult(String policy, String prompt, List<SlotRecord> slots, double wallS) {
        this(policy, prompt, slots, wallS, null, null);
    }

    public List<TaskReport> reports() {
        return slots.stream().flatMap(s -> s.reports().stream()).toList();
    }

    public long tasks() {
        return slots.stream().mapToLong(s -> s.reports().size()).sum();
    }

    public long completed() {
        return slots.stream().mapToLong(SlotRecord::completed).sum();
    }

    /**
     * The largest relative difference between a completed task's realised and predicted latency or energy: 0 when the
     * simulation does exactly what the model predicts.
     */
    public double maxPredictionError() {
        double max = 0;
        for (TaskReport r : reports()) {
            if (!r.completed() || r.predictedLatencyS() == null) continue;
            max = Math.max(max, Math.abs(r.realisedLatencyS() - r.predictedLatencyS()) / r.predictedLatencyS());
            max = Math.max(max, Math.abs(r.realisedEnergyJ() - r.predictedEnergyJ()) / r.predictedEnergyJ());
        }
        return max;
    }
}
