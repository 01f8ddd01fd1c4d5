package org.lambo.agents.trial;

import java.util.List;
import org.lambo.agents.bridge.DeviceSummary;
import org.lambo.agents.orchestrator.LinkLog;
import org.lambo.agents.platform.ContainerDropout;
import org.lambo.mec.Prompt;
import org.lambo.ontology.TaskReport;

/**
 * A finished trial: its settings' policy and prompt, every slot, the wall time it took, and (null when every agent was
 * simulated) its devices' summary, (null when it was off) what online ALEF did, and the times its main container lost a
 * peripheral container ({@link ContainerDropout}; empty when none was lost), and what its orchestrator saw of its links
 * ({@link LinkLog.Seen}: the servers' confirmation times and the late decisions; {@link LinkLog.Seen#NONE} when not
 * known).
 *
 * <p>Make one with {@link #builder}: the policy and the prompt, then what is known; what is not given has the defaults
 * {@link Builder} lists. The canonical constructor checks every value, naming the bad one.
 */
public record TrialResult(
        String policy,
        Prompt prompt,
        List<SlotRecord> slots,
        double wallS,
        DeviceSummary devices,
        org.lambo.aed.alef.OnlineAlef.Summary alef,
        List<ContainerDropout> dropouts,
        LinkLog.Seen links) {
    public TrialResult {
        if (policy == null || policy.isBlank())
            throw new IllegalArgumentException(
                    "policy must be named, got " + (policy == null ? "null" : "'" + policy + "'"));
        if (prompt == null) throw new IllegalArgumentException("prompt must not be null");
        if (slots == null) throw new IllegalArgumentException("slots must not be null (empty: none ran)");
        if (!(wallS >= 0) || Double.isInfinite(wallS))
            throw new IllegalArgumentException("wallS must be finite and >= 0, got " + wallS);
        if (dropouts == null) throw new IllegalArgumentException("dropouts must not be null (empty: none)");
        slots = List.copyOf(slots);
        dropouts = List.copyOf(dropouts);
        links = links == null ? LinkLog.Seen.NONE : links;
    }

    /** A trial of {@code policy} (its name) with {@code prompt}: see {@link Builder}. */
    public static Builder builder(String policy, Prompt prompt) {
        return new Builder(policy, prompt);
    }

    /**
     * A trial result in steps. Defaults, for what is not given: no slots, 0 s of wall time, no devices (every agent
     * simulated), online ALEF off, no container lost, the links not known ({@link LinkLog.Seen#NONE}). {@link #build}
     * checks it as the record does.
     */
    public static final class Builder {
        private final String policy;
        private final Prompt prompt;
        private List<SlotRecord> slots = List.of();
        private double wallS;
        private DeviceSummary devices;
        private org.lambo.aed.alef.OnlineAlef.Summary alef;
        private List<ContainerDropout> dropouts = List.of();
        private LinkLog.Seen links = LinkLog.Seen.NONE;

        private Builder(String policy, Prompt prompt) {
            this.policy = policy;
            this.prompt = prompt;
        }

        /** Every slot recorded, in order. */
        public Builder slots(List<SlotRecord> slots) {
            this.slots = slots;
            return this;
        }

        /** The wall time the trial took, in seconds. */
        public Builder wallS(double wallS) {
            this.wallS = wallS;
            return this;
        }

        /** Its devices' summary; null when every agent was simulated. */
        public Builder devices(DeviceSummary devices) {
            this.devices = devices;
            return this;
        }

        /** What online ALEF did; null when it was off. */
        public Builder alef(org.lambo.aed.alef.OnlineAlef.Summary alef) {
            this.alef = alef;
            return this;
        }

        /** The times the main container lost a peripheral container. */
        public Builder dropouts(List<ContainerDropout> dropouts) {
            this.dropouts = dropouts;
            return this;
        }

        /** What the orchestrator saw of its links; null: not known. */
        public Builder links(LinkLog.Seen links) {
            this.links = links;
            return this;
        }

        /** The result; a bad value fails naming it. */
        public TrialResult build() {
            return new TrialResult(policy, prompt, slots, wallS, devices, alef, dropouts, links);
        }
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
