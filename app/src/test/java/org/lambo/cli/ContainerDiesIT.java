package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lambo.agents.trial.SlotRecord;
import org.lambo.agents.trial.TrialResult;
import org.lambo.ontology.TaskReport;

/**
 * Whole peripheral containers destroyed mid-trial: this JVM holds the main container, one child JVM the UEs and another
 * the edge servers. After slot 0 the servers' JVM is killed, after slot 1 the UEs' JVM: the orchestrator hears from no
 * server (and learns from the AMS that they are gone once the main container has not reached their container for
 * {@code --dropout-ms}, 15 s by default) and runs every task locally; the clock learns the same way that the UEs are
 * gone, within the slot's deadline, and ends their tasks with the reason; the trial completes.
 */
class ContainerDiesIT {
    @RegisterExtension
    final ChildJvmsExtension jvms = new ChildJvmsExtension();

    @Test
    void theTrialCompletesWhenTheServersAndThenTheUesContainersDie() throws Exception {
        TrialFixture run =
                TrialFixture.on(jvms).remote().slots(3).policy("nearest").build();
        TrialFixture.Containers containers = run.containers();
        TrialResult r = run.runHere((record, platform) -> {
            if (record.slot() == 0) ChildJvms.kill(containers.servers());
            if (record.slot() == 1) ChildJvms.kill(containers.ues());
        });
        assertThat(r.slots()).extracting(SlotRecord::slot).containsExactly(0, 1, 2);
        List<TaskReport> first = r.slots().get(0).reports();
        assertThat(first).allMatch(TaskReport::completed).anyMatch(t -> t.option() > 0);
        for (TaskReport t : r.slots().get(1).reports()) {
            assertThat(t.completed()).as("%s: %s", t.taskId(), t.reason()).isTrue();
            assertThat(t.option())
                    .as("%s runs locally once the servers are gone", t.taskId())
                    .isZero();
        }
        for (TaskReport t : r.slots().get(2).reports()) {
            assertThat(t.completed()).isFalse();
            assertThat(t.reason())
                    .as(t.taskId())
                    .startsWith(t.ue() + " is gone: its container")
                    .endsWith("was removed");
        }
    }
}
