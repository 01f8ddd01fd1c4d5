package org.lambo.agents.ue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.lambo.mec.CostModel;
import org.lambo.mec.Instance;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.Outcome;
import org.lambo.ontology.TaskReport;
import org.lambo.ontology.TaskResult;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class UeTaskTest {
    private final Instance world = new World(ScenarioLoader.load("tiny"), 11).next();
    private final UeTask task = new UeTask(world, 0, 2, "ue-2");

    /** Server 1's result for ue-2's task of slot 0 at share 0.5, as the world runs it. */
    private TaskResult serverOnesResult() {
        return new TaskResult(
                0,
                "t0-ue2",
                "ue-2",
                1,
                0.5,
                CostModel.uploadTime(world, 2, 1),
                CostModel.serverComputeTime(world, 2, 1, 0.5),
                CostModel.offloadLatency(world, 2, 1, 0.5));
    }

    @Test
    void asksWithWhatTheWorldSaysOfItsPositionTaskAndChannel() {
        var r = task.request();
        assertThat(r.ue().x()).isEqualTo(world.ue(2).position().x());
        assertThat(r.task().cycles()).isEqualTo(world.ue(2).task().cycles());
        assertThat(r.ue().gain(2)).isEqualTo(world.gain(2, 2));
        assertThat(r.task().taskId()).isEqualTo("t0-ue2");
    }

    @Test
    void runningLocallyRealisesTheModelsLocalCosts() {
        double l = CostModel.localLatency(world, 2);
        assertThat(task.accept(new OffloadingDecision(0, "ue-2", "t0-ue2", 0, "", 0, l, l, "")))
                .isEmpty();
        TaskReport r = task.runLocally();
        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(r.realisedLatencyS()).isEqualTo(l);
        assertThat(r.realisedEnergyJ()).isEqualTo(CostModel.localEnergy(world, 2));
    }

    @Test
    void anOffloadedTaskTakesTheServersLatencyAndSpendsItsUploadEnergy() {
        double latency = CostModel.offloadLatency(world, 2, 1, 0.5);
        task.accept(new OffloadingDecision(
                0, "ue-2", "t0-ue2", 1, "server-1", 0.5, latency, CostModel.uploadEnergy(world, 2, 1), ""));
        assertThat(task.submission().share()).isEqualTo(0.5);
        assertThat(task.completeWith(new TaskResult(0, "t0-ue9", "ue-9", 1, 0.5, 1, 1, 2)))
                .isEmpty();
        TaskReport r = task.completeWith(serverOnesResult()).orElseThrow();
        assertThat(r.realisedLatencyS()).isEqualTo(r.predictedLatencyS());
        assertThat(r.realisedEnergyJ()).isEqualTo(r.predictedEnergyJ());
    }

    @Test
    void aResultForAnotherSlotTaskOrServerOrBeforeAnyDecisionCompletesNothingWithOrWithoutMeasuredCosts() {
        TaskResult mine = new TaskResult(0, "t0-ue2", "ue-2", 1, 0.5, 1, 1, 2);
        assertThat(task.isResultOfItsDecision(mine)).as("no decision yet").isFalse();
        assertThat(task.completeWith(mine)).isEmpty();
        assertThat(task.completeWith(mine, 2, 1)).isEmpty();
        double latency = CostModel.offloadLatency(world, 2, 1, 0.5);
        task.accept(new OffloadingDecision(
                0, "ue-2", "t0-ue2", 1, "server-1", 0.5, latency, CostModel.uploadEnergy(world, 2, 1), ""));
        for (TaskResult other : new TaskResult[] {
            new TaskResult(1, "t0-ue2", "ue-2", 1, 0.5, 1, 1, 2), // another slot
            new TaskResult(0, "t0-ue3", "ue-3", 1, 0.5, 1, 1, 2), // another task
            new TaskResult(0, "t0-ue2", "ue-2", 2, 0.5, 1, 1, 2) // another server
        }) {
            assertThat(task.isResultOfItsDecision(other)).as("%s", other).isFalse();
            assertThat(task.completeWith(other)).isEmpty();
            assertThat(task.completeWith(other, 2, 1)).isEmpty();
        }
        assertThat(task.ended()).isFalse();
        assertThat(task.isResultOfItsDecision(mine)).isTrue();
        TaskReport measured = task.completeWith(mine, 2, 1).orElseThrow();
        assertThat(measured.realisedLatencyS())
                .as("the device's measure, not the server's")
                .isEqualTo(2);
        assertThat(measured.realisedEnergyJ()).isEqualTo(1);
    }

    @Test
    void refusesADecisionForAnotherTask() {
        assertThat(task.accept(new OffloadingDecision(0, "ue-3", "t0-ue3", 0, "", 0, 1, 1, "")))
                .get()
                .asString()
                .contains("is not for ue-2/t0-ue2");
        assertThat(task.accept(new OffloadingDecision(0, "ue-2", "t0-ue2", 7, "server-7", 0.5, 1, 1, "")))
                .get()
                .asString()
                .contains("option 7");
    }

    @Test
    void endsExactlyOnceAndAFailureKeepsItsReason() {
        TaskReport failed = task.fail("no decision from the orchestrator within 10 ms");
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.option()).isEqualTo(-1);
        assertThat(failed.reason()).contains("within 10 ms");
        assertThat(task.ended()).isTrue();
        assertThatThrownBy(task::runLocally)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already ended");
    }

    @Test
    void aFailureWithoutAReasonSaysSoInWordsNeverNull() {
        for (String missing : new String[] {null, "", "  ", "null"}) {
            UeTask t = new UeTask(world, 0, 2, "ue-2");
            org.lambo.ontology.TaskReport r = t.fail(missing);
            assertThat(r.reason())
                    .as("reason %s", missing)
                    .isEqualTo("failed with no reason given, before a decision came");
        }
    }

    @Test
    void takesOneDecisionAndCountsTheOthersAsDuplicates() {
        OffloadingDecision d = new OffloadingDecision(0, "ue-2", "t0-ue2", 0, "", 0, 1, 1, "");
        task.asking();
        assertThat(task.accept(d)).isEmpty();
        assertThat(task.accept(d)).get().asString().contains("a second decision for t0-ue2");
        task.duplicate();
        assertThat(task.duplicates()).isEqualTo(2);
        assertThat(task.decision()).isEqualTo(d);
    }

    @Test
    void itsReportCarriesTheRoundTripsItSawAndTheResendsItNeeded() {
        task.in("ues@host-a");
        task.asking();
        task.asking();
        task.asking();
        double latency = CostModel.offloadLatency(world, 2, 1, 0.5);
        task.accept(new OffloadingDecision(
                0, "ue-2", "t0-ue2", 1, "server-1", 0.5, latency, CostModel.uploadEnergy(world, 2, 1), ""));
        task.submitting();
        task.submitting();
        TaskReport r = task.completeWith(serverOnesResult()).orElseThrow();
        assertThat(r.decisionMs()).isNotNull().isGreaterThanOrEqualTo(0);
        assertThat(r.resultMs()).isNotNull().isGreaterThanOrEqualTo(0);
        assertThat(r.resends()).as("two requests and one submission sent again").isEqualTo(3);
        assertThat(r.container()).isEqualTo("ues@host-a");

        UeTask silent = new UeTask(world, 0, 3, "ue-3");
        silent.asking();
        TaskReport failed = silent.fail("no decision from the orchestrator within 10 ms");
        assertThat(failed.decisionMs()).as("no decision came: none measured").isNull();
        assertThat(failed.resultMs()).isNull();
        assertThat(failed.container()).isEmpty();
    }
}
