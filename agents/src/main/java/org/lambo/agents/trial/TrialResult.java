package org.lambo.agents.trial;

import java.util.List;
import org.lambo.agents.bridge.DeviceSummary;
import org.lambo.agents.orchestrator.LinkLog;
import org.lambo.agents.platform.ContainerDropout;
import org.lambo.ontology.TaskReport;

/**
 * A finished trial: its settings' policy and prompt, every slot, the wall time it took, and (null when every agent was
 * simulated) its devices' summary, (null when it was off) what online ALEF did, and the times its main container lost a
 * peripheral container ({@link ContainerDropout}; empty when none was lost), and what its orchestrator saw of its links
 * ({@link LinkLog.Seen}: the servers' confirmation times and the late decisions; {@link LinkLog.Seen#NONE} when not
 * known).
 */
public record TrialResult(
        String policy,
        String prompt,
        List<SlotRecord> slots,
        double wallS,
        DeviceSummary devices,
        org.lambo.aed.alef.OnlineAlef.Summary alef,
        List<ContainerDropout> dropouts,
        LinkLog.Seen links) {
    public TrialResult {
        slots = List.copyOf(slots);
        dropouts = List.copyOf(dropouts);
        links = links == null ? LinkLog.Seen.NONE : links;
    }

    /** A trial whose orchestrator's links are not known. */
    public TrialResult(
            String policy,
            String prompt,
            List<SlotRecord> slots,
            double wallS,
            DeviceSummary devices,
            org.lambo.aed.alef.OnlineAlef.Summary alef,
            List<ContainerDropout> dropouts) {
        this(policy, prompt, slots, wallS, devices, alef, dropouts, LinkLog.Seen.NONE);
    }

    /** A trial whose main container lost no container. */
    public TrialResult(
            String policy,
            String prompt,
            List<SlotRecord> slots,
            double wallS,
            DeviceSummary devices,
            org.lambo.aed.alef.OnlineAlef.Summary alef) {
        this(policy, prompt, slots, wallS, devices, alef, List.of());
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
