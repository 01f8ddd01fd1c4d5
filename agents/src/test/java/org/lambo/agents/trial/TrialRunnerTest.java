package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.ontology.TaskReport;
import org.lambo.scenario.ScenarioLoader;

class TrialRunnerTest {
    @TempDir
    Path dir;

    @Test
    void aSmallTrialEndsEveryTaskAndRealisesWhatTheModelPredicts() throws Exception {
        TrialSettings s = TrialSettings.builder(ScenarioLoader.load("tiny")).slots(3).policy("nearest-fit")
                .collectMs(2_000).decisionMs(5_000).serverMs(2_000).build();
        List<SlotRecord> seen = new ArrayList<>();
        TrialResult r = TrialRunner.run(s, dir.resolve("jade"), seen::add);
        assertThat(r.slots()).hasSize(3);
        assertThat(seen).hasSize(3);
        assertThat(r.tasks()).isEqualTo(3 * 6);
        for (TaskReport t : r.reports()) {
            assertThat(t.completed()).as("%s: %s", t.taskId(), t.reason()).isTrue();
        }
        assertThat(r.maxPredictionError()).isZero();
        assertThat(r.reports()).as("the policy offloads some tasks").anyMatch(t -> t.option() > 0);
    }
}
