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
        assertThat(r.out()).contains("Usage: lambo device").contains("--role").contains("--broker").contains("--tls-ca")
                .contains("--password-file").contains("--emulate").contains("calibrate").contains("work");
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

        CliTest.Result scale = CliTest.run("device", "--role", "server", "--id", "j-1", "--broker", "tcp://127.0.0.1:1", "--scale", "2");
        assertThat(scale.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(scale.err()).contains("--scale must be in (0, 1], got 2.0");

        Path missing = dir.resolve("nope.pw");
        CliTest.Result pw = CliTest.run("device", "--role", "ue", "--id", "pi-1", "--broker", "tcp://127.0.0.1:1",
                "--username", "pi-1", "--password-file", missing.toString());
        assertThat(pw.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(pw.err()).contains("--password-file " + missing + " cannot be read").doesNotContain("\tat ");

        CliTest.Result unknown = CliTest.run("device", "--role", "ue", "--colour", "red");
        assertThat(unknown.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(unknown.err()).contains("--colour");
    }

    @Test
    void workRunsTheDeviceKernel() {
        CliTest.Result r = CliTest.run("device", "work", "--cycles", "6e8", "--scale", "1e-3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"iterations\":100000").contains("\"modelSeconds\"");
    }
}
