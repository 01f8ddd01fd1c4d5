package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambo.agents.bridge.DeviceMap;
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
        String s = RoundTrips.section(reports, new DeviceMap(List.of("jetson-01"), List.of("pi-01")));
        assertThat(s)
                .contains("## Round trips seen by the UEs")
                .contains("| container ues-a | 20 | 20 | 1000 | 1900 | 2000 | 20 | 10 | 19 | 20 | 2 |")
                .as("a container whose tasks got no decision says so")
                .contains(
                        "| container ues-b | 1 | 0 | none measured | none measured | none measured | 0 | none measured | none measured | none measured | 3 |")
                .as("ue-0 is pi-01: the even k")
                .contains("| device pi-01 (UE) | 10 | 10 | 1000 | 2000 | 2000 | 10 | 10 | 20 | 20 | 2 |")
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
                null);
        assertThat(resumed)
                .contains("| container (not known: a report without round trips) | 1 | 0 | none measured")
                .doesNotContain("NaN");
        assertThat(RoundTrips.section(List.of(), null)).contains("- none measured (no task ran)");
        String summary = TrialOutputs.summary(new TrialResult("greedy", "", List.of(), 0), 2, Map.of());
        assertThat(summary).contains("## Round trips seen by the UEs").doesNotContain("NaN");
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
