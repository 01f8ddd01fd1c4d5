package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.ontology.TaskReport;
import org.lambo.scenario.DriftEvent;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;

/** A trial meets the scenario's drift: a server goes down and comes back, UEs leave and join. */
class TrialDriftTest {
    @TempDir
    Path dir;

    @Test
    void aServerThatGoesDownGetsNoTasksAndTheUeCountFollowsTheDrift() throws Exception {
        Scenario s = ScenarioLoader.load("tiny")
                .withDrift(List.of(
                        new DriftEvent.ServerDown(1, 1),
                        new DriftEvent.ServerDown(1, 2),
                        new DriftEvent.ServerUp(3, 1),
                        new DriftEvent.ServerUp(3, 2),
                        new DriftEvent.UeCount(2, 4),
                        new DriftEvent.UeCount(3, 7)));
        TrialResult r = TrialRunner.run(
                TrialSettings.builder(s)
                        .slots(4)
                        .policy("nearest-fit")
                        .collectMs(2_000)
                        .decisionMs(5_000)
                        .serverMs(2_000)
                        .build(),
                dir.resolve("jade"),
                x -> {});
        assertThat(r.slots()).extracting(rec -> rec.reports().size()).containsExactly(6, 6, 4, 7);
        for (SlotRecord rec : r.slots()) {
            for (TaskReport t : rec.reports())
                assertThat(t.completed()).as("%s: %s", t.taskId(), t.reason()).isTrue();
            if (rec.slot() == 1 || rec.slot() == 2) {
                assertThat(rec.reports())
                        .as("both servers are down in slot %d", rec.slot())
                        .allMatch(t -> t.option() == 0);
            }
        }
        assertThat(r.slots().get(3).reports())
                .as("the servers are back up in slot 3")
                .anyMatch(t -> t.option() > 0);
        assertThat(r.maxPredictionError()).isZero();

        TrialOutputs.write(r, 2, s.drift(), Map.of("scenario", "tiny with drift"), dir);
        List<String> csv = Files.readAllLines(dir.resolve("slots.csv"));
        assertThat(csv.get(0)).isEqualTo(String.join(",", TrialOutputs.COLUMNS));
        assertThat(csv).hasSize(1 + 6 + 6 + 4 + 7);
        assertThat(Files.readString(dir.resolve("summary.md")))
                .contains("tasks: 23, completed: 23, failed: 0")
                .contains("scenario: tiny with drift")
                .contains("## Drift events")
                .contains("| 1 | server 1 down |")
                .contains("| 1 | server 2 down |")
                .contains("| 2 | UEs: 4 |")
                .contains("| 3 | server 1 up |")
                .contains("| 3 | UEs: 7 |");
        for (String png : List.of("latency.png", "energy.png", "split.png")) {
            byte[] head = Files.readAllBytes(dir.resolve(png));
            assertThat(head).startsWith(0x89, 'P', 'N', 'G');
        }
    }
}
