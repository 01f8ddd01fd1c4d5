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

/**
 * The README's device sequence, each step its own JVM: {@code lambo broker} prints its URL, {@code lambo
 * device --emulate 2} connects to it, the broker prints each device coming online, the testbed's bridge
 * sees both ready, and SIGTERM stops the broker.
 */
class BrokerCommandIT {

    private static void until(String what, Path log, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what + "; log:\n" + read(log));
            Thread.sleep(50);
        }
    }

    @Test
    void aBrokerStartedByItselfServesEmulatedDevicesAndSaysTheyAreOnline(@TempDir Path dir) throws Exception {
        int port = ChildJvms.freePort();
        String uri = "tcp://127.0.0.1:" + port;
        Path brokerLog = dir.resolve("broker.log");
        try (ChildJvms jvms = new ChildJvms(dir)) {
            Process broker = jvms.start("broker.log", "org.lambo.cli.Lambo", "broker", "--port", Integer.toString(port));
            until("the broker prints its URL", brokerLog, () -> read(brokerLog).contains("listening on " + uri));
            assertThat(read(brokerLog)).contains("credentials: none (anonymous");

            jvms.start("device.log", "org.lambo.cli.Lambo", "device", "--role", "ue", "--id", "pi", "--broker", uri,
                    "--emulate", "2", "--scale", "1e-3", "--telemetry-ms", "200");
            try (DeviceHub hub = new DeviceHub(uri, "lambo", new DeviceMap(List.of(), List.of("pi-1", "pi-2")), 1e-3, 5)
                    .connect(Duration.ofSeconds(20))) {
                assertThat(hub.awaitReady(Duration.ofSeconds(60))).as(() -> read(dir.resolve("device.log"))).isEmpty();
            }
            until("the broker says both devices are online", brokerLog, () -> read(brokerLog).contains("device pi-1 (ue, testbed lambo): online")
                    && read(brokerLog).contains("device pi-2 (ue, testbed lambo): online"));

            broker.destroy(); // SIGTERM
            assertThat(broker.waitFor(30, TimeUnit.SECONDS)).as(() -> read(brokerLog)).isTrue();
            assertThat(read(brokerLog)).doesNotContain("Exception").doesNotContain("SLF4J");
        }
    }

    @Test
    void aPortInUseIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             ChildJvms jvms = new ChildJvms(dir)) {
            Process broker = jvms.start("broker.log", "org.lambo.cli.Lambo", "broker", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(broker.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(broker.exitValue()).isEqualTo(Lambo.BAD_INPUT);
            assertThat(read(dir.resolve("broker.log"))).contains("--port").contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .doesNotContain("\tat ");
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
