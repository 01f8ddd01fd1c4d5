package org.lambo.agents.ue;

import java.util.Optional;
import org.lambo.agents.Vocabulary;
import org.lambo.mec.CostModel;
import org.lambo.mec.Instance;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.Outcome;
import org.lambo.ontology.TaskDescription;
import org.lambo.ontology.TaskReport;
import org.lambo.ontology.TaskResult;
import org.lambo.ontology.TaskSubmission;
import org.lambo.ontology.UeState;

/**
 * One UE's task of one slot, from its making to its report: what the UE asks, whether an answer fits the task, what
 * running it locally measures, and the report it ends with. It ends exactly once ({@link #end}); later answers are
 * ignored. Plain Java: the agent's behaviours drive it.
 *
 * <p>It also keeps the round trips its UE saw: from the first request to the decision taken, from the first submission
 * to the result, and how many requests and submissions went again; its report carries them
 * ({@link TaskReport#decisionMs()}, ...). It takes one decision: another is a duplicate ({@link #accept} refuses it,
 * {@link #duplicates()} counts it).
 */
public final class UeTask {
    private final int slot;
    private final int index;
    private final Instance world;
    private final UeState state;
    private final TaskDescription task;
    private OffloadingDecision decision;
    private TaskReport report;
    private long askedNanos = -1;
    private long decidedNanos = -1;
    private long submittedNanos = -1;
    private long resultNanos = -1;
    private int resends;
    private int duplicates;
    private String container = "";

    /** The task UE {@code index} has in slot {@code slot} of the world. */
    public UeTask(Instance world, int slot, int index, String agentName) {
        this(world, slot, index, Vocabulary.ueState(world, index, agentName));
    }

    /** As above, with the UE's state as it states it (a device-backed UE: its device's measured CPU speed). */
    public UeTask(Instance world, int slot, int index, UeState state) {
        this.slot = slot;
        this.index = index;
        this.world = world;
        this.state = state;
        this.task = Vocabulary.task(world, index, slot);
    }

    public UeState state() {
        return state;
    }

    public TaskDescription task() {
        return task;
    }

    public int slot() {
        return slot;
    }

    public String taskId() {
        return task.taskId();
    }

    public OffloadingRequest request() {
        return new OffloadingRequest(slot, state, task);
    }

    /**
     * Accepts the orchestrator's decision when it is for this task.
     *
     * @return empty when accepted; otherwise what is wrong with it
     */
    public Optional<String> accept(OffloadingDecision d) {
        if (decision != null) {
            duplicates++;
            return Optional.of(
                    "a second decision for " + task.taskId() + " in slot " + slot + " (it took one already)");
        }
        if (d.slot() != slot || !d.taskId().equals(task.taskId()) || !d.ue().equals(state.ue())) {
            return Optional.of("decision for " + d.ue() + "/" + d.taskId() + " in slot " + d.slot() + " is not for "
                    + state.ue() + "/" + task.taskId());
        }
        if (d.option() > state.gains().size())
            return Optional.of("decision option " + d.option() + " is not a server this UE measured");
        this.decision = d;
        this.decidedNanos = System.nanoTime();
        return Optional.empty();
    }

    /**
     * The UE sends its request (again, after the first): the first sets the start of the decision's round trip, the
     * others count as resends.
     */
    public void asking() {
        if (askedNanos < 0) askedNanos = System.nanoTime();
        else resends++;
    }

    /** The UE submits the task (again, after the first): as {@link #asking()} for the result's round trip. */
    public void submitting() {
        if (submittedNanos < 0) submittedNanos = System.nanoTime();
        else resends++;
    }

    /** Whether the UE has sent its request (at least once). */
    public boolean asked() {
        return askedNanos >= 0;
    }

    /** Whether the UE has submitted the task (at least once). */
    public boolean submitted() {
        return submittedNanos >= 0;
    }

    /** Notes a repeated answer that came after the one taken (dropped by the UE). */
    public void duplicate() {
        duplicates++;
    }

    /** The JADE container the UE runs in, carried in its report. */
    public void in(String containerName) {
        this.container = containerName == null ? "" : containerName;
    }

    /** How many requests and submissions went again. */
    public int resends() {
        return resends;
    }

    /** How many answers came after the one taken. */
    public int duplicates() {
        return duplicates;
    }

    /** Request to decision, ms; null while no decision was taken. */
    public Integer decisionMs() {
        return askedNanos < 0 || decidedNanos < 0 ? null : ms(decidedNanos - askedNanos);
    }

    /** First submission to result, ms; null while no result was taken. */
    public Integer resultMs() {
        return submittedNanos < 0 || resultNanos < 0 ? null : ms(resultNanos - submittedNanos);
    }

    private static Integer ms(long nanos) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, nanos / 1_000_000));
    }

    public OffloadingDecision decision() {
        return decision;
    }

    public TaskSubmission submission() {
        if (decision == null || decision.isLocal())
            throw new IllegalStateException(task.taskId() + " has no offloading decision");
        return new TaskSubmission(slot, state, task, decision.option(), decision.share());
    }

    /** Runs the task on the UE's own CPU: F / f_L seconds at P_L watts. */
    public TaskReport runLocally() {
        return end(ranOn(0, 0).completed(CostModel.localLatency(world, index), CostModel.localEnergy(world, index)));
    }

    /** Ends a local task with the latency and energy measured on the UE's device. */
    public TaskReport completeLocally(double measuredLatencyS, double measuredEnergyJ) {
        if (decision == null || !decision.isLocal())
            throw new IllegalStateException(task.taskId() + " was not kept local");
        return end(ranOn(0, 0).completed(measuredLatencyS, measuredEnergyJ));
    }

    /**
     * The server's result: its latency as measured by the server, and the energy the UE spent uploading (p D / r).
     *
     * @return empty when the result is not for this task's decision
     */
    public Optional<TaskReport> completeWith(TaskResult r) {
        if (!isResultOfItsDecision(r)) return Optional.empty();
        return completeWith(r, r.latencyS(), CostModel.uploadEnergy(world, index, decision.option()));
    }

    /**
     * The server's result, with the latency and upload energy the UE's device measured (it sent the input to the
     * server's device itself) in place of the server's latency and the model's p D / r.
     *
     * @return empty when the result is not for this task's decision
     */
    public Optional<TaskReport> completeWith(TaskResult r, double measuredLatencyS, double measuredEnergyJ) {
        if (!isResultOfItsDecision(r)) return Optional.empty();
        resultNanos = System.nanoTime();
        return Optional.of(
                end(ranOn(decision.option(), decision.share()).completed(measuredLatencyS, measuredEnergyJ)));
    }

    /**
     * Whether {@code r} is the result of this task's decision: its slot and task, from the server it was sent to (a
     * result for another task, slot or server, or one before any decision, completes nothing).
     */
    public boolean isResultOfItsDecision(TaskResult r) {
        return decision != null
                && r.slot() == slot
                && r.taskId().equals(task.taskId())
                && r.server() == decision.option();
    }

    /**
     * Ends the task failed with the reason. A missing reason (null, blank, or the word "null" that
     * {@code String.valueOf} makes of an exception without a message) is said to be missing, naming the step the task
     * had reached: a report never says "null".
     */
    public TaskReport fail(String reason) {
        String why = reason == null || reason.isBlank() || reason.strip().equals("null")
                ? "failed with no reason given, "
                        + (decision == null
                                ? "before a decision came"
                                : "after the decision for option " + decision.option())
                : reason;
        return end(draft().decision(decision).failed(why));
    }

    public boolean ended() {
        return report != null;
    }

    /** The report it ended with; null while running. */
    public TaskReport report() {
        return report;
    }

    private TaskReport end(TaskReport.Builder r) {
        if (report != null) throw new IllegalStateException(task.taskId() + " has already ended: " + report.outcome());
        report = r.roundTrips(decisionMs(), resultMs(), Math.min(resends, 1_000), container)
                .build();
        return report;
    }

    /** This task's report, not ended yet. */
    private TaskReport.Builder draft() {
        return TaskReport.builder(slot, state.ue(), index, task.taskId());
    }

    /**
     * This task's report run on {@code option} with {@code share}, with the costs the decision predicted (none when no
     * decision came).
     */
    private TaskReport.Builder ranOn(int option, double share) {
        return draft().decision(
                        option,
                        share,
                        decision == null ? null : decision.predictedLatencyS(),
                        decision == null ? null : decision.predictedEnergyJ());
    }

    boolean isOutcome(Outcome o) {
        return report != null && report.outcome() == o;
    }
}
