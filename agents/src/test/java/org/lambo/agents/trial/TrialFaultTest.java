package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.ontology.TaskReport;
import org.lambo.scenario.ScenarioLoader;

/** An edge-server agent killed between slots: the trial goes on without it and nothing hangs. */
class TrialFaultTest {
    @TempDir
    Path dir;

    @Test
    void aKilledServerIsTakenAsDownAndTheTrialCompletes() throws Exception {
        TrialSettings s = TrialSettings.builder(ScenarioLoader.load("tiny"))
                .slots(3)
                .policy("nearest-fit")
                .collectMs(1_500)
                .decisionMs(5_000)
                .serverMs(1_500)
                .build();
        TrialResult r = TrialRunner.run(s, dir.resolve("jade"), x -> {}, (record, platform) -> {
            if (record.slot() == 0) assertThat(platform.killAgent("server-2")).isTrue();
        });
        assertThat(r.slots()).hasSize(3);
        assertThat(r.slots().get(0).reports()).as("both servers serve slot 0").anyMatch(t -> t.option() == 2);
        for (SlotRecord rec : r.slots()) {
            for (TaskReport t : rec.reports())
                assertThat(t.completed()).as("%s: %s", t.taskId(), t.reason()).isTrue();
            if (rec.slot() > 0)
                assertThat(rec.reports())
                        .as("no task goes to the dead server in slot %d", rec.slot())
                        .noneMatch(t -> t.option() == 2);
        }
        assertThat(r.maxPredictionError()).isZero();
    }

    @Test
    void aUeKilledBetweenSlotsHasItsLaterTasksEndedWithTheReason() throws Exception {
        TrialSettings s = TrialSettings.builder(ScenarioLoader.load("tiny"))
                .slots(3)
                .policy("nearest-fit")
                .collectMs(1_500)
                .decisionMs(5_000)
                .serverMs(1_500)
                .build();
        TrialResult r = TrialRunner.run(s, dir.resolve("jade"), x -> {}, (record, platform) -> {
            if (record.slot() == 0) assertThat(platform.killAgent("ue-1")).isTrue();
        });
        assertThat(r.slots()).hasSize(3);
        assertThat(r.slots().get(0).reports()).allMatch(TaskReport::completed);
        for (SlotRecord rec : r.slots().subList(1, 3)) {
            for (TaskReport t : rec.reports()) {
                if (t.index() == 1) {
                    assertThat(t.completed()).isFalse();
                    assertThat(t.reason())
                            .as("told by the AMS, not by the slot deadline")
                            .isEqualTo("ue-1 is gone: it died in container Main-Container");
                } else {
                    assertThat(t.completed())
                            .as("%s: %s", t.taskId(), t.reason())
                            .isTrue();
                }
            }
        }
    }
}
