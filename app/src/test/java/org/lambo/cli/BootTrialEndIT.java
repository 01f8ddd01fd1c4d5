package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A container of JADE's own launcher ({@code jade.Boot} with {@code -lambo_exit_when_main_gone true}, docs/SECURITY.md)
 * hears of the trial's end as {@code lambo container} does (agent {@code trial-end-NAME} subscribed to the trial's
 * {@code trial-info}): at a trial's normal end it exits 0 saying "the trial has ended", never 3 ("main gone") when its
 * link drops before JADE's shutdown reaches it. A subscription nobody takes within 10 s is given up with one warning,
 * and the main's death is still exit 3. Every JVM here is a child.
 */
class BootTrialEndIT {
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

    /** A jade.Boot container named {@code name} joining the main container at {@code port}, leaving with it. */
    private Process boot(String log, int port, String name) throws Exception {
        return jvms.start(
                log,
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
                name,
                "-icps",
                "org.lambo.agents.platform.TrialTlsPeer",
                "-lambo_secret_file",
                jvms.secret().toString(),
                "-jade_imtp_leap_JICP_JICPServer_acceptlocalhostonly",
                "true",
                "-lambo_exit_when_main_gone",
                "true");
    }

    @Test
    void aJadeBootContainerExitsZeroSayingTheTrialHasEndedAtItsNormalEnd() throws Exception {
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
                "2",
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
        ChildJvms.awaitListening("127.0.0.1", port);
        Process boot = boot("boot.log", port, "boot-idle");
        awaitLine("boot.log", "Agent container boot-idle@");
        Process ues = jvms.container(port, "ues");
        Process servers = jvms.container(port, "servers");

        assertThat(ChildJvms.exit(trial, 240)).isZero();
        assertThat(Files.readString(jvms.dir().resolve("trial.log"))).contains("20 completed, 0 failed");
        assertThat(ChildJvms.exit(ues, 60)).isZero();
        assertThat(ChildJvms.exit(servers, 60)).isZero();
        assertThat(ChildJvms.exit(boot, 60))
                .as(Files.readString(jvms.dir().resolve("boot.log")))
                .isZero();
        // told by trial-info before the platform was killed: the port closing first would be that end too
        assertThat(Files.readString(jvms.dir().resolve("boot.log")))
                .contains("lambo: the trial has ended")
                .doesNotContain("may not hear of the trial's end")
                .doesNotContain("is gone");
    }

    @Test
    void aSubscriptionNobodyTakesIsGivenUpWithOneWarningAndTheMainsDeathIsStillExitThree() throws Exception {
        int port = ChildJvms.freePort();
        // a main container of jade.Boot: no trial-info takes the subscription
        Process main = jvms.start(
                "main.log",
                "jade.Boot",
                "-host",
                "127.0.0.1",
                "-port",
                Integer.toString(port),
                "-local-host",
                "127.0.0.1",
                "-local-port",
                Integer.toString(port),
                "-icps",
                "org.lambo.agents.platform.TrialTlsPeer",
                "-lambo_secret_file",
                jvms.secret().toString(),
                "-jade_imtp_leap_JICP_JICPServer_acceptlocalhostonly",
                "true");
        ChildJvms.awaitListening("127.0.0.1", port);
        Process boot = boot("boot.log", port, "boot-idle");
        awaitLine("boot.log", "lambo: may not hear of the trial's end");

        ChildJvms.kill(main);
        assertThat(ChildJvms.exit(boot, 30)).isEqualTo(3);
        String log = Files.readString(jvms.dir().resolve("boot.log"));
        assertThat(log)
                .contains("lambo: the trial's main container at 127.0.0.1:" + port + " is gone")
                .doesNotContain("lambo: the trial has ended");
        assertThat(List.of(log.split("may not hear of the trial's end", -1)))
                .as("one warning")
                .hasSize(2);
    }
}
