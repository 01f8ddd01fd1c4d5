package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambo.agents.bridge.DeviceMap;
import org.lambo.agents.orchestrator.LinkLog;
import org.lambo.mec.Prompt;
import org.lambo.ontology.TaskReport;

class RoundTripsTest {
    private static TaskReport offloaded(
            int ue, int server, int decisionMs, int resultMs, int resends, String container) {
        return TaskReport.builder(0, "ue-" + ue, ue, "t0-ue" + ue)
                .decision(server, 0.5, 2.0, 1.0)
                .completed(2.0, 1.0)
                .build()
                .withRoundTrips(decisionMs, resultMs, resends, container);
    }

    @Test
    void givesCountMedianP95AndMaxPerContainerDeviceAndServerWithTheResends() {
        List<TaskReport> reports = new ArrayList<>();
        for (int k = 1; k <= 20; k++) reports.add(offloaded(k % 2, 1, 100 * k, k, k == 20 ? 2 : 0, "ues-a"));
        reports.add(
                TaskReport.failed(0, "ue-5", 5, "t0-ue5", null, "no decision").withRoundTrips(null, null, 3, "ues-b"));
        String s =
                RoundTrips.section(reports, new DeviceMap(List.of("jetson-01"), List.of("pi-01")), LinkLog.Seen.NONE);
        assertThat(s)
                .contains("## Round trips seen by the UEs")
                .contains("| where | tasks | decisions | median | p95 | max | results | median | p95 | max | re-sends"
                        + " | decided late | joined from |")
                .contains("| container ues-a | 20 | 20 | 1000 | 1900 | 2000 | 20 | 10 | 19 | 20 | 2 | 0 | not known |")
                .as("a container whose tasks got no decision says so")
                .contains(
                        "| container ues-b | 1 | 0 | none measured | none measured | none measured | 0 | none measured | none measured | none measured | 3 | 0 | not known |")
                .as("ue-0 is pi-01: the even k")
                .contains("| device pi-01 (UE) | 10 | 10 | 1000 | 2000 | 2000 | 10 | 10 | 20 | 20 | 2 | 0 | - |")
                .contains("| device jetson-01 (server) | 20 | 20 |")
                .contains("| server-1 (results only) | 20 | 20 |")
                .doesNotContain("NaN");
    }

    @Test
    void reportsWithoutRoundTripsAndATrialWithoutTasksSayNoneMeasuredNeverNaN() {
        String resumed = RoundTrips.section(
                List.of(TaskReport.builder(0, "ue-0", 0, "t0-ue0")
                        .decision(0, 0, 1.0, 1.0)
                        .completed(1.0, 1.0)
                        .build()),
                null,
                LinkLog.Seen.NONE);
        assertThat(resumed)
                .contains("| container (not known: a report without round trips) | 1 | 0 | none measured")
                .doesNotContain("NaN");
        assertThat(RoundTrips.section(List.of(), null, LinkLog.Seen.NONE))
                .contains("- none measured (no task ran)")
                .contains("## Round trips seen by the orchestrator")
                .contains("- none measured (no server was given a share)");
        String summary = TrialOutputs.summary(
                TrialResult.builder("greedy", Prompt.MIN_LATENCY).build(), 2, Map.of());
        assertThat(summary)
                .contains("## Round trips seen by the UEs")
                .contains("## Round trips seen by the orchestrator")
                .doesNotContain("NaN");
    }

    @Test
    void givenRowsMakeOneRowPerContainerWithTheLateDecisionsAndTheServersConfirmationTimes() {
        // two UE containers: ue-0 (slots 0..2) behind a slow link, ue-1 (slots 0..2) beside the main container; ue-0's
        // request of slot 1 decided late
        List<TaskReport> reports = new ArrayList<>();
        for (int slot = 0; slot < 3; slot++) {
            reports.add(TaskReport.builder(slot, "ue-0", 0, "t" + slot + "-ue0")
                    .decision(2, 0.5, 2.0, 1.0)
                    .completed(2.0, 1.0)
                    .build()
                    .withRoundTrips(slot == 1 ? 6_000 : 800 + slot, 300, slot == 1 ? 2 : 0, "lambo-ue-0"));
            reports.add(TaskReport.builder(slot, "ue-1", 1, "t" + slot + "-ue1")
                    .decision(0, 0, 2.0, 1.0)
                    .completed(2.0, 1.0)
                    .build()
                    .withRoundTrips(40 + slot, null, 0, "lambo-ues"));
        }
        LinkLog log = new LinkLog();
        log.decidedLate(1, 0);
        log.decidedLate(7, 1); // a slot with no report of ue-1: counted nowhere
        for (int slot = 0; slot < 3; slot++) log.confirmed(slot, 2, "lambo-servers", 10 + slot);
        log.confirmed(1, 2, "lambo-servers", 90); // the late decision's allocation
        log.notConfirmed(2, 3, "lambo-servers");
        log.confirmed(0, 1, "", 5); // a server whose container the orchestrator did not know
        // the addresses the containers joined from, as the main container's platform said (the last one told counts)
        log.joined("lambo-ue-0", "10.231.9.99");
        log.joined("lambo-ue-0", "10.231.9.12");
        log.joined("lambo-ues", "127.0.0.1");
        log.joined("lambo-servers", "10.231.9.13");
        log.joined("", "10.231.9.14"); // no container name: ignored
        log.joined("hostile", "10.0.0.1\n| forged | row |" + "x".repeat(500)); // what a hostile peer may claim
        assertThat(log.seen().addressOf("hostile"))
                .as("one line, bounded")
                .startsWith("10.0.0.1?| forged | row |x")
                .hasSize(100);

        List<RoundTrips.Row> rows = RoundTrips.rows(reports, null, log.seen());
        assertThat(rows)
                .extracting(RoundTrips.Row::where)
                .containsExactly("container lambo-ue-0", "container lambo-ues", "server-2 (results only)");
        RoundTrips.Row slow = rows.get(0);
        assertThat(slow.tasks()).isEqualTo(3);
        assertThat(slow.decisions()).isEqualTo(new RoundTrips.Figures(3, 802, 6_000, 6_000));
        assertThat(slow.results()).isEqualTo(new RoundTrips.Figures(3, 300, 300, 300));
        assertThat(slow.resends()).isEqualTo(2);
        assertThat(slow.late()).isEqualTo(1);
        assertThat(rows.get(1).late()).isZero();
        assertThat(rows.get(1).results()).isEqualTo(new RoundTrips.Figures(0, null, null, null));
        assertThat(rows.get(2).late()).as("ue-0's late task ran on server 2").isEqualTo(1);
        assertThat(rows).extracting(RoundTrips.Row::joinedFrom).containsExactly("10.231.9.12", "127.0.0.1", "");

        List<RoundTrips.ServerRow> servers = RoundTrips.serverRows(log.seen());
        assertThat(servers)
                .containsExactly(
                        new RoundTrips.ServerRow("container (not known)", "", 1, new RoundTrips.Figures(1, 5, 5, 5), 0),
                        new RoundTrips.ServerRow(
                                "container lambo-servers", "10.231.9.13", 5, new RoundTrips.Figures(4, 11, 90, 90), 1),
                        new RoundTrips.ServerRow("server-1", "", 1, new RoundTrips.Figures(1, 5, 5, 5), 0),
                        new RoundTrips.ServerRow("server-2", "", 4, new RoundTrips.Figures(4, 11, 90, 90), 0),
                        new RoundTrips.ServerRow("server-3", "", 1, new RoundTrips.Figures(0, null, null, null), 1));

        String s = RoundTrips.section(reports, null, log.seen());
        assertThat(s)
                .contains(
                        "| container lambo-ue-0 | 3 | 3 | 802 | 6000 | 6000 | 3 | 300 | 300 | 300 | 2 | 1 | 10.231.9.12 |")
                .contains(
                        "| container lambo-ues | 3 | 3 | 41 | 42 | 42 | 0 | none measured | none measured | none measured | 0 | 0 | 127.0.0.1 |")
                .contains("| container lambo-servers | 5 | 4 | 11 | 90 | 90 | 1 | 10.231.9.13 |")
                .contains("| server-3 | 1 | 0 | none measured | none measured | none measured | 1 | - |")
                .doesNotContain("NaN");
        String summary = TrialOutputs.summary(
                TrialResult.builder("greedy", Prompt.MIN_LATENCY)
                        .slots(List.of(new SlotRecord(0, reports, 1)))
                        .wallS(1)
                        .links(log.seen())
                        .build(),
                3,
                Map.of());
        assertThat(summary).contains("| container lambo-ue-0 | 3 | 3 | 802 |").contains("| server-2 | 4 | 4 |");
    }

    @Test
    void aResumedStartSaysItsOrchestratorFiguresAndLateDecisionsCoverOnlyTheSlotsFromTheResumeOn() {
        List<TaskReport> reports = new ArrayList<>();
        for (int slot = 0; slot < 4; slot++) reports.add(offloaded(0, 1, 100, 20, 0, "lambo-ues"));
        LinkLog resumed = new LinkLog(2);
        resumed.confirmed(2, 1, "lambo-servers", 30);
        resumed.confirmed(3, 1, "lambo-servers", 40);
        resumed.joined("lambo-servers", "10.231.9.13");
        String s = RoundTrips.section(reports, null, resumed.seen());
        assertThat(s)
                .contains("This start resumed the trial at slot 2: the 'decided late' counts and the addresses cover"
                        + " slots 2 and after only")
                .contains("This start resumed the trial at slot 2: these figures and the addresses cover slots 2 and"
                        + " after only")
                .contains("| container lambo-servers | 2 | 2 | 30 | 40 | 40 | 0 | 10.231.9.13 |");
        LinkLog fresh = new LinkLog();
        fresh.confirmed(0, 1, "lambo-servers", 30);
        assertThat(RoundTrips.section(reports, null, fresh.seen())).doesNotContain("resumed");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new LinkLog(-1)))
                .hasMessageContaining("fromSlot must be >= 0, got -1");
    }

    @Test
    void thePercentilesAreNearestRank() {
        assertThat(RoundTrips.rank(new int[] {7}, 0.95)).isEqualTo(7);
        assertThat(RoundTrips.rank(new int[] {1, 2}, 0.5)).isEqualTo(1);
        assertThat(RoundTrips.rank(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.95))
                .isEqualTo(10);
        assertThat(RoundTrips.rank(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.5))
                .isEqualTo(5);
    }
}
