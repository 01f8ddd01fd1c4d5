package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambo.agents.platform.ContainerDropout;
import org.lambo.mec.Prompt;
import org.lambo.ontology.TaskReport;

/** summary.md never shows NaN: a mean of no task or of no slot is said in words. */
class TrialOutputsTest {
    @Test
    void aTrialWhereNoTaskCompletedSaysSoInsteadOfNaN() {
        SlotRecord slot = new SlotRecord(
                0,
                List.of(
                        TaskReport.failed(0, "ue-0", 0, "t0-0", null, "no server answered"),
                        TaskReport.failed(0, "ue-1", 1, "t0-1", null, "no server answered")),
                12.5);
        String summary = TrialOutputs.summary(
                TrialResult.builder("greedy", Prompt.MIN_LATENCY)
                        .slots(List.of(slot))
                        .wallS(0.1)
                        .build(),
                2,
                Map.of());
        assertThat(summary)
                .doesNotContain("NaN")
                .contains("| mean latency per task (s) | none completed | none completed |")
                .contains("| mean energy per task (J) | none completed | none completed |")
                .contains("- mean 12.5 ms, median 12.5 ms, max 12.5 ms")
                .contains("| no server answered | 2 |");
    }

    @Test
    void aTrialWithoutSlotsShowsDashesForItsRoundTrip() {
        String summary = TrialOutputs.summary(
                TrialResult.builder("greedy", Prompt.MIN_LATENCY).build(), 2, Map.of("scenario", "tiny"));
        assertThat(summary)
                .doesNotContain("NaN")
                .contains("- mean -, median -, max - (no slot ran)")
                .contains("none completed");
    }

    @Test
    void completedTasksStillGetTheirMeans() {
        TaskReport done = TaskReport.builder(0, "ue-0", 0, "t0-0")
                .decision(1, 1, 2.0, 1.0)
                .completed(3.0, 1.5)
                .build();
        String summary = TrialOutputs.summary(
                TrialResult.builder("greedy", Prompt.MIN_LATENCY)
                        .slots(List.of(new SlotRecord(0, List.of(done), 4)))
                        .wallS(0.1)
                        .build(),
                2,
                Map.of());
        assertThat(summary)
                .doesNotContain("NaN")
                .doesNotContain("none completed")
                .contains("| mean latency per task (s) | ");
    }

    @Test
    void theMessagesAgentsRefusedAreListedPerAgentAndKindAndAQuietTrialSaysNone() {
        java.util.SortedMap<String, Map<org.lambo.agents.Discipline.Kind, Long>> snapshot = new java.util.TreeMap<>();
        snapshot.put("ue-0", Map.of());
        assertThat(TrialOutputs.refusals(snapshot)).contains("- none by the agents of this JVM");
        snapshot.put(
                "orchestrator",
                new java.util.EnumMap<>(Map.of(
                        org.lambo.agents.Discipline.Kind.WRONG_SENDER,
                        3L,
                        org.lambo.agents.Discipline.Kind.STRAY_REPLY,
                        60L)));
        assertThat(TrialOutputs.refusals(snapshot))
                .contains("| orchestrator | wrong sender 3, stray reply 60 |")
                .doesNotContain("| ue-0 |")
                .doesNotContain("none by");
    }

    @Test
    void aRealTimeTrialSaysWhichSlotsOverranAndWhetherItHeldItsUesInRealTime() {
        TaskReport done = TaskReport.builder(0, "ue-0", 0, "t0-0")
                .decision(1, 1, 2.0, 1.0)
                .completed(3.0, 1.5)
                .build();
        TaskReport done1 = TaskReport.builder(0, "ue-1", 1, "t0-1")
                .decision(0, 0, 2.0, 1.0)
                .completed(3.0, 1.5)
                .build();
        SlotRecord kept = new SlotRecord(0, List.of(done, done1), 40, new SlotRecord.Pace(0, 0, 2));
        SlotRecord overran = new SlotRecord(1, List.of(done, done1), 1300, new SlotRecord.Pace(0, 300, 1));
        SlotRecord late = new SlotRecord(2, List.of(done, done1), 50, new SlotRecord.Pace(300, 0, 2));

        assertThat(TrialOutputs.realTime(List.of(kept, late)))
                .contains("- slots that overran their dt: 0 of 2\n")
                .contains("- held in real time: all 2 UEs, every slot")
                .contains("- reports within their slot's dt: 4 of 4");
        assertThat(TrialOutputs.summary(
                        TrialResult.builder("greedy", Prompt.MIN_LATENCY)
                                .slots(List.of(kept, overran, late))
                                .wallS(1.4)
                                .build(),
                        2,
                        Map.of()))
                .contains("- slots that overran their dt: 1 of 3 (by 300.0 ms at most, 300.0 ms on average; slot 1)")
                .contains("- slots that started late (the one before overran): 1, by 300.0 ms at most")
                .contains("- reports within their slot's dt: 5 of 6 (at least 1 in every slot)")
                .contains("- held in real time: not all 2 UEs (1 slots overran); every slot held 1");
        assertThat(TrialOutputs.realTime(List.of(new SlotRecord(0, List.of(done), 4))))
                .as("a trial not paced")
                .isEmpty();
    }

    @Test
    void theContainersTheMainContainerLostAreCountedAndListedWithWhenAndHowLongAndATrialThatLostNoneSaysNothing() {
        var t0 = java.time.Instant.parse("2026-12-06T16:00:01.234567Z");
        List<ContainerDropout> lost = List.of(
                new ContainerDropout(
                        "lambo-ues", t0, 5_123, ContainerDropout.End.KEPT, "no answer to a ping for 3001 ms"),
                new ContainerDropout(
                        "lambo-ues",
                        t0.plusSeconds(60),
                        8_004,
                        ContainerDropout.End.REMOVED,
                        "its connection broke (Connection reset)"),
                new ContainerDropout(
                        "lambo-servers",
                        t0.plusSeconds(90),
                        2_000,
                        ContainerDropout.End.UNANSWERED_AT_END,
                        "a ping failed (No route | to host)"));
        String summary = TrialOutputs.summary(
                TrialResult.builder("greedy", Prompt.MIN_LATENCY).dropouts(lost).build(), 2, Map.of());
        assertThat(summary)
                .contains("## Containers that dropped out")
                .contains("- 3 dropouts: 1 kept (answered again within --dropout-ms), 1 removed (their UEs' tasks"
                        + " failed, their servers' tasks ran elsewhere), 1 not answering when the trial ended")
                .contains("| lambo-ues | 2026-12-06T16:00:01.234Z | 5123 | answered again: kept |"
                        + " no answer to a ping for 3001 ms |")
                .contains("| lambo-ues | 2026-12-06T16:01:01.234Z | 8004 | removed (--dropout-ms) |"
                        + " its connection broke (Connection reset) |")
                .contains("| lambo-servers | 2026-12-06T16:01:31.234Z | 2000 | not answering when the trial ended |"
                        + " a ping failed (No route \\| to host) |");
        assertThat(TrialOutputs.summary(
                        TrialResult.builder("greedy", Prompt.MIN_LATENCY).build(), 2, Map.of()))
                .doesNotContain("dropped out");
        assertThat(TrialOutputs.dropouts(lost.subList(0, 1)))
                .contains("- 1 dropout: 1 kept (answered again within --dropout-ms), 0 removed")
                .doesNotContain("not answering");
    }
}
