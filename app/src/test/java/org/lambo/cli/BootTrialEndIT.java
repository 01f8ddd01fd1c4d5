package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

    /** A jade.Boot container named {@code name} joining the main container at {@code port}, leaving with it. */
    private Process boot(String log, int port, String name) throws Exception {
        return jvms.jadeBoot(log, port, name, "-lambo_exit_when_main_gone", "true");
    }

    @Test
    void aJadeBootContainerExitsZeroSayingTheTrialHasEndedAtItsNormalEnd() throws Exception {
        int port = ChildJvms.freePort();
        Process trial = jvms.remoteTrial(port, 2);
        ChildJvms.awaitListening(trial, "127.0.0.1", port);
        Process boot = boot("boot.log", port, "boot-idle");
        jvms.awaitLine("boot.log", "Agent container boot-idle@");
        Process ues = jvms.container(port, "ues");
        Process servers = jvms.container(port, "servers");

        ChildJvms.assertExits(trial, 240, 0);
        assertThat(jvms.log("trial.log")).contains("20 completed, 0 failed");
        ChildJvms.assertExits(ues, 60, 0);
        ChildJvms.assertExits(servers, 60, 0);
        ChildJvms.assertExits(boot, 60, 0);
        // told by trial-info before the platform was killed: the port closing first would be that end too
        assertThat(jvms.log("boot.log"))
                .contains("lambo: the trial has ended")
                .doesNotContain("may not hear of the trial's end")
                .doesNotContain("is gone");
    }

    @Test
    void aSubscriptionNobodyTakesIsGivenUpWithOneWarningAndTheMainsDeathIsStillExitThree() throws Exception {
        int port = ChildJvms.freePort();
        // a main container of jade.Boot: no trial-info takes the subscription
        Process main = jvms.jadeBootMain("main.log", port);
        ChildJvms.awaitListening(main, "127.0.0.1", port);
        Process boot = boot("boot.log", port, "boot-idle");
        jvms.awaitLine("boot.log", "lambo: may not hear of the trial's end");

        ChildJvms.kill(main);
        ChildJvms.assertExits(boot, 30, 3);
        String log = jvms.log("boot.log");
        assertThat(log)
                .contains("lambo: the trial's main container at 127.0.0.1:" + port + " is gone")
                .doesNotContain("lambo: the trial has ended");
        assertThat(List.of(log.split("may not hear of the trial's end", -1)))
                .as("one warning")
                .hasSize(2);
    }
}
