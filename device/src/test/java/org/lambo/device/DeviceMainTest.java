package org.lambo.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DeviceMainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = DeviceMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void workReportsTimesEnergyAndTheModelsPrediction() throws Exception {
        assertThat(run("work", "--cycles", "6e9", "--scale", "1e-4", "--power", "2"))
                .isZero();
        JsonNode n = DeviceMain.JSON.readTree(out.toString());
        assertThat(n.get("iterations").asLong()).isEqualTo(100_000);
        assertThat(n.get("energyJoules").asDouble())
                .isEqualTo(2 * n.get("busySecondsFullSize").asDouble());
        assertThat(n.get("modelSeconds").asDouble())
                .isEqualTo(6e9 / n.get("calibration").get("cyclesPerSecond").asDouble());
    }

    @Test
    void badFlagsGetOneLineNamingTheFlagAndNoStackTrace() {
        assertThat(run("work", "--cycles", "1e9", "--scale", "0")).isEqualTo(2);
        assertThat(err.toString())
                .contains("--scale must be in (0, 1], got 0.0")
                .doesNotContain("Exception");
        assertThat(run("work", "--cycles", "lots")).isEqualTo(2);
        assertThat(err.toString()).contains("--cycles");
    }

    @Test
    void badRuntimeFlagsAreNamedBeforeAnythingConnects() {
        assertThat(run("--role", "robot", "--id", "pi-1", "--broker", "tcp://127.0.0.1:1"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("--role must be ue or server, got robot")
                .doesNotContain("Exception");
        assertThat(run("--role", "ue", "--id", "pi/1", "--broker", "tcp://127.0.0.1:1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("deviceId");
        assertThat(run("--role", "ue", "--id", "pi-1", "--broker", "http://x")).isEqualTo(2);
        assertThat(err.toString()).contains("serverUri");
        assertThat(run("--role", "server", "--id", "pi-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--broker is required");
        assertThat(run("--role", "ue", "--id", "pi-1", "--broker", "tcp://127.0.0.1:1", "--username", "u"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--username needs a password");
    }

    @Test
    void aCaFileThatIsMissingOrNotACertificateOrForAPlainBrokerIsNamedBeforeAnythingConnects(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path missing = dir.resolve("ca.crt");
        assertThat(run("--role", "ue", "--id", "pi-1", "--broker", "ssl://127.0.0.1:1", "--tls-ca", missing.toString()))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("cannot read TLS trust from " + missing + ": no such file")
                .doesNotContain("Exception");
        java.nio.file.Path junk = java.nio.file.Files.writeString(dir.resolve("junk.crt"), "not a certificate");
        assertThat(run("--role", "ue", "--id", "pi-1", "--broker", "ssl://127.0.0.1:1", "--tls-ca", junk.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("cannot read TLS trust from " + junk);
        assertThat(run("--role", "ue", "--id", "pi-1", "--broker", "tcp://127.0.0.1:1", "--tls-ca", junk.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--tls-ca " + junk + " is for an ssl:// broker");
    }
}
