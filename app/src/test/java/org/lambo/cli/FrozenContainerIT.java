package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lambo.agents.trial.SlotRecord;
import org.lambo.agents.trial.TrialResult;
import org.lambo.ontology.TaskReport;

/**
 * A peripheral container frozen mid-trial (SIGSTOP: a hung host, a laptop lid closed, a debugger's breakpoint): its
 * JVM's sockets stay open and accept, but nothing answers. This JVM holds the main container, one child JVM the UEs and
 * another the edge servers; after slot 1 the UEs' JVM is stopped and stays stopped until the trial has ended. JADE
 * delivers every message as a synchronous round trip through a few threads shared by all receivers, so the messages to
 * the frozen UEs held every one of them and the whole trial stood still for as long as the container stayed frozen. Now
 * the main container removes it {@code --dropout-ms} (5 s here) after its last answer and cuts the connections that
 * wait for its answer: the trial goes on, every later task of its UEs fails with the reason, and the trial ends while
 * the container is still stopped. Continued afterwards, the container finds its platform gone and exits.
 */
class FrozenContainerIT {
    @RegisterExtension
    final ChildJvmsExtension jvms = new ChildJvmsExtension();

    @Test
    void aFrozenContainerIsRemovedAfterTheToleranceAndTheTrialEndsWithoutIt() throws Exception {
        TrialFixture run = TrialFixture.on(jvms)
                .remote()
                .slots(5)
                .policy("greedy")
                .dropoutMs(5_000)
                .build();
        TrialFixture.Containers containers = run.containers();
        Process ues = containers.ues();
        Process servers = containers.servers();
        long[] stoppedAt = {0};
        CompletableFuture<TrialResult> trial = run.startHere((record, platform) -> {
            if (record.slot() == 1) {
                ChildJvms.signal(ues, "STOP");
                stoppedAt[0] = System.currentTimeMillis();
            }
        });
        TrialResult r;
        long bound = ChildJvms.startupSeconds(90) + 120; // start-up included; a stalled trial never ends
        try {
            r = trial.get(bound, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the trial did not end within " + bound + " s while the UEs' container was frozen"
                    + " (stopped "
                    + (stoppedAt[0] == 0 ? "never" : (System.currentTimeMillis() - stoppedAt[0]) + " ms ago")
                    + "; " + ChildJvms.load() + ")");
        } finally {
            ChildJvms.signal(ues, "CONT"); // after the trial ended (or gave up): the trial must not have needed it
        }
        assertThat(stoppedAt[0])
                .as("the UEs' container was stopped after slot 1")
                .isPositive();
        assertThat(r.slots()).extracting(SlotRecord::slot).containsExactly(0, 1, 2, 3, 4);
        for (int slot = 0; slot <= 1; slot++) {
            assertThat(r.slots().get(slot).reports()).allMatch(TaskReport::completed);
        }
        for (int slot = 2; slot <= 4; slot++) {
            List<TaskReport> reports = r.slots().get(slot).reports();
            assertThat(reports).hasSize(10);
            for (TaskReport t : reports) {
                assertThat(t.completed()).as("%s", t.taskId()).isFalse();
                assertThat(t.reason())
                        .as(t.taskId())
                        .isEqualTo(t.ue() + " is gone: its container lambo-ues was removed");
            }
        }
        // the servers' container was told too, and cut its own connections to the frozen one (its messages to the
        // frozen UEs held its delivery threads, and the platform's shutdown waits for it to exit)
        assertThat(Files.readString(jvms.dir().resolve("jade-servers.log").resolve("lambo.log")))
                .contains("the main container removed the container at 127.0.0.1:");
        // continued after the trial, the container finds its platform gone and exits (3: the main container went
        // without a word to it, since it had been removed)
        int code = ChildJvms.exit(ues, ChildJvms.startupSeconds(60));
        assertThat(code).as(ChildJvms.describe(ues)).isIn(0, 3);
        ChildJvms.assertExits(servers, 60, 0);
    }
}
