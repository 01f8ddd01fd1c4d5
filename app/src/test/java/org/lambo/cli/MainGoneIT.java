package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The containers of a trial whose JVM is killed (SIGKILL) exit within seconds, each saying why in one line: two of
 * {@code lambo container} and one of {@code jade.Boot} with {@code -lambo_exit_when_main_gone true}. Every JVM here is
 * a child, the trial's too.
 */
class MainGoneIT {
    @RegisterExtension
    final ChildJvmsExtension jvms = new ChildJvmsExtension();

    private void awaitLine(String log, String text) throws Exception {
        long until = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < until) {
            if (Files.exists(jvms.dir().resolve(log))
                    && Files.readString(jvms.dir().resolve(log)).contains(text)) return;
            Thread.sleep(200);
        }
        throw new AssertionError(log + " never said '" + text + "': "
                + (Files.exists(jvms.dir().resolve(log))
                        ? Files.readString(jvms.dir().resolve(log))
                        : "(no log)"));
    }

    @Test
    void everyContainerExitsWithinThirtySecondsOfTheTrialsJvmBeingKilled() throws Exception {
        int port = ChildJvms.freePort();
        Process trial = jvms.start(
                "trial.log",
                "org.lambo.cli.Lambo",
                "trial",
                "--scenario",
                "small",
                "--seed",
                "5",
                "--slots",
                "1000",
                "--out",
                jvms.dir().resolve("run").toString(),
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
                "5000",
                "--startup-ms",
                "120000");
        Process ues = jvms.container(port, "ues");
        Process servers = jvms.container(port, "servers");
        awaitLine("ues.log", "joined 127.0.0.1:" + port);
        awaitLine("servers.log", "joined 127.0.0.1:" + port);
        // and a container of JADE's own launcher, told to leave with its main container (docs/SECURITY.md)
        Process boot = jvms.start(
                "boot.log",
                "jade.Boot",
                "-container",
                "-host",
                "127.0.0.1",
                "-port",
                Integer.toString(port),
                "-local-host",
                "127.0.0.1",
                "-local-port",
                Integer.toString(ChildJvms.freePort()),
                "-container-name",
                "boot-idle",
                "-icps",
                "org.lambo.agents.platform.TrialTlsPeer",
                "-lambo_secret_file",
                jvms.secret().toString(),
                "-jade_imtp_leap_JICP_JICPServer_acceptlocalhostonly",
                "true",
                "-lambo_exit_when_main_gone",
                "true");
        awaitLine("boot.log", "Agent container boot-idle@");
        awaitLine("trial.log", "1/1000"); // a slot has run: the trial is under way

        trial.destroyForcibly(); // SIGKILL
        assertThat(trial.waitFor(20, TimeUnit.SECONDS)).isTrue();
        long killed = System.nanoTime();
        assertThat(ChildJvms.exit(ues, 30)).isEqualTo(ContainerCommand.MAIN_LOST);
        assertThat(ChildJvms.exit(servers, Math.max(1, 30 - (System.nanoTime() - killed) / 1_000_000_000L)))
                .isEqualTo(ContainerCommand.MAIN_LOST);
        assertThat(ChildJvms.exit(boot, Math.max(1, 30 - (System.nanoTime() - killed) / 1_000_000_000L)))
                .isEqualTo(3);
        assertThat(Files.readString(jvms.dir().resolve("boot.log")))
                .contains("lambo: the trial's main container at 127.0.0.1:" + port + " is gone");
        for (String log : List.of("ues.log", "servers.log")) {
            assertThat(Files.readString(jvms.dir().resolve(log)))
                    .contains("the trial's main container at 127.0.0.1:" + port + " is gone");
            assertThat(jvms.lines(log)).as(log).hasSize(2); // joined, and the one line saying why it left
        }
    }
}
