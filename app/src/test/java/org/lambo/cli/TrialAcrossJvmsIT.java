package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial over three JVMs on loopback: this JVM holds the main container (orchestrator and clock), one child JVM joins
 * with the UEs and another with the edge servers ({@code lambo container}).
 */
class TrialAcrossJvmsIT {
    @TempDir
    Path dir;

    private ChildJvms jvms;

    @BeforeEach
    void startJvms() {
        jvms = new ChildJvms(dir);
    }

    @AfterEach
    void stopChildren() {
        jvms.close();
    }

    @Test
    void aTrialRunsWithItsUesAndServersInTwoOtherJvms() throws Exception {
        int port = ChildJvms.freePort();
        Process ues = jvms.container(port, "ues");
        Process servers = jvms.container(port, "servers");
        Path out = dir.resolve("run");
        int rc = Lambo.commandLine()
                .execute(
                        "trial",
                        "--scenario",
                        "small",
                        "--seed",
                        "5",
                        "--slots",
                        "3",
                        "--out",
                        out.toString(),
                        "--policy",
                        "local",
                        "--port",
                        Integer.toString(port),
                        "--remote",
                        "ues,servers",
                        "--secret-file",
                        jvms.secret().toString(),
                        "--collect-ms",
                        "10000",
                        "--decision-ms",
                        "20000",
                        "--server-ms",
                        "5000");
        assertThat(rc).isZero();
        assertThat(Files.readString(out.resolve("summary.md"))).contains("tasks: 30, completed: 30, failed: 0");
        assertThat(ues.waitFor(30, TimeUnit.SECONDS))
                .as("the UE container ends with the platform")
                .isTrue();
        assertThat(servers.waitFor(30, TimeUnit.SECONDS))
                .as("the server container ends with the platform")
                .isTrue();
        assertThat(Files.readString(dir.resolve("ues.log")))
                .contains("joined 127.0.0.1:" + port + " with 0 edge servers and 10 UEs");
        assertThat(Files.readString(dir.resolve("servers.log"))).contains("with 3 edge servers and 0 UEs");
        assertThat(ues.exitValue()).isZero();
        assertThat(servers.exitValue()).isZero();
    }
}
