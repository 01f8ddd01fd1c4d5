package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambo.mec.Prompt;
import org.lambo.ontology.TaskReport;

/** summary.md's "Why tasks failed" stays one row per cause however many UEs share it. */
class FailureReasonsTest {
    private static TaskReport failed(int ue, String reason) {
        return TaskReport.failed(0, "ue-" + ue, ue, "t0-" + ue, null, reason);
    }

    @Test
    void tenThousandSilentUesAreOneRowNamingTheFirstFewAndTheLargestCauseComesFirst() {
        List<TaskReport> reports = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            reports.add(
                    i % 4 == 0
                            ? failed(i, "no decision from the orchestrator within 60000 ms")
                            : failed(i, "no report from ue-" + i + " within the slot deadline of 67000 ms"));
        }
        List<FailureReasons.Row> rows = FailureReasons.rows(reports);
        assertThat(rows)
                .containsExactly(
                        new FailureReasons.Row(
                                "no report from ue-i within the slot deadline of 67000 ms"
                                        + " (7500 UEs: ue-1, ue-2, ue-3, ue-5, ue-6 and 7495 more)",
                                7500),
                        new FailureReasons.Row("no decision from the orchestrator within 60000 ms", 2500));
    }

    @Test
    void aReasonOnlyOneUeGaveKeepsItsNameAndCompletedTasksAreNotCounted() {
        TaskReport done = TaskReport.builder(0, "ue-9", 9, "t0-9")
                .decision(1, 1, 2.0, 1.0)
                .completed(3.0, 1.5)
                .build();
        List<FailureReasons.Row> rows = FailureReasons.rows(List.of(
                done,
                failed(3, "ue-3 could not register with the DF"),
                failed(4, "no server answered"),
                failed(5, "no server answered")));
        assertThat(rows)
                .containsExactly(
                        new FailureReasons.Row("no server answered", 2),
                        new FailureReasons.Row("ue-3 could not register with the DF", 1));
    }

    @Test
    void theSummaryShowsTheGroupedRow() {
        List<TaskReport> reports = List.of(
                failed(0, "no report from ue-0 within the slot deadline of 9 ms"),
                failed(1, "no report from ue-1 within the slot deadline of 9 ms"));
        String summary = TrialOutputs.summary(
                TrialResult.builder("greedy", Prompt.MIN_LATENCY)
                        .slots(List.of(new SlotRecord(0, reports, 12.5)))
                        .wallS(0.1)
                        .build(),
                2,
                Map.of());
        assertThat(summary)
                .contains("| no report from ue-i within the slot deadline of 9 ms (2 UEs: ue-0, ue-1) | 2 |")
                .doesNotContain("no report from ue-0");
    }
}
