package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.bridge.DeviceHub;
import org.lambo.agents.bridge.DeviceMap;
import org.lambo.device.protocol.DeviceBodies;
import org.lambo.mqtt.broker.EmbeddedBroker;
import org.lambo.ontology.DeviceMessages.DeviceCommand;
import org.lambo.ontology.DeviceMessages.DeviceResult;
import org.lambo.ontology.DeviceMessages.Work;
import org.lambo.ontology.TaskDescription;

/**
 * {@code lambo device} in its own JVM is a real device: the bridge sees it come online with its calibrated speed, it
 * runs a command and answers with what it measured, and SIGTERM closes it cleanly (retained {@code offline/closed}).
 */
class DeviceCommandIT {

    private static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void aLamboDeviceProcessServesTheBridgeAndClosesCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        DeviceMap map = new DeviceMap(List.of("edge-1"), List.of());
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                DeviceHub hub = new DeviceHub(broker.uri(), "cli", map, 1e-3, 5).connect(Duration.ofSeconds(10));
                ChildJvms jvms = new ChildJvms(dir)) {
            Process device = jvms.start(
                    "device.log",
                    "org.lambo.cli.Lambo",
                    "device",
                    "--role",
                    "server",
                    "--id",
                    "edge-1",
                    "--broker",
                    broker.uri(),
                    "--testbed",
                    "cli",
                    "--scale",
                    "1e-3",
                    "--telemetry-ms",
                    "200");
            assertThat(hub.awaitReady(Duration.ofSeconds(30)))
                    .as(() -> log(dir))
                    .isEmpty();
            assertThat(hub.telemetry("edge-1").orElseThrow().cyclesPerSecond()).isPositive();

            TaskDescription t = new TaskDescription("t-1", 8e5, 6e8, 1);
            DeviceCommand c = new DeviceCommand(
                    "c-1", 0, Work.SERVE, t, 0.5, DeviceBodies.input(t, 1e-3), DeviceBodies.inputBytes(t, 1e-3));
            DeviceResult r = hub.run("edge-1", c, Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS);
            assertThat(r.completed()).as(r.reason()).isTrue();
            assertThat(r.computeTimeS()).isEqualTo(r.busyS() / 0.5);
            assertThat(r.inputBytes()).isEqualTo(100);

            device.destroy(); // SIGTERM
            assertThat(device.waitFor(20, TimeUnit.SECONDS)).isTrue();
            until("the device is offline", () -> !hub.online("edge-1"));
            assertThat(hub.presence("edge-1").reason()).isEqualTo("closed");
            assertThat(log(dir)).contains("\"cyclesPerSecond\"");
        }
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("device.log"), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
