package org.lambo.agents.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.trial.TrialOutputs;
import org.lambo.agents.trial.TrialResult;
import org.lambo.agents.trial.TrialRunner;
import org.lambo.agents.trial.TrialSettings;
import org.lambo.ontology.TaskReport;
import org.lambo.scenario.ScenarioLoader;

/**
 * A trial mixing simulated and device-backed agents, on the embedded broker the trial starts itself, with emulated
 * devices: both servers and three of the six UEs are devices.
 */
class DeviceTrialTest {
    @TempDir
    Path dir;

    @Test
    void aMixedTrialRunsTasksOnDevicesAndReportsMeasuredBesidePredicted() throws Exception {
        DeviceMap map = new DeviceMap(List.of("edge-a", "edge-b"), List.of("pi-0", "pi-1", "pi-2"));
        DeviceOptions devices = DeviceOptions.builder(map)
                .testbed("unit")
                .scale(1e-4)
                .emulate(true)
                .waitOnline(Duration.ofSeconds(20))
                .build();
        TrialSettings s = TrialSettings.builder(ScenarioLoader.load("tiny"))
                .slots(3)
                .policy("nearest-fit")
                .collectMs(4_000)
                .decisionMs(15_000)
                .serverMs(6_000)
                .devices(devices)
                .build();
        TrialResult r = TrialRunner.run(s, dir.resolve("jade"), x -> {});

        assertThat(r.tasks()).isEqualTo(3 * 6);
        for (TaskReport t : r.reports())
            assertThat(t.completed()).as("%s: %s", t.taskId(), t.reason()).isTrue();
        DeviceSummary d = r.devices();
        assertThat(d.presence()).hasSize(5).allSatisfy((id, p) -> assertThat(p).isEqualTo("online (connected)"));
        assertThat(d.strangers()).isZero();
        List<TaskReport> measured = r.reports().stream().filter(d::measured).toList();
        assertThat(measured)
                .as("tasks on device-backed servers or kept local on device-backed UEs")
                .isNotEmpty();
        // a simulated task realises exactly its prediction; a measured one realises what the device measured
        assertThat(r.reports().stream().filter(t -> !d.measured(t)))
                .allSatisfy(t -> assertThat(t.realisedLatencyS()).isEqualTo(t.predictedLatencyS()));
        assertThat(measured)
                .allSatisfy(t -> assertThat(t.realisedLatencyS()).isPositive().isNotEqualTo(t.predictedLatencyS()));

        TrialOutputs.write(r, 2, Map.of("scenario", "tiny with devices"), dir);
        List<String> csv = Files.readAllLines(dir.resolve("slots.csv"));
        assertThat(csv.get(0)).endsWith(",measured");
        assertThat(csv.stream().skip(1).filter(l -> l.endsWith(",true"))).hasSize(measured.size());
        String summary = Files.readString(dir.resolve("summary.md"));
        assertThat(summary)
                .contains(
                        "## Devices",
                        "| edge-a | server 1 | online (connected) |",
                        "| pi-2 | UE 2 |",
                        "## Sim-to-real error (" + measured.size() + " tasks measured on devices)");
    }

    /**
     * Every UE offloads (nearest); UEs 0 and 1 are devices, 2 to 5 simulated, both servers devices. A device UE's
     * device uploads the input to the server's device itself and measures the latency and the upload energy, which its
     * report carries; a simulated UE's task gets the server device's measured compute time and the model's upload
     * energy.
     */
    @Test
    void aUeDeviceUploadsItsOffloadedTaskToTheServerDeviceAndReportsWhatItMeasured() throws Exception {
        DeviceMap map = new DeviceMap(List.of("edge-a", "edge-b"), List.of("pi-0", "pi-1"));
        DeviceOptions devices = DeviceOptions.builder(map)
                .testbed("unit2")
                .scale(1e-4)
                .emulate(true)
                .waitOnline(Duration.ofSeconds(20))
                .build();
        TrialSettings s = TrialSettings.builder(ScenarioLoader.load("tiny"))
                .slots(2)
                .policy("nearest")
                .collectMs(4_000)
                .decisionMs(15_000)
                .serverMs(6_000)
                .devices(devices)
                .build();
        TrialResult r = TrialRunner.run(s, dir.resolve("jade"), x -> {});

        for (TaskReport t : r.reports())
            assertThat(t.completed()).as("%s: %s", t.taskId(), t.reason()).isTrue();
        DeviceSummary d = r.devices();
        List<TaskReport> deviceToDevice = r.reports().stream()
                .filter(t -> t.index() < 2 && t.option() >= 1)
                .toList();
        List<TaskReport> simulatedToDevice = r.reports().stream()
                .filter(t -> t.index() >= 2 && t.option() >= 1)
                .toList();
        assertThat(deviceToDevice)
                .as("device UEs offload (where feasible)")
                .isNotEmpty()
                .allSatisfy(t -> {
                    assertThat(d.measured(t)).isTrue();
                    assertThat(t.realisedLatencyS()).isPositive().isNotEqualTo(t.predictedLatencyS());
                    assertThat(t.realisedEnergyJ())
                            .as("the upload energy the UE device measured")
                            .isPositive()
                            .isNotEqualTo(t.predictedEnergyJ());
                });
        assertThat(simulatedToDevice).as("simulated UEs offload").isNotEmpty().allSatisfy(t -> {
            assertThat(d.measured(t)).isTrue();
            assertThat(t.realisedLatencyS()).isNotEqualTo(t.predictedLatencyS());
            assertThat(t.realisedEnergyJ())
                    .as("the model's upload energy p D / r")
                    .isEqualTo(t.predictedEnergyJ());
        });
        assertThat(d.rejects().values().stream().mapToLong(Long::longValue).sum())
                .isZero();
    }

    @Test
    void aBadDevicesFileNamesTheLineAndTheValue() throws Exception {
        Path f = dir.resolve("devices");
        Files.writeString(f, "# id role ssh\npi-01 ue pi@host\njet-1 gpu\n");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> DeviceMap.read(f)))
                .isInstanceOf(org.lambo.io.InputException.class)
                .hasMessageContaining("line 3 role")
                .hasMessageContaining("'gpu'");
        Files.writeString(f, "pi-01 ue\npi-01 server\n");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> DeviceMap.read(f)))
                .hasMessageContaining("already on line 1");
        Files.writeString(f, "pi-01 ue\nedge server\npi-02 ue\n");
        DeviceMap m = DeviceMap.read(f);
        assertThat(m.ue(1)).contains("pi-02");
        assertThat(m.server(1)).contains("edge");
        assertThat(m.server(2)).isEmpty();
    }
}
