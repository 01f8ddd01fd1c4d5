package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Lambo.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void benchesTinyIntoARunDirectory(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        int code = run("bench", "--scenario", "tiny", "--policies", "local,greedy,nearest", "--reference", "greedy",
                "--instances", "2", "--seed", "3", "--out", out.toString(), "--no-progress");
        assertThat(code).as(err.toString()).isZero();
        for (String f : new String[] {"bench.csv", "bench.md", "reference.csv", "min-latency.png", "min-energy.png", "decide-ms.png",
                "scenario.yaml", "run.json"}) {
            assertThat(out.resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(Files.readAllLines(out.resolve("bench.csv"))).hasSize(1 + 2 * 3 * 2);
        assertThat(Files.readString(out.resolve("run.json"))).contains("\"seed\" : 3", "\"command\" : \"bench\"");
        assertThat(Files.readString(out.resolve("bench.md"))).contains("lambo bench --scenario tiny");
    }

    @Test
    void unknownPolicyIsOneLineAndExitTwo(@TempDir Path tmp) {
        assertThat(run("bench", "--scenario", "tiny", "--policies", "local,nope", "--reference", "none", "--out", tmp.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--policies", "'nope'");
        assertThat(tmp.resolve("bench.csv")).doesNotExist();
    }

    @Test
    void listNeedsNoOutButABenchDoes() {
        assertThat(run("bench", "--list")).isZero();
        assertThat(run("bench", "--scenario", "tiny", "--policies", "local", "--reference", "none")).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--out");
    }

    @Test
    void unknownPromptIsOneLineAndExitTwo(@TempDir Path tmp) {
        assertThat(run("bench", "--scenario", "tiny", "--policies", "local", "--prompts", "min-cost", "--out", tmp.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--prompts", "min-cost");
    }

    @Test
    void noInstancesIsOneLineAndExitTwo(@TempDir Path tmp) {
        assertThat(run("bench", "--scenario", "tiny", "--policies", "local", "--instances", "0", "--out", tmp.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--instances", "0");
    }

    @Test
    void badPolicyOptionIsOneLineAndExitTwo(@TempDir Path tmp) {
        assertThat(run("bench", "--scenario", "tiny", "--policies", "de", "--reference", "none", "--option", "de.population=1",
                "--out", tmp.resolve("x").toString(), "--no-progress")).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("de.population");
        assertThat(tmp.resolve("x")).doesNotExist();
    }
}
