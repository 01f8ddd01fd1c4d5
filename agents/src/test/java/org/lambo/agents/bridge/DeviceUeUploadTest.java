package org.lambo.agents.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lambo.agents.ue.UeTask;
import org.lambo.mec.CostModel;
import org.lambo.mec.Instance;
import org.lambo.ontology.DeviceMessages.DeviceResult;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.Outcome;
import org.lambo.ontology.TaskReport;
import org.lambo.ontology.TaskResult;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/**
 * How a device-backed UE ends a task its device uploaded ({@link DeviceUeAgent#completeUploaded}): a result that is not
 * of the task's decision is told apart before the upload is waited for; the task's own result completes with what the
 * device measured, or fails with why the upload did not end.
 */
class DeviceUeUploadTest {
    private final Instance world = new World(ScenarioLoader.load("tiny"), 11).next();
    private final UeTask task = new UeTask(world, 0, 2, "ue-2");
    private final TaskResult mine = new TaskResult(0, "t0-ue2", "ue-2", 1, 0.5, 1, 1, 2);

    DeviceUeUploadTest() {
        task.accept(new OffloadingDecision(
                0,
                "ue-2",
                "t0-ue2",
                1,
                "server-1",
                0.5,
                CostModel.offloadLatency(world, 2, 1, 0.5),
                CostModel.uploadEnergy(world, 2, 1),
                ""));
    }

    /** An upload that fails the test if anyone waits for it. */
    private static CompletableFuture<DeviceResult> notToBeWaitedFor() {
        return new CompletableFuture<>() {
            @Override
            public DeviceResult get(long timeout, TimeUnit unit) {
                throw new AssertionError("the upload was waited for");
            }
        };
    }

    private static DeviceResult upload(boolean completed, String reason) {
        return new DeviceResult("s0-t0-ue2-up-1", "t0-ue2", completed, 0.1, 0.9, 0.7, 1000, 0.2, 1.3, reason);
    }

    @Test
    void aResultForAnotherTaskSlotOrServerCompletesNothingWithoutWaitingForTheUpload() {
        for (TaskResult stranger : new TaskResult[] {
            new TaskResult(0, "t0-ue3", "ue-3", 1, 0.5, 1, 1, 2), // another task
            new TaskResult(1, "t0-ue2", "ue-2", 1, 0.5, 1, 1, 2), // another slot
            new TaskResult(0, "t0-ue2", "ue-2", 2, 0.5, 1, 1, 2) // another server
        }) {
            assertThat(DeviceUeAgent.completeUploaded(task, stranger, notToBeWaitedFor(), 60_000, "dev-ue2"))
                    .as("%s", stranger)
                    .isEmpty();
        }
        assertThat(task.ended())
                .as("the UE fails it, saying whose result is not for it")
                .isFalse();
    }

    @Test
    void itsOwnResultCompletesWithWhatTheDeviceMeasuredOnceTheUploadEnded() {
        TaskReport r = DeviceUeAgent.completeUploaded(
                        task, mine, CompletableFuture.completedFuture(upload(true, "")), 60_000, "dev-ue2")
                .orElseThrow();
        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(r.realisedLatencyS()).as("the device's measure").isEqualTo(1.3);
        assertThat(r.realisedEnergyJ()).isEqualTo(0.7);
    }

    @Test
    void itsOwnResultFailsWithWhyTheUploadDidNotEnd() {
        TaskReport failed = DeviceUeAgent.completeUploaded(
                        task, mine, CompletableFuture.completedFuture(upload(false, "link down")), 60_000, "dev-ue2")
                .orElseThrow();
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.reason()).isEqualTo("device dev-ue2 failed the upload: link down");

        UeTask other = new UeTask(world, 0, 2, "ue-2");
        other.accept(task.decision());
        TaskReport silent = DeviceUeAgent.completeUploaded(other, mine, new CompletableFuture<>(), 1, "dev-ue2")
                .orElseThrow();
        assertThat(silent.reason()).isEqualTo("device dev-ue2 did not report its upload within 1 ms");
    }
}
