package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every user error of the command line, made through the command line: one or two lines naming what is wrong, exit code
 * 2, never a stack trace; anything else one line pointing at a log.
 */
class UserErrorsTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        CommandLine cl = Lambo.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs a command that must fail as a user error; returns its one line (or two: the second a hint). */
    private static String userError(String... args) {
        Result r = run(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(Lambo.BAD_INPUT);
        List<String> lines = r.err().lines().toList();
        assertThat(lines).as(r.err()).hasSizeBetween(1, 2);
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
        if (lines.size() == 2) {
            assertThat(lines.get(1))
                    .isEqualTo("Try 'lambo " + args[0] + " --help' for more information."); // a flag picocli refused
        } else {
            assertThat(lines.get(0)).startsWith("lambo " + args[0] + ": ");
        }
        return lines.get(0);
    }

    private Path aFile() throws Exception {
        Path f = dir.resolve("a-file.txt");
        Files.writeString(f, "not a folder\n");
        return f;
    }

    @Test
    void generateRefusesADirectoryOrAPathUnderAFileAsItsOutput() throws Exception {
        assertThat(userError("generate", "--scenario", "tiny", "--out", dir.toString()))
                .isEqualTo("lambo generate: --out: " + dir + " is a directory; give the path of a file in it, e.g. "
                        + dir.resolve("out.jsonl"));
        Path f = aFile();
        assertThat(userError(
                        "generate",
                        "--scenario",
                        "tiny",
                        "--out",
                        f.resolve("x.jsonl").toString()))
                .isEqualTo("lambo generate: --out: " + f.resolve("x.jsonl") + " cannot be created: " + f
                        + " is a file, not a directory");
    }

    @Test
    void aPathTheSystemRefusesIsNamedWithTheReason() {
        // /proc takes no new files, not even from root
        assertThat(userError("generate", "--scenario", "tiny", "--out", "/proc/lambo-test.jsonl"))
                .startsWith("lambo generate: /proc/lambo-test.jsonl: ");
    }

    @Test
    void generateBoundsItsCountAndNamesAScenarioThatIsADirectory() {
        assertThat(userError(
                        "generate",
                        "--scenario",
                        "tiny",
                        "--instances",
                        "2000000",
                        "--out",
                        dir.resolve("x.jsonl").toString()))
                .isEqualTo(
                        "lambo generate: --instances: must be in [1, 1000000] (the most one file may hold), got 2000000");
        assertThat(userError(
                        "generate",
                        "--scenario",
                        dir.toString(),
                        "--out",
                        dir.resolve("x.jsonl").toString()))
                .isEqualTo("lambo generate: " + dir + ": is a directory, not a scenario file");
    }

    @Test
    void aScenarioBeyondTheLimitsIsRefusedNamingFieldValueAndLimit() throws Exception {
        Path s = dir.resolve("huge.yaml");
        Files.writeString(
                s,
                "name: huge\nues: 1000000\nservers: [{cpuHz: 1.0e+10}]\ntask: {bits: {mean: 1.0e+6}, cycles: {mean: 1.0e+9}}\n");
        assertThat(userError(
                        "generate",
                        "--scenario",
                        s.toString(),
                        "--out",
                        dir.resolve("x.jsonl").toString()))
                .isEqualTo("lambo generate: " + s + ": field 'ues' must be in [1, 10000], got 1000000");
    }

    @Test
    void solveNamesAMissingOrUnreadableInstanceFileAndAnIndexPastTheEnd() throws Exception {
        assertThat(userError("solve", "--instance", dir.resolve("none.jsonl").toString(), "--policy", "local"))
                .isEqualTo("lambo solve: " + dir.resolve("none.jsonl") + ": no such file");
        assertThat(userError("solve", "--instance", dir.toString(), "--policy", "local"))
                .isEqualTo("lambo solve: " + dir + ": is a directory, not an instance file");
        Path f = dir.resolve("one.jsonl");
        assertThat(run("generate", "--scenario", "tiny", "--instances", "1", "--out", f.toString())
                        .code())
                .isZero();
        assertThat(userError("solve", "--instance", f.toString(), "--index", "3", "--policy", "local"))
                .isEqualTo("lambo solve: --index: must be in 0..0 for " + f + " (1 instances), got 3");
    }

    @Test
    void solveRefusesCoercedAndDuplicatedInstanceFields() throws Exception {
        Path f = dir.resolve("one.jsonl");
        assertThat(run("generate", "--scenario", "tiny", "--instances", "1", "--out", f.toString())
                        .code())
                .isZero();
        String line = Files.readString(f).strip();
        Files.writeString(f, line.replaceFirst("\"bits\":[0-9.E+-]+", "\"bits\":\"5\"") + "\n");
        assertThat(userError("solve", "--instance", f.toString(), "--policy", "local"))
                .isEqualTo("lambo solve: " + f + ":1: field 'ues[0].task.bits' must be a number, got '5'");
        Files.writeString(f, line.substring(0, line.length() - 1) + ",\"id\":\"again\"}\n");
        assertThat(userError("solve", "--instance", f.toString(), "--policy", "local"))
                .contains(":1: field 'id' appears twice");
        Files.writeString(f, line + " {}\n");
        assertThat(userError("solve", "--instance", f.toString(), "--policy", "local"))
                .contains(":1: has content after its JSON value");
    }

    @Test
    void badPolicyOptionValuesAreNamed() throws Exception {
        Path f = dir.resolve("one.jsonl");
        assertThat(run("generate", "--scenario", "tiny", "--instances", "1", "--out", f.toString())
                        .code())
                .isZero();
        assertThat(userError("solve", "--instance", f.toString(), "--policy", "de", "--option", "de.f=NaN"))
                .contains("'de.f'")
                .contains("'NaN'");
        assertThat(userError(
                        "solve", "--instance", f.toString(), "--policy", "local", "--option", "a=1", "--option", "a=2"))
                .contains("'a' is given twice");
    }

    @Test
    void aBadFlagValueIsTwoLinesAtMost() {
        assertThat(userError("generate", "--scenario", "tiny", "--instances", "many", "--out", "x"))
                .contains("--instances")
                .contains("many");
        assertThat(userError("train", "--out", dir.resolve("t").toString(), "--lr", "NaN"))
                .contains("--lr")
                .contains("'NaN' is not a decimal number");
        assertThat(userError("train", "--out", dir.resolve("t").toString(), "--lr", "1e999"))
                .contains("'1e999' is not a finite number");
        assertThat(userError("bench", "--no-such-flag")).contains("--no-such-flag");
    }

    @Test
    void aContainersWaitsAreRefusedNamingTheFlag() {
        for (String flag : List.of("--decision-ms", "--server-ms")) {
            assertThat(userError(
                            "container",
                            "--main-host",
                            "127.0.0.1",
                            "--main-port",
                            "1099",
                            "--agents",
                            "ues",
                            "--scenario",
                            "tiny",
                            "--secret-file",
                            dir.resolve("trial.secret").toString(),
                            flag,
                            "0"))
                    .isEqualTo("lambo container: " + flag + ": must be > 0, got 0");
        }
    }

    @Test
    void aDropoutToleranceOutOfItsRangeIsRefusedNamingTheFlag() {
        for (String bad : List.of("0", "-5", "600001")) {
            assertThat(userError(
                            "trial",
                            "--scenario",
                            "tiny",
                            "--slots",
                            "1",
                            "--policy",
                            "greedy",
                            "--out",
                            dir.resolve("t" + bad).toString(),
                            "--dropout-ms",
                            bad))
                    .contains("--dropout-ms")
                    .contains("must be in 1..600000, got " + bad);
        }
    }

    @Test
    void everyCommandWithARunFolderRefusesAFileAsItsFolder() throws Exception {
        Path f = aFile();
        String expected = ": --out: " + f + " is a file, not a directory; give a folder for the results";
        assertThat(userError(
                        "bench",
                        "--scenario",
                        "tiny",
                        "--policies",
                        "local",
                        "--reference",
                        "none",
                        "--out",
                        f.toString()))
                .isEqualTo("lambo bench" + expected);
        assertThat(userError("train", "--scenario", "tiny", "--out", f.toString()))
                .isEqualTo("lambo train" + expected);
        assertThat(userError("finetune", "--checkpoint", dir.toString(), "--out", f.toString()))
                .isEqualTo("lambo finetune" + expected);
        assertThat(userError("droo-train", "--scenario", "tiny", "--out", f.toString()))
                .isEqualTo("lambo droo-train" + expected);
        assertThat(userError("trial", "--scenario", "tiny", "--policy", "local", "--out", f.toString()))
                .isEqualTo("lambo trial" + expected);
        Path under = f.resolve("run");
        assertThat(userError(
                        "bench",
                        "--scenario",
                        "tiny",
                        "--policies",
                        "local",
                        "--reference",
                        "none",
                        "--out",
                        under.toString()))
                .isEqualTo("lambo bench: --out: " + under + " cannot be created: " + f + " is a file, not a directory");
    }

    @Test
    void anInternalErrorIsOneLinePointingAtItsLog() throws Exception {
        StringWriter err = new StringWriter();
        int code = Lambo.report(
                new IllegalStateException("a bug\nsecond line"), "lambo solve", new PrintWriter(err, true));
        assertThat(code).isEqualTo(Lambo.INTERNAL_ERROR);
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0))
                .startsWith("lambo solve: internal error (IllegalStateException: a bug); the stack trace is in ");
        Path log = Path.of(lines.get(0).substring(lines.get(0).lastIndexOf(" in ") + 4));
        try {
            assertThat(Files.readString(log))
                    .contains("java.lang.IllegalStateException: a bug")
                    .contains("\tat ");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void anIoErrorInsideACommandIsNamedWithItsPath() {
        StringWriter err = new StringWriter();
        int code = Lambo.report(
                new java.io.UncheckedIOException(new java.nio.file.AccessDeniedException("/x/y")),
                "lambo train",
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString().strip()).isEqualTo("lambo train: /x/y: permission denied");
    }

    @Test
    void theAedRefusesASlotOverItsMemoryBudgetNamingNAndTheBudget() throws Exception {
        Path s = dir.resolve("big.yaml");
        Files.writeString(
                s,
                "name: big\nues: 10000\narea: {width: 1000, height: 1000}\nservers: [{cpuHz: 1.0e+10}, {cpuHz: 3.0e+10}]\n"
                        + "task: {bits: {mean: 1.0e+6}, cycles: {mean: 1.0e+9}}\n");
        Path f = dir.resolve("big.jsonl");
        assertThat(run("generate", "--scenario", s.toString(), "--instances", "1", "--out", f.toString())
                        .code())
                .isZero();
        // attention in blocks of queries: lambo-m needs 453 MiB at N = 10,000 (37,050 MiB as whole N x N matrices), so
        // a
        // 256 MiB budget refuses it (the default, a lambo-s, needs less)
        assertThat(userError(
                        "solve",
                        "--instance",
                        f.toString(),
                        "--policy",
                        "aed",
                        "--option",
                        "aed.memoryMb=256",
                        "--option",
                        "aed.checkpoint=builtin:aed-paper-lambo-m"))
                .startsWith(
                        "lambo solve: aed: instance big-s1-t0 has N = 10000 UEs: encoding it needs about 453 MiB of native memory")
                .contains("attention in blocks, so memory grows as N")
                .contains("over the memory budget of 256 MiB (aed.memoryMb)");
    }

    @Test
    void trainingRefusesAScenarioWhoseBatchCannotBeEncodedWithinItsMemoryBudget() throws Exception {
        Path s = dir.resolve("big.yaml");
        Files.writeString(
                s,
                "name: big\nues: 3000\narea: {width: 1000, height: 1000}\nservers: [{cpuHz: 1.0e+10}]\n"
                        + "task: {bits: {mean: 1.0e+6}, cycles: {mean: 1.0e+9}}\n");
        assertThat(userError(
                        "train",
                        "--scenario",
                        s.toString(),
                        "--model",
                        "lambo-s",
                        "--batch",
                        "8",
                        "--out",
                        dir.resolve("t").toString()))
                .startsWith(
                        "lambo train: --scenario: big has up to N = 3000 UEs: a batch of 8 needs at least 6,849 MiB of native memory")
                .contains("over --memory-mb 4,096");
        assertThat(dir.resolve("t")).doesNotExist();
        assertThat(userError(
                        "train",
                        "--scenario",
                        s.toString(),
                        "--model",
                        "lambo-s",
                        "--batch",
                        "8",
                        "--memory-mb",
                        "0",
                        "--out",
                        dir.resolve("t").toString()))
                .isEqualTo("lambo train: --memory-mb: must be >= 1, got 0");
        Path pretrained = Path.of("..", "checkpoints", "aed-paper-lambo-m");
        assertThat(userError(
                        "finetune",
                        "--scenario",
                        s.toString(),
                        "--checkpoint",
                        pretrained.toString(),
                        "--memory-mb",
                        "100",
                        "--out",
                        dir.resolve("f").toString()))
                .startsWith(
                        "lambo finetune: --scenario: big has up to N = 3000 UEs: one slot needs at least 3,424 MiB of native memory to encode with lambo-m")
                .contains("over --memory-mb 100");
    }
}
