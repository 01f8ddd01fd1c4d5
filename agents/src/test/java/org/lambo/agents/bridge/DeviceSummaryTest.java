package org.lambo.agents.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambo.mqtt.payload.RejectReason;
import org.lambo.ontology.TaskReport;

/**
 * The devices section of a trial's summary says plainly who dropped out and what fell back to the model, and never
 * prints NaN.
 */
class DeviceSummaryTest {
    private static final DeviceMap MAP = new DeviceMap(List.of("srv-1"), List.of("pi-1", "pi-2"));

    private static TaskReport done(int slot, int ue, int option) {
        return TaskReport.builder(slot, "ue-" + ue, ue, "t" + slot + "-" + ue)
                .decision(option, 1, 2.0, 1.0)
                .completed(3.0, 1.5)
                .build();
    }

    @Test
    void withNoMeasuredTaskThereIsNoErrorToReportAndNoNaN() {
        DeviceSummary d = new DeviceSummary(
                MAP,
                Map.of("srv-1", "offline (lost)", "pi-1", "offline (closed)", "pi-2", "offline (never connected)"),
                Map.of(),
                0,
                List.of(),
                12,
                Map.of(),
                0,
                0,
                0);
        // UEs 2 and 3 are simulated; their tasks ran locally in the model
        String text = d.text(List.of(
                done(0, 2, 0),
                done(0, 3, 0),
                TaskReport.failed(0, "ue-0", 0, "t0-0", null, "device pi-1 is offline (closed)")));
        assertThat(text)
                .doesNotContain("NaN")
                .contains(
                        "**Devices that dropped out during the trial: 3 of 3 (srv-1, pi-1, pi-2). Completed tasks: 2, measured on devices: 0, "
                                + "realised by the model: 2 (tasks of device-backed UEs that fell back to the model: 0). Failed tasks: 1.**",
                        "## Sim-to-real error (0 tasks measured on devices)",
                        "No task was measured on a device, so there is no sim-to-real error to report.");
    }

    @Test
    void dropoutsAreListedWithTheirSlotsAndLengthsAndTheModelledTasksCounted() {
        List<DeviceHub.Dropout> dropouts = List.of(
                new DeviceHub.Dropout("srv-1", "lost", 2, 0, 2.5, 0),
                new DeviceHub.Dropout("srv-1", "lost", 10, 3, 22.5, 5),
                new DeviceHub.Dropout("pi-2", "closed", 30, 7, Double.NaN, -1));
        DeviceSummary d = new DeviceSummary(
                MAP,
                Map.of("srv-1", "online (connected)", "pi-1", "online (connected)", "pi-2", "offline (closed)"),
                Map.of(RejectReason.NOT_JSON, 2L),
                1,
                dropouts,
                40,
                Map.of("cyclesPerSecond", 1L),
                3,
                4,
                5);
        // pi-1 (UE 0) measured locally; UE 0 offloaded to srv-1 (measured); pi-2 (UE 1) fell back: a task at option 2
        // (no device)
        String text = d.text(List.of(done(0, 0, 0), done(1, 0, 1), done(2, 1, 2)));
        assertThat(text)
                .doesNotContain("NaN")
                .contains(
                        "**Devices that dropped out during the trial: 2 of 3 (srv-1, pi-2). Completed tasks: 3, measured on devices: 2, "
                                + "realised by the model: 1 (tasks of device-backed UEs that fell back to the model: 1).**",
                        "| srv-1 | 2 | 13.0 s | 12.5 s | slot 3, 10.0 s | slot 5, 22.5 s | lost |",
                        "| pi-2 | 1 | 10.0 s | 10.0 s | slot 7, 30.0 s | the end (still offline) | closed |",
                        "- bad payloads rejected by the bridge: 2 {NOT_JSON=2}",
                        "- telemetry and results rejected for a value out of range: 1 {cyclesPerSecond=1}",
                        "- results for no command sent to that device: 3; for commands already ended: 4; commands resent: 5",
                        "| latency, abs(measured - predicted) / predicted | 0.500 | 0.500 |");
        assertThat(d.droppedOut()).containsExactly("srv-1", "pi-2");
    }
}
