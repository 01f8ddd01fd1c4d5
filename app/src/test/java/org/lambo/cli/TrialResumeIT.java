package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code lambo trial} in child JVMs, stopped as an operator or a crash would stop it: killed outright (SIGKILL) and
 * resumed with {@code --resume} in another JVM, its {@code slots.csv} compared byte for byte with an uninterrupted
 * run's; and stopped with SIGTERM, which must leave the summary, the plots and the running slot's failed rows, and a
 * non-zero exit code. The policy is {@code random}, whose one generator across slots the resume has to replay.
 */
class TrialResumeIT {
    @RegisterExtension
    final ChildJvmsExtension jvms = new ChildJvmsExtension();

    /**
     * The trial {@code name} of {@code slots} slots under policy random, in this test's child JVMs' folder, with no
     * port given (the trial picks its own: no container joins) and no secret, its decisions and servers given 30 s and
     * 10 s.
     */
    private TrialFixture trial(String name, int slots) throws IOException {
        return TrialFixture.on(jvms)
                .name(name)
                .slots(slots)
                .policy("random")
                .anyPort()
                .noSecret()
                .decisionMs(30_000)
                .serverMs(10_000)
                .build();
    }

    /** Waits (90 s at most) for the child to end with {@code exitCode}. */
    private static void assertEnds(Process p, int exitCode) throws Exception {
        ChildJvms.assertExits(p, 90, exitCode);
    }

    @Test
    void aTrialKilledWithSigkillAndResumedInAnotherJvmWritesTheSlotsCsvOfAnUninterruptedRun() throws Exception {
        TrialFixture whole = trial("whole", 12);
        TrialFixture killed = trial("killed", 12);
        Process uninterrupted = whole.inChildJvm();
        Process victim = killed.inChildJvm();
        killed.awaitSlots(victim, 3, 60);
        ChildJvms.kill(victim); // SIGKILL: no handler runs
        int k = killed.completeSlots();
        assertThat(k).as("killed before its end").isLessThan(12);
        assertThat(killed.out().resolve("summary.md"))
                .as("nothing ran after the kill")
                .doesNotExist();
        assertThat(killed.trialJson()).contains("\"status\" : \"running\"");

        Process resumed = killed.resumeInChildJvm("resumed.log");
        assertEnds(resumed, 0);
        assertEnds(uninterrupted, 0);

        assertThat(Files.readAllLines(whole.out().resolve("slots.csv"))).hasSize(1 + 12 * 10);
        assertThat(Files.readAllBytes(killed.out().resolve("slots.csv")))
                .as("slots.csv resumed at slot %d", k)
                .isEqualTo(Files.readAllBytes(whole.out().resolve("slots.csv")));
        assertThat(killed.summary()).contains("- resumed: at slot " + k, "tasks: 120, completed: 120, failed: 0");
        assertThat(killed.trialJson()).contains("\"status\" : \"finished\"", "resumed at slot " + k);
        // the resumed start's orchestrator saw slots k.. only: its round-trip tables say so, trial.json gives k
        assertThat(killed.summary())
                .contains("This start resumed the trial at slot " + k + ": these figures and the addresses cover slots "
                        + k + " and after only");
        assertThat(whole.summary()).doesNotContain("This start resumed");
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(mapper.readTree(killed.trialJson())
                        .path("roundTrips")
                        .path("fromSlot")
                        .asInt(-1))
                .isEqualTo(k);
        assertThat(mapper.readTree(whole.trialJson())
                        .path("roundTrips")
                        .path("fromSlot")
                        .asInt(-1))
                .isZero();
    }

    @Test
    void aSigtermEndsTheRunningSlotsTasksAsFailedWritesTheSummaryAndPlotsAndExitsNonZero() throws Exception {
        TrialFixture term = trial("term", 200);
        Path out = term.out();
        Process p = term.inChildJvm();
        term.awaitSlots(p, 2, 60);
        p.destroy(); // SIGTERM
        assertEnds(p, 143);

        int k = term.completeSlots();
        assertThat(k).isBetween(2, 199);
        List<String> rows = Files.readAllLines(out.resolve("slots.csv"));
        assertThat(rows).as("the complete slots and the running one").hasSize(1 + (k + 1) * 10);
        List<String> running = new ArrayList<>(rows.subList(1 + k * 10, rows.size()));
        String reason = "trial interrupted by SIGTERM during slot " + k;
        assertThat(running).allSatisfy(r -> assertThat(r).startsWith(k + ",").contains(",failed,\"" + reason + "\","));
        assertThat(rows.subList(1, 1 + k * 10)).allSatisfy(r -> assertThat(r).contains(",completed,"));

        String summary = term.summary();
        assertThat(summary)
                .contains(
                        "- interrupted: " + reason + ", after " + k + " of 200 slots",
                        "Resume with: `lambo trial --resume " + out.toAbsolutePath() + "`",
                        "| " + reason + " | 10 |");
        for (String plot : List.of("latency.png", "energy.png", "split.png"))
            assertThat(Files.size(out.resolve(plot))).isPositive();
        assertThat(term.trialJson()).contains("\"status\" : \"interrupted\"");
        assertThat(jvms.log(term.log()))
                .contains("lambo trial: SIGTERM: ending the trial", "resume with: lambo trial --resume");
    }

    /**
     * Whether this process ignores SIGHUP (started under {@code nohup}): its children inherit that, and a JVM that
     * starts with SIGHUP ignored keeps ignoring it, as nohup asks.
     */
    private static boolean sighupIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:"))
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 1L) != 0;
        }
        return false;
    }

    @Test
    void aSighupStopsTheTrialAsSigtermDoesThroughTheShutdownHook() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(
                sighupIgnored(),
                "this test runs under nohup (SIGHUP ignored, and so in the trial's JVM): a hangup rightly does not stop it");
        TrialFixture hup = trial("hup", 200);
        Process p = hup.inChildJvm();
        hup.awaitSlots(p, 1, 60);
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid()))
                .inheritIO()
                .start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0)
                .as("kill -HUP")
                .isTrue();
        assertEnds(p, 128 + 1);

        int k = hup.completeSlots();
        String reason = "trial interrupted by a shutdown of the JVM during slot " + k;
        assertThat(hup.summary()).contains("- interrupted: " + reason, "| " + reason + " | 10 |");
        assertThat(hup.trialJson()).contains("\"status\" : \"interrupted\"");
    }
}
