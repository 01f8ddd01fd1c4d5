package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void everyContainerExitsWithinThirtySecondsOfTheTrialsJvmBeingKilled() throws Exception {
        int port = ChildJvms.freePort();
        Process trial = jvms.remoteTrial(port, 1000);
        Process ues = jvms.container(port, "ues");
        Process servers = jvms.container(port, "servers");
        jvms.awaitLine("ues.log", "joined 127.0.0.1:" + port);
        jvms.awaitLine("servers.log", "joined 127.0.0.1:" + port);
        // and a container of JADE's own launcher, told to leave with its main container (docs/SECURITY.md)
        Process boot = jvms.jadeBoot("boot.log", port, "boot-idle", "-lambo_exit_when_main_gone", "true");
        jvms.awaitLine("boot.log", "Agent container boot-idle@");
        jvms.awaitLine("trial.log", "1/1000"); // a slot has run: the trial is under way

        trial.destroyForcibly(); // SIGKILL
        assertThat(trial.waitFor(20, TimeUnit.SECONDS)).isTrue();
        long killed = System.nanoTime();
        ChildJvms.assertExits(ues, 30, ContainerCommand.MAIN_LOST);
        ChildJvms.assertExits(
                servers, Math.max(1, 30 - (System.nanoTime() - killed) / 1_000_000_000L), ContainerCommand.MAIN_LOST);
        ChildJvms.assertExits(boot, Math.max(1, 30 - (System.nanoTime() - killed) / 1_000_000_000L), 3);
        assertThat(jvms.log("boot.log"))
                .contains("lambo: the trial's main container at 127.0.0.1:" + port + " is gone");
        for (String log : List.of("ues.log", "servers.log")) {
            assertThat(jvms.log(log)).contains("the trial's main container at 127.0.0.1:" + port + " is gone");
            assertThat(jvms.lines(log)).as(log).hasSize(2); // joined, and the one line saying why it left
        }
    }
}
