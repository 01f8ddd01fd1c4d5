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

    private Process trial(String log, Path out, int slots) throws IOException {
        return jvms.start(
                log,
                "org.lambo.cli.Lambo",
                "trial",
                "--scenario",
                "small",
                "--seed",
                "5",
                "--slots",
                Integer.toString(slots),
                "--policy",
                "random",
                "--out",
                out.toString(),
                "--collect-ms",
                "10000",
                "--decision-ms",
                "30000",
                "--server-ms",
                "10000");
    }

    /** The complete slots slot-times.csv lists (0 while it is not there). */
    private static int completeSlots(Path out) throws IOException {
        Path f = out.resolve("slot-times.csv");
        if (!Files.isRegularFile(f)) return 0;
        return (int) Math.max(0, Files.readAllLines(f).size() - 1);
    }

    /**
     * Polls (60 s at most) until the trial in {@code out} has completed {@code slots} slots; fails if it ended first.
     */
    private static void awaitSlots(Process p, Path out, int slots, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (completeSlots(out) < slots) {
            if (!p.isAlive())
                throw new AssertionError("the trial ended before slot " + slots + ":\n" + Files.readString(log));
            if (System.nanoTime() > deadline)
                throw new AssertionError("no " + slots + " slots within 60 s:\n" + Files.readString(log));
            Thread.sleep(20);
        }
    }

    private static void assertEnds(Process p, int exitCode, Path log) throws Exception {
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("the child ends").isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isEqualTo(exitCode);
    }

    @Test
    void aTrialKilledWithSigkillAndResumedInAnotherJvmWritesTheSlotsCsvOfAnUninterruptedRun() throws Exception {
        Path whole = jvms.dir().resolve("whole");
        Path killed = jvms.dir().resolve("killed");
        Process uninterrupted = trial("whole.log", whole, 12);
        Process victim = trial("killed.log", killed, 12);
        awaitSlots(victim, killed, 3, jvms.dir().resolve("killed.log"));
        ChildJvms.kill(victim); // SIGKILL: no handler runs
        int k = completeSlots(killed);
        assertThat(k).as("killed before its end").isLessThan(12);
        assertThat(killed.resolve("summary.md"))
                .as("nothing ran after the kill")
                .doesNotExist();
        assertThat(Files.readString(killed.resolve("trial.json"))).contains("\"status\" : \"running\"");

        Process resumed = jvms.start("resumed.log", "org.lambo.cli.Lambo", "trial", "--resume", killed.toString());
        assertEnds(resumed, 0, jvms.dir().resolve("resumed.log"));
        assertEnds(uninterrupted, 0, jvms.dir().resolve("whole.log"));

        assertThat(Files.readAllLines(whole.resolve("slots.csv"))).hasSize(1 + 12 * 10);
        assertThat(Files.readAllBytes(killed.resolve("slots.csv")))
                .as("slots.csv resumed at slot %d", k)
                .isEqualTo(Files.readAllBytes(whole.resolve("slots.csv")));
        assertThat(Files.readString(killed.resolve("summary.md")))
                .contains("- resumed: at slot " + k, "tasks: 120, completed: 120, failed: 0");
        assertThat(Files.readString(killed.resolve("trial.json")))
                .contains("\"status\" : \"finished\"", "resumed at slot " + k);
        // the resumed start's orchestrator saw slots k.. only: its round-trip tables say so, trial.json gives k
        assertThat(Files.readString(killed.resolve("summary.md")))
                .contains("This start resumed the trial at slot " + k + ": these figures and the addresses cover slots "
                        + k + " and after only");
        assertThat(Files.readString(whole.resolve("summary.md"))).doesNotContain("This start resumed");
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(mapper.readTree(killed.resolve("trial.json").toFile())
                        .path("roundTrips")
                        .path("fromSlot")
                        .asInt(-1))
                .isEqualTo(k);
        assertThat(mapper.readTree(whole.resolve("trial.json").toFile())
                        .path("roundTrips")
                        .path("fromSlot")
                        .asInt(-1))
                .isZero();
    }

    @Test
    void aSigtermEndsTheRunningSlotsTasksAsFailedWritesTheSummaryAndPlotsAndExitsNonZero() throws Exception {
        Path out = jvms.dir().resolve("term");
        Path log = jvms.dir().resolve("term.log");
        Process p = trial("term.log", out, 200);
        awaitSlots(p, out, 2, log);
        p.destroy(); // SIGTERM
        assertEnds(p, 143, log);

        int k = completeSlots(out);
        assertThat(k).isBetween(2, 199);
        List<String> rows = Files.readAllLines(out.resolve("slots.csv"));
        assertThat(rows).as("the complete slots and the running one").hasSize(1 + (k + 1) * 10);
        List<String> running = new ArrayList<>(rows.subList(1 + k * 10, rows.size()));
        String reason = "trial interrupted by SIGTERM during slot " + k;
        assertThat(running).allSatisfy(r -> assertThat(r).startsWith(k + ",").contains(",failed,\"" + reason + "\","));
        assertThat(rows.subList(1, 1 + k * 10)).allSatisfy(r -> assertThat(r).contains(",completed,"));

        String summary = Files.readString(out.resolve("summary.md"));
        assertThat(summary)
                .contains(
                        "- interrupted: " + reason + ", after " + k + " of 200 slots",
                        "Resume with: `lambo trial --resume " + out.toAbsolutePath() + "`",
                        "| " + reason + " | 10 |");
        for (String plot : List.of("latency.png", "energy.png", "split.png"))
            assertThat(Files.size(out.resolve(plot))).isPositive();
        assertThat(Files.readString(out.resolve("trial.json"))).contains("\"status\" : \"interrupted\"");
        assertThat(Files.readString(log))
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
        Path out = jvms.dir().resolve("hup");
        Path log = jvms.dir().resolve("hup.log");
        Process p = trial("hup.log", out, 200);
        awaitSlots(p, out, 1, log);
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid()))
                .inheritIO()
                .start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0)
                .as("kill -HUP")
                .isTrue();
        assertEnds(p, 128 + 1, log);

        int k = completeSlots(out);
        String reason = "trial interrupted by a shutdown of the JVM during slot " + k;
        assertThat(Files.readString(out.resolve("summary.md")))
                .contains("- interrupted: " + reason, "| " + reason + " | 10 |");
        assertThat(Files.readString(out.resolve("trial.json"))).contains("\"status\" : \"interrupted\"");
    }
}
