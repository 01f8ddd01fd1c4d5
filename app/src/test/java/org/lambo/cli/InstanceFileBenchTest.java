package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lambo bench --instances FILE|FOLDER} and {@code lambo evaluate}: a folder of files, and user errors as one
 * line, exit 2.
 */
class InstanceFileBenchTest {
    @TempDir
    Path dir;

    private Path generate(String name, long seed, int count) {
        Path f = dir.resolve(name);
        assertThat(UserErrorsTest.run(
                                "generate",
                                "--scenario",
                                "tiny",
                                "--instances",
                                Integer.toString(count),
                                "--seed",
                                Long.toString(seed),
                                "--out",
                                f.toString())
                        .code())
                .isZero();
        return f;
    }

    private static String userError(String... args) {
        UserErrorsTest.Result r = UserErrorsTest.run(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(Lambo.BAD_INPUT);
        List<String> lines = r.err().lines().toList();
        assertThat(lines).as(r.err()).hasSize(1);
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
        return lines.get(0);
    }

    @Test
    void aFolderIsBenchedFileByFileInNameOrder() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("lab"));
        Files.move(generate("b.jsonl", 2, 2), folder.resolve("b.jsonl"));
        Files.move(generate("a.jsonl", 1, 3), folder.resolve("a.jsonl"));
        Files.writeString(folder.resolve("notes.txt"), "not an instance file\n");
        Path out = dir.resolve("bench");
        UserErrorsTest.Result r = UserErrorsTest.run(
                "bench",
                "--instances",
                folder.toString(),
                "--policies",
                "greedy,local",
                "--reference",
                "exhaustive",
                "--out",
                out.toString(),
                "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> rows = Files.readAllLines(out.resolve("bench.csv"));
        assertThat(rows).hasSize(1 + 5 * 2 * 2);
        assertThat(rows.get(1)).startsWith("greedy,min-latency,tiny-s1-t0,");
        assertThat(rows.stream().filter(l -> l.startsWith("local,min-energy,")).map(l -> l.split(",")[2]))
                .containsExactly("tiny-s1-t0", "tiny-s1-t1", "tiny-s1-t2", "tiny-s2-t0", "tiny-s2-t1");
        assertThat(Files.readString(out.resolve("bench.md")))
                .contains("Instances from `lab/` (N = 6, M = 2), 5 instances");
        assertThat(out.resolve("scenario.yaml")).doesNotExist();
    }

    @Test
    void mistakesAreOneLineNamingTheFlagOrTheFile() throws Exception {
        Path f = generate("i.jsonl", 1, 2);
        Path out = dir.resolve("o");
        assertThat(userError("bench", "--instances", f.toString(), "--scenario", "paper", "--out", out.toString()))
                .isEqualTo(
                        "lambo bench: --scenario: cannot be given with --instances FILE: the instances come from the file");
        assertThat(userError("bench", "--instances", f.toString(), "--runs", "2", "--out", out.toString()))
                .isEqualTo(
                        "lambo bench: --runs: must be 1 with instances from a file (they are benched once, as given), got 2");
        assertThat(userError("bench", "--instances", dir.resolve("none.jsonl").toString(), "--out", out.toString()))
                .isEqualTo("lambo bench: " + dir.resolve("none.jsonl") + ": no such file");
        Path twice = Files.createDirectories(dir.resolve("twice"));
        Files.copy(f, twice.resolve("a.jsonl"));
        Files.copy(f, twice.resolve("b.jsonl"));
        assertThat(userError("bench", "--instances", twice.toString(), "--out", out.toString()))
                .startsWith("lambo bench: twice/: holds the instance id 'tiny-s1-t0' twice (instances 0 and 2)");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(userError("bench", "--instances", empty.toString(), "--out", out.toString()))
                .isEqualTo("lambo bench: " + empty + ": holds no .jsonl file");

        Path labels = dir.resolve("labels.jsonl");
        Files.writeString(
                labels,
                "{\"options\":[0,0,0,0,0,0],\"shares\":\"equal\"}\n{\"options\":[0,0,0,0,0,9],\"shares\":\"equal\"}\n");
        assertThat(userError("evaluate", "--instance", f.toString(), "--decisions", labels.toString()))
                .isEqualTo("lambo evaluate: " + labels
                        + ":2: field 'options[5]' must be an option in 0..2 (0 local, j server j), got 9");
        Files.writeString(
                labels,
                "{\"label\":\"mip\",\"options\":[0,0,0,0,0,0],\"shares\":\"equal\"}\n{\"label\":\"mip\",\"options\":[0,0,0,0,0,0],\"shares\":\"equal\"}\n");
        assertThat(userError("evaluate", "--instance", f.toString(), "--decisions", labels.toString()))
                .isEqualTo(
                        "lambo evaluate: --decisions: label 'mip' is also the name of a policy; give the decisions another label");
        assertThat(userError(
                        "evaluate",
                        "--instance",
                        f.toString(),
                        "--decisions",
                        labels.toString(),
                        "--out",
                        f.toString()))
                .isEqualTo(
                        "lambo evaluate: --out: " + f + " is a file, not a directory; give a folder for the results");
    }

    @Test
    void evaluatePrintsTheTablesWithoutAnOutFolderAndAllLocalLabelsMatchTheLocalPolicy() throws Exception {
        Path f = generate("i.jsonl", 4, 3);
        Path labels = dir.resolve("labels.jsonl");
        Files.writeString(
                labels, "{\"label\":\"stay\",\"options\":[0,0,0,0,0,0],\"shares\":[0,0,0,0,0,0]}\n".repeat(3));
        Path out = dir.resolve("e");
        UserErrorsTest.Result r = UserErrorsTest.run(
                "evaluate",
                "--instance",
                f.toString(),
                "--decisions",
                labels.toString(),
                "--policies",
                "local",
                "--reference",
                "local",
                "--out",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        for (String line : Files.readAllLines(out.resolve("bench.csv")).subList(1, 1 + 2 * 3 * 2)) {
            String[] c = line.split(",", -1);
            assertThat(c[6]).as(line).isEqualTo("0.0"); // the same cost as the local policy: gap exactly 0
            assertThat(c[8]).as(line).isEqualTo(c[0].equals("stay") ? "" : c[8]);
        }
        assertThat(Files.readString(out.resolve("bench.md")))
                .contains("| stay |", "given decisions: stay (no decision time)");
    }
}
