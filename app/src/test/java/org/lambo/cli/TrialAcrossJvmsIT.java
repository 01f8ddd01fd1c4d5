package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial over three JVMs on loopback: this JVM holds the main container (orchestrator and clock), one
 * child JVM joins with the UEs and another with the edge servers ({@code lambo container}).
 */
class TrialAcrossJvmsIT {
    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stopChildren() {
        for (Process p : children) {
            if (p.isAlive()) p.destroyForcibly();
        }
    }

    private Process container(int port, String agents) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true",
                "org.lambo.cli.Lambo", "container", "--main-host", "127.0.0.1", "--main-port", Integer.toString(port),
                "--agents", agents, "--scenario", "small", "--seed", "5", "--dir", dir.resolve("jade-" + agents).toString(),
                "--decision-ms", "20000", "--server-ms", "5000")
                .redirectErrorStream(true).redirectOutput(dir.resolve(agents + ".log").toFile());
        Process p = pb.start();
        children.add(p);
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aTrialRunsWithItsUesAndServersInTwoOtherJvms() throws Exception {
        int port = freePort();
        Process ues = container(port, "ues");
        Process servers = container(port, "servers");
        Path out = dir.resolve("run");
        int rc = Lambo.commandLine().execute("trial", "--scenario", "small", "--seed", "5", "--slots", "3", "--out", out.toString(),
                "--policy", "local", "--port", Integer.toString(port), "--remote", "ues,servers",
                "--collect-ms", "10000", "--decision-ms", "20000", "--server-ms", "5000");
        assertThat(rc).isZero();
        assertThat(Files.readString(out.resolve("summary.md"))).contains("tasks: 30, completed: 30, failed: 0");
        assertThat(ues.waitFor(30, TimeUnit.SECONDS)).as("the UE container ends with the platform").isTrue();
        assertThat(servers.waitFor(30, TimeUnit.SECONDS)).as("the server container ends with the platform").isTrue();
        assertThat(Files.readString(dir.resolve("ues.log"))).contains("joined 127.0.0.1:" + port + " with 0 edge servers and 10 UEs");
        assertThat(Files.readString(dir.resolve("servers.log"))).contains("with 3 edge servers and 0 UEs");
        assertThat(ues.exitValue()).isZero();
        assertThat(servers.exitValue()).isZero();
    }
}
