package org.lambo.ontology;

import org.lambo.check.Require;
import org.lambo.io.Limits;

/**
 * What a UE measured for its task of a slot, sent to the trial's clock: where it ran, the costs the orchestrator
 * predicted and those it realised, and how it ended. Predictions are absent (null) when no decision came; realised
 * costs are present exactly when the task completed.
 *
 * <p>The round trips the UE saw (measured at the UE, in ms): from its first request to the decision it took
 * ({@code decisionMs}, absent when none came) and from its first submission to the server's result ({@code resultMs},
 * absent when it ran locally or no result came), how many requests and submissions it sent again after a silence or an
 * undelivered message ({@code resends}), and the JADE container it runs in ({@code container}, empty when not known). A
 * report made without them (a builder not given {@link Builder#roundTrips}, a row read back from a journal) has none.
 *
 * <p>Make one with {@link #builder}: the task, then its decision, then how it ended ({@link Builder#completed} or
 * {@link Builder#failed}), then the round trips if measured; change one with {@link #toBuilder}. The record's canonical
 * constructor (sixteen positional values) stays public because a record's must, and is what the JSON reader and the
 * builder call; code outside this package uses the builder.
 *
 * @param option -1 when no decision came, else 0 (local) or the server number
 * @param reason empty when completed; why it failed otherwise
 */
public record TaskReport(
        int slot,
        String ue,
        int index,
        String taskId,
        int option,
        double share,
        Double predictedLatencyS,
        Double predictedEnergyJ,
        Double realisedLatencyS,
        Double realisedEnergyJ,
        Outcome outcome,
        String reason,
        Integer decisionMs,
        Integer resultMs,
        int resends,
        String container)
        implements LamboMessage {
    /** The longest container name a report carries. */
    public static final int MAX_CONTAINER = 200;

    public TaskReport {
        if (decisionMs != null) Require.atLeast("decisionMs", decisionMs, 0);
        if (resultMs != null) Require.atLeast("resultMs", resultMs, 0);
        Require.between("resends", resends, 0, 1_000);
        container = container == null ? "" : container;
        if (container.length() > MAX_CONTAINER || container.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    "container must be at most " + MAX_CONTAINER + " printable characters, got '"
                            + (container.length() > 40 ? container.substring(0, 40) + "..." : container)
                                    .replaceAll("\\p{Cntrl}", "?")
                            + "'");
        }
        Require.atLeast("slot", slot, 0);
        Require.name("ue", ue);
        Require.between("index", index, 0, Limits.MAX_UES - 1);
        Require.name("taskId", taskId);
        Require.between("option", option, -1, org.lambo.io.Limits.MAX_SERVERS);
        Require.share("share", share);
        Require.present("outcome", outcome);
        if (predictedLatencyS != null) Require.positive("predictedLatencyS", predictedLatencyS);
        if (predictedEnergyJ != null) Require.positive("predictedEnergyJ", predictedEnergyJ);
        if (outcome == Outcome.COMPLETED) {
            Require.positive("realisedLatencyS", Require.present("realisedLatencyS", realisedLatencyS));
            Require.positive("realisedEnergyJ", Require.present("realisedEnergyJ", realisedEnergyJ));
            if (option < 0)
                throw new IllegalArgumentException("option must be >= 0 for a completed task, got " + option);
            reason = reason == null ? "" : reason;
        } else {
            if (realisedLatencyS != null || realisedEnergyJ != null) {
                throw new IllegalArgumentException("realised costs must be absent for a failed task, got latency "
                        + realisedLatencyS + " and energy " + realisedEnergyJ);
            }
            Require.name("reason", reason);
        }
    }

    /**
     * A report of the task {@code taskId}, UE {@code ue} (number {@code index}), slot {@code slot}: see
     * {@link Builder}.
     */
    public static Builder builder(int slot, String ue, int index, String taskId) {
        return new Builder(slot, ue, index, taskId);
    }

    /** This report's values in a builder, to change some. */
    public Builder toBuilder() {
        Builder b = builder(slot, ue, index, taskId);
        b.option = option;
        b.share = share;
        b.predictedLatencyS = predictedLatencyS;
        b.predictedEnergyJ = predictedEnergyJ;
        b.realisedLatencyS = realisedLatencyS;
        b.realisedEnergyJ = realisedEnergyJ;
        b.outcome = outcome;
        b.reason = reason;
        return b.roundTrips(decisionMs, resultMs, resends, container);
    }

    public static TaskReport failed(
            int slot, String ue, int index, String taskId, OffloadingDecision decision, String reason) {
        return builder(slot, ue, index, taskId)
                .decision(decision)
                .failed(reason)
                .build();
    }

    /** The same report with the round trips the UE saw. */
    public TaskReport withRoundTrips(Integer decisionMs, Integer resultMs, int resends, String container) {
        return toBuilder().roundTrips(decisionMs, resultMs, resends, container).build();
    }

    /**
     * A report in steps: the task (given to {@link #builder}), the decision that came ({@link #decision}; none: option
     * -1), how it ended ({@link #completed} with the realised costs, or {@link #failed} with the reason), the round
     * trips ({@link #roundTrips}; none by default). {@link #build} checks it as the record does.
     */
    public static final class Builder {
        private final int slot;
        private final String ue;
        private final int index;
        private final String taskId;
        private int option = -1;
        private double share;
        private Double predictedLatencyS;
        private Double predictedEnergyJ;
        private Double realisedLatencyS;
        private Double realisedEnergyJ;
        private Outcome outcome;
        private String reason = "";
        private Integer decisionMs;
        private Integer resultMs;
        private int resends;
        private String container = "";

        private Builder(int slot, String ue, int index, String taskId) {
            this.slot = slot;
            this.ue = ue;
            this.index = index;
            this.taskId = taskId;
        }

        /** Where the task was to run and the costs the orchestrator predicted (null: not known). */
        public Builder decision(int option, double share, Double predictedLatencyS, Double predictedEnergyJ) {
            this.option = option;
            this.share = share;
            this.predictedLatencyS = predictedLatencyS;
            this.predictedEnergyJ = predictedEnergyJ;
            return this;
        }

        /** The decision taken; null when none came. */
        public Builder decision(OffloadingDecision d) {
            return d == null
                    ? decision(-1, 0, null, null)
                    : decision(d.option(), d.share(), d.predictedLatencyS(), d.predictedEnergyJ());
        }

        /** The task completed with these realised costs. */
        public Builder completed(Double realisedLatencyS, Double realisedEnergyJ) {
            return ended(Outcome.COMPLETED, realisedLatencyS, realisedEnergyJ, "");
        }

        /** The task failed, for this reason. */
        public Builder failed(String reason) {
            return ended(Outcome.FAILED, null, null, reason);
        }

        /** How the task ended: the outcome, the realised costs (absent unless completed) and why it failed. */
        public Builder ended(Outcome outcome, Double realisedLatencyS, Double realisedEnergyJ, String reason) {
            this.outcome = outcome;
            this.realisedLatencyS = realisedLatencyS;
            this.realisedEnergyJ = realisedEnergyJ;
            this.reason = reason;
            return this;
        }

        /** The round trips the UE saw (see {@link TaskReport}). */
        public Builder roundTrips(Integer decisionMs, Integer resultMs, int resends, String container) {
            this.decisionMs = decisionMs;
            this.resultMs = resultMs;
            this.resends = resends;
            this.container = container;
            return this;
        }

        /** The report; an inconsistent one (say realised costs on a failed task) fails naming the field. */
        public TaskReport build() {
            return new TaskReport(
                    slot,
                    ue,
                    index,
                    taskId,
                    option,
                    share,
                    predictedLatencyS,
                    predictedEnergyJ,
                    realisedLatencyS,
                    realisedEnergyJ,
                    outcome,
                    reason,
                    decisionMs,
                    resultMs,
                    resends,
                    container);
        }
    }

    /**
     * Two reports are equal when they say the same of the same task: the twelve fields of its outcome. The round trips
     * are measurements of one run's network, not of the task (a run over a slow link and one over loopback have equal
     * reports); compare them with their accessors.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof TaskReport r
                && slot == r.slot
                && index == r.index
                && option == r.option
                && Double.compare(share, r.share) == 0
                && ue.equals(r.ue)
                && taskId.equals(r.taskId)
                && java.util.Objects.equals(predictedLatencyS, r.predictedLatencyS)
                && java.util.Objects.equals(predictedEnergyJ, r.predictedEnergyJ)
                && java.util.Objects.equals(realisedLatencyS, r.realisedLatencyS)
                && java.util.Objects.equals(realisedEnergyJ, r.realisedEnergyJ)
                && outcome == r.outcome
                && reason.equals(r.reason);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(
                slot,
                ue,
                index,
                taskId,
                option,
                share,
                predictedLatencyS,
                predictedEnergyJ,
                realisedLatencyS,
                realisedEnergyJ,
                outcome,
                reason);
    }

    public boolean completed() {
        return outcome == Outcome.COMPLETED;
    }
}
