package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command's console is its progress and its result lines: what DJL (through SLF4J) and JADE (through
 * java.util.logging) log lands in the run folder's {@code lambo.log}, each command in its own JVM as a user runs it.
 */
class QuietConsoleIT {

    private static String run(ChildJvms jvms, Path dir, String log, String... args) throws Exception {
        Process p = jvms.start(log, "org.lambo.cli.Lambo", args);
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("%s finished", log).isTrue();
        String console = Files.readString(dir.resolve(log), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(console).isZero();
        return console;
    }

    private static String logsUnder(Path dir) throws java.io.IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".log"))
                    .toList()) all.append(Files.readString(f));
        }
        return all.toString();
    }

    private static void assertNoLibraryLines(String console) {
        assertThat(console)
                .doesNotContain("ai.djl")
                .doesNotContain("CudaUtils")
                .doesNotContain("Failed to detect GPU count")
                .doesNotContain("jade.")
                .doesNotContain("system crash")
                .doesNotContain("SLF4J")
                .doesNotContain(" WARN ")
                .doesNotContain(" INFO ")
                .doesNotContain("WARNING:");
    }

    @Test
    void aBenchThatLoadsTheTransformerPrintsItsTablesAndLogsDjlToTheRunFolder(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench");
        try (ChildJvms jvms = new ChildJvms(dir)) {
            String console = run(
                    jvms,
                    dir,
                    "bench.console",
                    "bench",
                    "--scenario",
                    "tiny",
                    "--policies",
                    "aed,greedy",
                    "--instances",
                    "1",
                    "--reference",
                    "none",
                    "--out",
                    out.toString());
            assertNoLibraryLines(console);
            assertThat(console).contains("aed").contains("greedy");
            assertThat(Files.readString(out.resolve("lambo.log"))).contains("ai.djl.pytorch.engine.PtEngine");
        }
    }

    @Test
    void aTrialPrintsProgressAndResultAndLogsJadeToTheRunFolder(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("trial");
        try (ChildJvms jvms = new ChildJvms(dir)) {
            String console = run(
                    jvms,
                    dir,
                    "trial.console",
                    "trial",
                    "--scenario",
                    "tiny",
                    "--slots",
                    "2",
                    "--policy",
                    "greedy",
                    "--out",
                    out.toString());
            assertNoLibraryLines(console);
            assertThat(console).contains("trial tiny: 2 slots");
            assertThat(out.resolve("lambo.log")).exists();
            // lambo.log, or jade.log where JadePlatform keeps JADE's own log in the run folder
            assertThat(logsUnder(out)).contains("can cause low performance or system crash");
        }
    }

    @Test
    void aFineTunePrintsNoNativeWarningOfPyTorch(@TempDir Path dir) throws Exception {
        // libtorch wrote "AutoNonVariableTypeMode is deprecated" straight to stderr when finetune restored its best
        // decoder with NDArray.set: a native line no log routing catches, so the console is checked as a user sees it
        Path out = dir.resolve("finetune");
        try (ChildJvms jvms = new ChildJvms(dir)) {
            String console = run(
                    jvms,
                    dir,
                    "finetune.console",
                    "finetune",
                    "--checkpoint",
                    org.lambo.run.BuiltInCheckpoints.PREFIX + org.lambo.run.BuiltInCheckpoints.AED,
                    "--scenario",
                    "tiny",
                    "--expert",
                    "greedy",
                    "--reference",
                    "greedy",
                    "--pool",
                    "2",
                    "--held-out",
                    "1",
                    "--labels",
                    "2",
                    "--rounds",
                    "1",
                    "--epochs",
                    "1",
                    "--batch",
                    "2",
                    "--threads",
                    "1",
                    "--no-progress",
                    "--out",
                    out.toString());
            assertNoLibraryLines(console);
            assertThat(console).doesNotContain("AutoNonVariableTypeMode").doesNotContain("[W ");
            assertThat(out.resolve("lambo.log")).exists();
        }
    }
}
