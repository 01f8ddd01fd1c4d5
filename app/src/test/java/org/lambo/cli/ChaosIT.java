package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Chaos from another JVM: the same trial ({@code lambo trial}, scenario {@code small}, seed 5, in a child JVM of its
 * own) runs undisturbed, then with a hostile container ({@link HostileContainer}, another JVM) joined to its platform,
 * whose {@link ChaosAgent} sends every message type of the ontology, with hostile values, to every agent type for as
 * long as the trial runs: slot-starts for the next slot, slot 500 and slot 2,000,000,000, requests, states and reports
 * impersonating the UEs and servers for past, open and future slots, forged allocations and submissions, unsolicited
 * decisions, results and labels with made-up in-reply-tos, NaN and out-of-range numbers, sixty 1 MB messages, answers
 * to nothing. Every task completes, {@code slots.csv} is the undisturbed one byte for byte (no forged report changed a
 * row), every agent type refused the chaos with reasons and none failed on a message, and the trial takes at most twice
 * its undisturbed time, both measured the same way: the two trials run at the same time (the machine's load the same
 * for both), each from the start of its JVM to its exit.
 *
 * <p>Beside the chaos, in the same container, a {@link FloodAgent} sends ue-0's own offloading request {@value #FLOOD}
 * times (4,000 a second, 400 at a time) to the orchestrator under its own name: the orchestrator's queue
 * ({@code GuardedQueue}) holds at most 256 of them at once, in the strangers' lane behind every message of the trial's
 * agents, and drops the others as they come ({@code share full}); each one read is refused on its sender before its
 * content is read; all are counted in the summary; at most 20 refusals a second (bursts of 100) are answered
 * ({@code AnswerBudget}). The flood no longer delays the slots' requests (at 4,000 a second on a machine at load
 * average ~11 it once held slot 1's requests past its decision, when the queue was one FIFO).
 *
 * <p>The hostile agents count what they sent and say so when the platform ends, so the test does not depend on how fast
 * the machine runs the trial: at least 10 rounds of chaos and the whole flood must have gone out while it ran.
 */
class ChaosIT {
    private static final int SLOTS = 60;
    private static final int FLOOD = 4_000;
    /** Flood requests per tick of the flood agent ({@value FloodAgent#TICK_MS} ms): 4,000 a second. */
    private static final int FLOOD_PER_TICK = 400;

    private static final Pattern FLOOD_ANSWERS =
            Pattern.compile("flood: (?:done: sent \\d+ in|answers after) (\\d+) ms.*");

    @RegisterExtension
    final ChildJvmsExtension jvms = new ChildJvmsExtension();

    /** The trial {@code name} ({@code lambo trial}, policy nearest, in a child JVM) on {@code port}. */
    private TrialFixture trial(String name, int port) throws Exception {
        return TrialFixture.on(jvms)
                .name(name)
                .port(port)
                .slots(SLOTS)
                .policy("nearest")
                .build();
    }

    /** Waits for a trial's JVM to end well; returns its wall time in seconds from {@code t0}. */
    private double ended(String name, Process p, long t0) throws Exception {
        assertThat(p.waitFor(300, TimeUnit.SECONDS))
                .as("the %s trial ends", name)
                .isTrue();
        double s = (exitNanos(p) - t0) / 1e9;
        assertThat(p.exitValue()).as("%s: %s", name, ChildJvms.describe(p)).isZero();
        return s;
    }

    private final java.util.Map<Process, Long> exits = new java.util.concurrent.ConcurrentHashMap<>();

    /** Notes when the process ends. */
    private Thread watch(Process p) {
        Thread t = new Thread(() -> {
            try {
                p.waitFor();
                exits.put(p, System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private long exitNanos(Process p) {
        return exits.getOrDefault(p, System.nanoTime());
    }

    /** The summary's line on slot round trips. */
    private static String roundTrips(TrialFixture run) throws java.io.IOException {
        return run.summary()
                .lines()
                .filter(l -> l.startsWith("- mean"))
                .findFirst()
                .orElse("?");
    }

    /** The count of a kind in a summary row ("wrong sender 12, share full 3"); 0 when not there. */
    private static long counted(String row, String kind) {
        Matcher m = Pattern.compile(kind + " (\\d+)").matcher(row);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void aHostileContainerChangesNoRowKillsNoAgentAnswersItsFloodWithinTheBudgetAndAtMostDoublesTheTrialsTime()
            throws Exception {
        // both trials run at the same time, so that the machine's load (2 cores shared by many) is the same for both
        int port = ChildJvms.freePort();
        // the hostile container keeps trying to join until the trial's main container is up
        Process hostile = jvms.start(
                "hostile.log",
                "org.lambo.cli.HostileContainer",
                "127.0.0.1",
                Integer.toString(port),
                TrialFixture.SCENARIO,
                Long.toString(TrialFixture.SEED),
                "3000",
                jvms.secret().toString(),
                FloodAgent.class.getName(),
                TrialFixture.SCENARIO,
                Long.toString(TrialFixture.SEED),
                Integer.toString(FLOOD),
                Integer.toString(FLOOD_PER_TICK));
        TrialFixture chaosRun = trial("chaos", port);
        TrialFixture calmRun = trial("calm", ChildJvms.freePort());
        long t0 = System.nanoTime();
        Process chaosTrial = chaosRun.inChildJvm();
        Process calmTrial = calmRun.inChildJvm();
        Thread calmWatch = watch(calmTrial);
        Thread chaosWatch = watch(chaosTrial);
        calmWatch.join(300_000);
        chaosWatch.join(300_000);
        double calm = ended("calm", calmTrial, t0);
        double disturbed = ended("chaos", chaosTrial, t0);
        assertThat(hostile.waitFor(60, TimeUnit.SECONDS))
                .as("the hostile container ends with the platform")
                .isTrue();
        String chaos = jvms.log("hostile.log");
        System.out.printf(
                "ChaosIT: the trial took %.3f s undisturbed, %.3f s under chaos%n%s%nChaosIT: undisturbed %s; under chaos %s%n",
                calm,
                disturbed,
                chaos.lines()
                        .filter(l -> l.startsWith("chaos:"))
                        .reduce((a, b) -> b)
                        .orElse(""),
                roundTrips(calmRun),
                roundTrips(chaosRun));

        String rows = calmRun.slotsCsv();
        assertThat(chaosRun.slotsCsv())
                .as("no forged report, no moved slot changed a row")
                .isEqualTo(rows);
        assertThat(rows.lines().skip(1)).hasSize(600).allMatch(l -> l.contains(",completed,"));
        assertThat(chaosRun.summary()).contains("tasks: 600, completed: 600, failed: 0");

        // the chaos goes on for the whole trial, however fast the machine runs it: rounds are counted, not timed
        assertThat(chaos).contains("hostile container joined").doesNotContain("could not be sent");
        Matcher ended = Pattern.compile("chaos: ended after (\\d+) rounds").matcher(chaos);
        assertThat(ended.find())
                .as("the chaos agent says how many rounds it sent: %s", chaos)
                .isTrue();
        assertThat(Integer.parseInt(ended.group(1)))
                .as("rounds of chaos during the trial")
                .isGreaterThanOrEqualTo(10);
        String answers = chaos.lines()
                .filter(l -> l.startsWith("chaos:"))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(answers)
                .as("every agent type refused the chaos, with reasons")
                .contains(
                        "NOT-UNDERSTOOD from orchestrator=",
                        "NOT-UNDERSTOOD from trial-clock=",
                        "NOT-UNDERSTOOD from server-k=",
                        "NOT-UNDERSTOOD from ue-k=",
                        "REFUSE from orchestrator=",
                        "REFUSE from server-k=")
                // the platform's own FAILUREs (from the AMS: no such agent) come at the end, when the trial's agents
                // are
                // gone while the chaos still sends; no agent of the trial may fail on a message
                .as("no agent failed on a message")
                .doesNotContainPattern("FAILURE from (?!ams=)");

        String summary = chaosRun.summary();
        assertThat(chaos).contains("flood: done: sent " + FLOOD + " in ");
        String flood = chaos.lines()
                .filter(l -> l.startsWith("flood: "))
                .reduce((a, b) -> b)
                .orElse("");
        System.out.println("ChaosIT: "
                + chaos.lines()
                        .filter(l -> l.startsWith("flood: done: "))
                        .findFirst()
                        .orElse("") + "\nChaosIT: " + flood);
        Matcher m = FLOOD_ANSWERS.matcher(flood);
        assertThat(m.matches()).as(flood).isTrue();
        long ms = Long.parseLong(m.group(1));
        Matcher refused = Pattern.compile("REFUSE from orchestrator=(\\d+)").matcher(flood);
        assertThat(refused.find())
                .as("the orchestrator answered the flood some: " + flood)
                .isTrue();
        assertThat(Integer.parseInt(refused.group(1)))
                .as("a burst of 100, then at most 20 a second, over %d ms: %s", ms, flood)
                .isBetween(100, 100 + (int) (20 * ms / 1000) + 5);
        assertThat(flood).doesNotContain("FAILURE from orchestrator");
        // every flooded request was counted, answered or not: dropped as it came beyond the flood's share of the
        // orchestrator's queue, or read and refused on its sender (the chaos's refusals count there too)
        String row = summary.lines()
                .filter(l -> l.startsWith("| orchestrator |"))
                .findFirst()
                .orElse("");
        assertThat(row).as(summary).contains("wrong sender ");
        System.out.println("ChaosIT: the orchestrator's refusals and drops: " + row);
        assertThat(counted(row, "wrong sender") + counted(row, "share full"))
                .as(row)
                .isGreaterThanOrEqualTo(FLOOD);

        assertThat(disturbed)
                .as("under chaos the trial takes at most twice its undisturbed time")
                .isLessThanOrEqualTo(2 * calm);
    }
}
