package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The trial's own JVM paused for longer than {@code --dropout-ms} (SIGSTOP for 12 s against 5 s here: a long GC, a
 * suspended VM, the lid of the laptop that runs the trial closed): its containers did nothing wrong. The main container
 * counted their silence while it was itself stopped and, on waking, removed every container before pinging any, so
 * every later task of their UEs failed. Now it sees that it did not run, does not count that time against them, pings
 * them, and keeps them: every task completes and the containers exit with the trial. The trial, the UEs' container and
 * the servers' container each in a JVM of its own.
 */
class PausedMainIT {
    @RegisterExtension
    final ChildJvmsExtension jvms = new ChildJvmsExtension();

    @Test
    void aTrialWhoseOwnJvmWasPausedLongerThanTheToleranceKeepsItsContainersAndCompletesEveryTask() throws Exception {
        TrialFixture run = TrialFixture.on(jvms)
                .remote()
                .slots(5)
                .policy("local")
                .startupMs(TrialFixture.LOADED_STARTUP_MS)
                .dropoutMs(5_000)
                .build();
        TrialFixture.Containers containers = run.containers();
        Process trial = run.inChildJvm();
        run.awaitSlots(trial, 2, ChildJvms.startupSeconds(180)); // slots 0 and 1
        ChildJvms.signal(trial, "STOP");
        try {
            Thread.sleep(12_000);
        } finally {
            ChildJvms.signal(trial, "CONT");
        }
        ChildJvms.assertExits(trial, ChildJvms.startupSeconds(120), 0);
        String summary = run.summary();
        assertThat(summary).as(summary).contains("tasks: 50, completed: 50, failed: 0");
        assertThat(Files.readString(run.out().resolve("lambo.log")))
                .contains("this JVM did not run for")
                .doesNotContain("it is removed from the platform");
        ChildJvms.assertExits(containers.ues(), 60, 0);
        ChildJvms.assertExits(containers.servers(), 60, 0);
    }
}
