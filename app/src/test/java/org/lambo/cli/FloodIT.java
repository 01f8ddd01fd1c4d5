package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood against the orchestrator's answer budget, from another JVM: the same trial ({@code lambo trial}, scenario
 * {@code small}, seed 5, 30 slots, in a child JVM of its own) runs undisturbed and, at the same time, with an admitted
 * hostile container ({@link HostileContainer} starting a {@link FloodAgent}) that sends ue-0's own offloading request
 * 4,000 times (1,000 a second) to the orchestrator under its own name. Each is refused on its sender before its content
 * is read and counted; at most 20 refusals a second (bursts of 100) are answered ({@code AnswerBudget}). Every task
 * completes, {@code slots.csv} is the undisturbed one byte for byte, the summary counts the 4,000 refusals, and the
 * trial takes at most twice its undisturbed time, both measured from the start of their JVMs to their exits (as
 * {@link ChaosIT} does).
 */
class FloodIT {
    private static final int TOTAL = 4_000;
    private static final Pattern ANSWERS = Pattern.compile("flood: (?:done: sent \\d+ in|answers after) (\\d+) ms.*");

    @TempDir
    Path dir;

    private ChildJvms jvms;
    private final Map<Process, Long> exits = new ConcurrentHashMap<>();

    @BeforeEach
    void startJvms() {
        jvms = new ChildJvms(dir);
    }

    @AfterEach
    void stopChildren() {
        jvms.close();
    }

    /** {@code lambo trial} in a child JVM on {@code port}, its output in {@code name}; its exit time noted. */
    private Process trial(String name, int port) throws Exception {
        Process p = jvms.start(
                name + ".log",
                "org.lambo.cli.Lambo",
                "trial",
                "--scenario",
                "small",
                "--seed",
                "5",
                "--slots",
                "30",
                "--out",
                dir.resolve(name).toString(),
                "--policy",
                "nearest",
                "--port",
                Integer.toString(port),
                "--collect-ms",
                "10000",
                "--decision-ms",
                "20000",
                "--server-ms",
                "5000",
                "--secret-file",
                jvms.secret().toString());
        p.onExit().thenRun(() -> exits.put(p, System.nanoTime()));
        return p;
    }

    /** Waits for a trial's JVM to end well; its wall time in seconds from {@code t0}. */
    private double ended(String name, Process p, long t0) throws Exception {
        assertThat(p.waitFor(300, TimeUnit.SECONDS))
                .as("the %s trial ends", name)
                .isTrue();
        assertThat(p.exitValue())
                .as("%s: %s", name, String.join("\n", jvms.lines(name + ".log")))
                .isZero();
        for (int k = 0; k < 50 && !exits.containsKey(p); k++) Thread.sleep(100);
        return (exits.getOrDefault(p, System.nanoTime()) - t0) / 1e9;
    }

    @Test
    void thousandsOfRepeatedRequestsAreAnsweredWithinTheBudgetAndChangeNoRowNorDoubleTheTime() throws Exception {
        int port = ChildJvms.freePort();
        Process flood = jvms.start(
                "flood.log",
                "org.lambo.cli.HostileContainer",
                "127.0.0.1",
                Integer.toString(port),
                "small",
                "5",
                "0",
                jvms.secret().toString(),
                FloodAgent.class.getName(),
                "small",
                "5",
                Integer.toString(TOTAL),
                "100");
        long t0 = System.nanoTime();
        Process flooded = trial("flooded", port);
        Process calm = trial("calm", ChildJvms.freePort());
        double calmS = ended("calm", calm, t0);
        double floodedS = ended("flooded", flooded, t0);
        assertThat(flood.waitFor(60, TimeUnit.SECONDS))
                .as("the flooding container ends with the platform")
                .isTrue();
        String log = Files.readString(dir.resolve("flood.log"));
        String summary = Files.readString(dir.resolve("flooded").resolve("summary.md"));
        String last = log.lines()
                .filter(l -> l.startsWith("flood: "))
                .reduce((a, b) -> b)
                .orElse("");
        System.out.printf(
                "FloodIT: the trial took %.3f s undisturbed, %.3f s flooded; %s%n",
                calmS,
                floodedS,
                log.lines().filter(l -> l.startsWith("flood: ")).limit(20).toList());

        String rows = Files.readString(dir.resolve("calm").resolve("slots.csv"));
        assertThat(Files.readString(dir.resolve("flooded").resolve("slots.csv")))
                .as("the flood changed no row")
                .isEqualTo(rows);
        assertThat(rows.lines().skip(1)).hasSize(300).allMatch(l -> l.contains(",completed,"));
        assertThat(summary).contains("tasks: 300, completed: 300, failed: 0");

        assertThat(log).as(log).contains("hostile container joined", "flood: done: sent " + TOTAL + " in ");
        Matcher m = ANSWERS.matcher(last);
        assertThat(m.matches()).as(last).isTrue();
        long ms = Long.parseLong(m.group(1));
        Matcher refused = Pattern.compile("REFUSE from orchestrator=(\\d+)").matcher(last);
        assertThat(refused.find()).as("the orchestrator answered some: " + last).isTrue();
        int answered = Integer.parseInt(refused.group(1));
        assertThat(answered)
                .as("a burst of 100, then at most 20 a second, over %d ms: %s", ms, last)
                .isBetween(100, 100 + (int) (20 * ms / 1000) + 5);
        assertThat(last).doesNotContain("FAILURE");
        // every request was refused on its sender and counted, answered or not
        Matcher counted = Pattern.compile("\\| orchestrator \\|[^\\n]*wrong sender (\\d+)")
                .matcher(summary);
        assertThat(counted.find()).as(summary).isTrue();
        assertThat(Integer.parseInt(counted.group(1))).isGreaterThanOrEqualTo(TOTAL);

        assertThat(floodedS)
                .as("flooded, the trial takes at most twice its undisturbed time")
                .isLessThanOrEqualTo(2 * calmS);
    }
}
