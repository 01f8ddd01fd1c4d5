package org.lambo.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code testbed-scripts/broker} itself: dry run, input errors, and a re-run that keeps the passwords. */
class BrokerScriptIT {
    @TempDir
    Path dir;

    private record Result(int code, String output) {}

    private static Path script() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("testbed-scripts/broker"))) return p.resolve("testbed-scripts/broker");
        }
        throw new IllegalStateException("testbed-scripts/broker not found");
    }

    private Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", script().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private Path devices(String text) throws IOException {
        return Files.writeString(dir.resolve("devices"), text);
    }

    @Test
    void dryRunPrintsTheCommandsAndWritesNothing() throws Exception {
        Path devices = devices("pi-01 ue pi@h1\njetson-01 server nv@h2\n");
        Result r = run("--dry-run", "setup", "--devices", devices.toString(), "--dir", "b", "--port", "18883");
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("+ openssl req -x509")
                .contains("+ mosquitto_passwd -b b/passwd pi-01")
                .contains("+ mosquitto_passwd -b b/passwd lambo-bridge")
                .contains("listener 18883")
                .contains("dry run: nothing was written");
        assertThat(dir.resolve("b")).doesNotExist();
    }

    @Test
    void badInputEndsWithOneLineNamingIt() throws Exception {
        Result slash =
                run("setup", "--devices", devices("pi-01 ue a\npi/02 ue b\n").toString(), "--dir", "b");
        assertThat(slash.code()).isEqualTo(2);
        assertThat(slash.output()).contains("line 2: device id 'pi/02'");
        Result role = run("setup", "--devices", devices("pi-01 robot a\n").toString(), "--dir", "b");
        assertThat(role.output()).contains("role of 'pi-01' must be ue or server, got 'robot'");
        Result twice =
                run("setup", "--devices", devices("pi-01 ue a\npi-01 ue b\n").toString(), "--dir", "b");
        assertThat(twice.output()).contains("'pi-01' appears twice");
        Result port = run("setup", "--devices", devices("pi-01 ue a\n").toString(), "--port", "99999");
        assertThat(port.output()).contains("--port must be in [1, 65535], got '99999'");
        assertThat(run("launch").output()).contains("unknown argument 'launch'");
        assertThat(dir.resolve("b")).doesNotExist();
    }

    @Test
    void aReRunAfterAddingADeviceKeepsTheExistingPasswords() throws Exception {
        Assumptions.assumeTrue(run("--dry-run", "start").code() == 0, "mosquitto is not installed");
        Assumptions.assumeTrue(
                new ProcessBuilder("sh", "-c", "command -v openssl && command -v mosquitto_passwd")
                                .start()
                                .waitFor()
                        == 0,
                "openssl or mosquitto_passwd is missing");
        assertThat(run("setup", "--devices", devices("pi-01 ue a\n").toString(), "--dir", "b")
                        .code())
                .isZero();
        String first = Files.readString(dir.resolve("b/credentials/pi-01"));
        assertThat(run("setup", "--devices", devices("pi-01 ue a\npi-02 ue b\n").toString(), "--dir", "b")
                        .code())
                .isZero();
        assertThat(Files.readString(dir.resolve("b/credentials/pi-01"))).isEqualTo(first);
        assertThat(Files.readString(dir.resolve("b/passwd")))
                .contains("pi-01:")
                .contains("pi-02:")
                .contains("lambo-bridge:");
        assertThat(Files.readString(dir.resolve("b/mosquitto.conf")))
                .contains("password_file " + dir.resolve("b/passwd"));
    }
}
