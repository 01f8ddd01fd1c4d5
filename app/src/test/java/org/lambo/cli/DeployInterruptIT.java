package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C of {@code testbed-scripts/deploy} while its trial runs: SIGINT to deploy's whole process group (as a terminal
 * sends it) once the trial runs on the main host and the UEs' container on the other; deploy exits 130, saying it stops
 * what the run started, and no lambo JVM of the run is left on any host (the hosts share this machine's process table:
 * {@link NetnsHosts}).
 */
class DeployInterruptIT {
    @RegisterExtension
    static final NetnsHosts.PerClass hosts = new NetnsHosts.PerClass("dsi", 58, List.of(), "main", "ues");

    @TempDir
    Path dir;

    @Test
    void ctrlCStopsTheTrialAndEveryContainerOnEveryHostAndExits130() throws Exception {
        Path file = dir.resolve("hosts");
        Files.writeString(file, "main lambo main main\nues lambo ues ues\n");
        Path log = dir.resolve("deploy.log");
        // setsid: deploy leads a process group of its own, which gets the SIGINT as from a terminal
        Process deploy = new ProcessBuilder(
                        "setsid",
                        "bash",
                        DeployIT.DEPLOY.toString(),
                        "--hosts",
                        file.toString(),
                        "--ssh-config",
                        hosts.get().sshConfig().toString(),
                        "--no-build",
                        "--scenario",
                        "tiny",
                        "--slots",
                        "500",
                        "--policy",
                        "greedy",
                        "--out",
                        dir.resolve("run").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            long until = System.currentTimeMillis() + 240_000;
            String javas = "";
            while (System.currentTimeMillis() < until && deploy.isAlive()) {
                javas = lamboJavas();
                if (javas.contains(" trial ") && javas.contains(" container ")) break;
                Thread.sleep(1_000);
            }
            assertThat(javas)
                    .as("the trial and the UEs' container run: " + Files.readString(log))
                    .contains(" trial ")
                    .contains(" container ");
            new ProcessBuilder("kill", "-INT", "--", "-" + deploy.pid())
                    .inheritIO()
                    .start()
                    .waitFor();
            assertThat(deploy.waitFor(120, TimeUnit.SECONDS))
                    .as("deploy ends after Ctrl-C: " + Files.readString(log))
                    .isTrue();
            String out = Files.readString(log);
            System.err.println("DeployInterruptIT: interrupted while these ran:\n" + javas + "\ndeploy said:\n" + out);
            assertThat(deploy.exitValue()).as(out).isEqualTo(130);
            assertThat(out).contains("deploy: interrupted: stopping what this run started");
            long gone = System.currentTimeMillis() + 60_000;
            while (!lamboJavas().isEmpty() && System.currentTimeMillis() < gone) Thread.sleep(500);
            assertThat(lamboJavas()).as("no lambo JVM left on any host").isEmpty();
        } finally {
            if (deploy.isAlive()) {
                new ProcessBuilder("kill", "-KILL", "--", "-" + deploy.pid())
                        .start()
                        .waitFor();
            }
        }
    }

    /** Every lambo JVM of the hosts' user (one process table for all the hosts). */
    private static String lamboJavas() throws IOException {
        return hosts.get()
                .ssh("main", "ps -u lambo -o pid=,args= | grep '[a]pp/lambo.jar' || true")
                .out()
                .strip();
    }
}
