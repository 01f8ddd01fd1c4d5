package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
        int port = ChildJvms.freePort();
        Process ues = jvms.container(port, "ues");
        Process servers = jvms.container(port, "servers");
        Process trial = jvms.remoteTrial(port, 5, "--dropout-ms", "5000");
        Path run = jvms.dir().resolve("run");
        Path times = run.resolve("slot-times.csv");
        long deadline = System.currentTimeMillis() + ChildJvms.startupSeconds(180) * 1000;
        while (lines(times) < 3) { // the header and slots 0 and 1
            if (!trial.isAlive() || System.currentTimeMillis() > deadline)
                throw new AssertionError(
                        ChildJvms.describe(trial) + "\n... slot 1 did not end (" + ChildJvms.load() + ")");
            Thread.sleep(50);
        }
        ChildJvms.signal(trial, "STOP");
        try {
            Thread.sleep(12_000);
        } finally {
            ChildJvms.signal(trial, "CONT");
        }
        ChildJvms.assertExits(trial, ChildJvms.startupSeconds(120), 0);
        String summary = Files.readString(run.resolve("summary.md"));
        assertThat(summary).as(summary).contains("tasks: 50, completed: 50, failed: 0");
        assertThat(Files.readString(run.resolve("lambo.log")))
                .contains("this JVM did not run for")
                .doesNotContain("it is removed from the platform");
        ChildJvms.assertExits(ues, 60, 0);
        ChildJvms.assertExits(servers, 60, 0);
    }

    private static long lines(Path p) throws java.io.IOException {
        if (!Files.exists(p)) return 0;
        try (var l = Files.lines(p)) {
            return l.count();
        }
    }
}
