package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's device sequence, each step its own JVM: {@code lambo broker} prints its URL, {@code lambo device
 * --emulate 2} connects to it, the broker prints each device coming online, a trial with them as UE 0 and 1 measures
 * tasks on them with none failed, and SIGTERM stops the broker.
 */
class BrokerCommandIT {

    private static void until(String what, Path log, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline)
                throw new AssertionError("timed out waiting until " + what + "; log:\n" + read(log));
            Thread.sleep(50);
        }
    }

    @Test
    void aBrokerStartedByItselfServesEmulatedDevicesSaysTheyAreOnlineAndATrialMeasuresTasksOnThem(@TempDir Path dir)
            throws Exception {
        int port = ChildJvms.freePort();
        String uri = "tcp://127.0.0.1:" + port;
        Path brokerLog = dir.resolve("broker.log");
        try (ChildJvms jvms = new ChildJvms(dir)) {
            Process broker =
                    jvms.start("broker.log", "org.lambo.cli.Lambo", "broker", "--port", Integer.toString(port));
            until("the broker prints its URL", brokerLog, () -> read(brokerLog).contains("listening on " + uri));
            assertThat(read(brokerLog)).contains("credentials: none (anonymous");

            jvms.start(
                    "device.log",
                    "org.lambo.cli.Lambo",
                    "device",
                    "--role",
                    "ue",
                    "--id",
                    "pi",
                    "--broker",
                    uri,
                    "--emulate",
                    "2",
                    "--scale",
                    "0.1");
            until(
                    "the broker says both devices are online",
                    brokerLog,
                    () -> read(brokerLog).contains("device pi-1 (ue, testbed lambo): online")
                            && read(brokerLog).contains("device pi-2 (ue, testbed lambo): online"));

            // a trial that uses them, as the README runs it
            Path devices = dir.resolve("devices.txt");
            Files.writeString(devices, "pi-1 ue\npi-2 ue\n");
            Path out = dir.resolve("dev");
            Process trial = jvms.start(
                    "trial.log",
                    "org.lambo.cli.Lambo",
                    "trial",
                    "--scenario",
                    "small",
                    "--slots",
                    "3",
                    "--policy",
                    "greedy",
                    "--devices",
                    devices.toString(),
                    "--broker",
                    uri,
                    "--device-scale",
                    "0.1",
                    "--out",
                    out.toString());
            assertThat(trial.waitFor(240, TimeUnit.SECONDS))
                    .as(() -> read(dir.resolve("trial.log")))
                    .isTrue();
            assertThat(trial.exitValue())
                    .as(() -> read(dir.resolve("trial.log")))
                    .isZero();
            String summary = read(out.resolve("summary.md"));
            assertThat(summary)
                    .contains("Every device stayed online")
                    .doesNotContain("measured on devices: 0,")
                    .containsPattern("measured on devices: [1-9]");
            assertThat(read(dir.resolve("trial.log")))
                    .as(() -> "every task completed; the summary says why not:\n" + summary)
                    .containsPattern("tasks, \\d+ completed, 0 failed");

            broker.destroy(); // SIGTERM
            assertThat(broker.waitFor(30, TimeUnit.SECONDS))
                    .as(() -> read(brokerLog))
                    .isTrue();
            assertThat(read(brokerLog)).doesNotContain("Exception").doesNotContain("SLF4J");
        }
    }

    @Test
    void aPortInUseIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                ChildJvms jvms = new ChildJvms(dir)) {
            Process broker = jvms.start(
                    "broker.log", "org.lambo.cli.Lambo", "broker", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(broker.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(broker.exitValue()).isEqualTo(Lambo.BAD_INPUT);
            assertThat(read(dir.resolve("broker.log")))
                    .contains("--port")
                    .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
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
