package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lambo device}: lambo-device.jar's own flags and checks, under the testbed's command line. */
class DeviceCommandTest {

    @Test
    void helpListsTheDeviceRuntimesFlagsAndSubcommands() {
        CliTest.Result r = CliTest.run("device", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("Usage: lambo device")
                .contains("--role")
                .contains("--broker")
                .contains("--tls-ca")
                .contains("--password-file")
                .contains("--emulate")
                .contains("calibrate")
                .contains("work");
    }

    @Test
    void badFlagsAreNamedWithExitTwoBeforeAnythingCalibratesOrConnects(@TempDir Path dir) {
        CliTest.Result role = CliTest.run("device", "--role", "robot", "--id", "pi-1", "--broker", "tcp://127.0.0.1:1");
        assertThat(role.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(role.err().lines().findFirst().orElseThrow()).isEqualTo("--role must be ue or server, got robot");
        assertThat(role.out()).as("no calibration printed").isEmpty();

        CliTest.Result id = CliTest.run("device", "--role", "ue", "--id", "pi/1", "--broker", "tcp://127.0.0.1:1");
        assertThat(id.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(id.err()).contains("deviceId").contains("pi/1").doesNotContain("\tat ");

        CliTest.Result uri = CliTest.run("device", "--role", "ue", "--id", "pi-1", "--broker", "http://x");
        assertThat(uri.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(uri.err()).contains("http://x").doesNotContain("\tat ");

        CliTest.Result scale = CliTest.run(
                "device", "--role", "server", "--id", "j-1", "--broker", "tcp://127.0.0.1:1", "--scale", "2");
        assertThat(scale.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(scale.err()).contains("--scale must be in (0, 1], got 2.0");

        Path missing = dir.resolve("nope.pw");
        CliTest.Result pw = CliTest.run(
                "device",
                "--role",
                "ue",
                "--id",
                "pi-1",
                "--broker",
                "tcp://127.0.0.1:1",
                "--username",
                "pi-1",
                "--password-file",
                missing.toString());
        assertThat(pw.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(pw.err())
                .contains("--password-file " + missing + " cannot be read")
                .doesNotContain("\tat ");

        CliTest.Result unknown = CliTest.run("device", "--role", "ue", "--colour", "red");
        assertThat(unknown.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(unknown.err()).contains("--colour");
    }

    @Test
    void aBrokerThatCannotBeReachedIsNamedAtOnceAndTheCommandGivesUpAfterItsWindow() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        long start = System.nanoTime();
        CliTest.Result r = CliTest.run(
                "device",
                "--role",
                "ue",
                "--id",
                "pi-1",
                "--broker",
                "tcp://127.0.0.1:" + port,
                "--connect-patience-s",
                "2");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err())
                .contains(
                        "cannot reach the broker tcp://127.0.0.1:" + port
                                + " (Connection refused); retrying for up to 2 s",
                        "cannot reach the broker tcp://127.0.0.1:" + port
                                + " within 2 s (--connect-patience-s): Connection refused")
                .doesNotContain("\tat ");
        assertThat(r.out()).as("it never calibrated").isEmpty();
        assertThat((System.nanoTime() - start) / 1e9)
                .as("seconds until it gave up")
                .isLessThan(60);

        CliTest.Result bad = CliTest.run(
                "device", "--role", "ue", "--id", "pi-1", "--broker", "tcp://127.0.0.1:1", "--connect-patience-s", "0");
        assertThat(bad.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(bad.err()).contains("--connect-patience-s must be in [1, 86400], got 0");
    }

    @Test
    void workRunsTheDeviceKernel() {
        CliTest.Result r = CliTest.run("device", "work", "--cycles", "6e8", "--scale", "1e-3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"iterations\":100000").contains("\"modelSeconds\"");
    }
}
