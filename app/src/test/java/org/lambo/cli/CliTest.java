package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user meets it: real files, real exit codes, one clear line on bad input. */
class CliTest {
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

    @Test
    void generateThenSolvePrintsADecisionWithItsCosts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.jsonl");
        Result g = run("generate", "--scenario", "tiny", "--instances", "3", "--seed", "5", "--out", file.toString());
        assertThat(g.code()).as(g.err()).isZero();
        assertThat(Files.readAllLines(file)).hasSize(3);

        Result s = run(
                "solve",
                "--instance",
                file.toString(),
                "--index",
                "2",
                "--policy",
                "local",
                "--prompt",
                "minimize energy");
        assertThat(s.code()).as(s.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(s.out());
        assertThat(json.get("instance").asText()).isEqualTo("tiny-s5-t2");
        assertThat(json.get("prompt").asText()).isEqualTo("min-energy");
        assertThat(json.get("valid").asBoolean()).isTrue();
        assertThat(json.get("decision")).hasSize(6);
        assertThat(json.get("totalEnergyJ").asDouble()).isPositive();
    }

    @Test
    void solveWritesAnExpertsStatusInTheWordsItAlwaysHad(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.jsonl");
        assertThat(run("generate", "--scenario", "tiny", "--instances", "1", "--out", file.toString())
                        .code())
                .isZero();
        Result exact = run("solve", "--instance", file.toString(), "--policy", "exhaustive");
        assertThat(exact.code()).as(exact.err()).isZero();
        assertThat(new ObjectMapper().readTree(exact.out()).get("status").asText())
                .isEqualTo("OPTIMAL");
        Result de = run("solve", "--instance", file.toString(), "--policy", "de");
        assertThat(de.code()).as(de.err()).isZero();
        assertThat(new ObjectMapper().readTree(de.out()).get("status").asText())
                .matches("heuristic: stopped by [a-z -]+ after \\d+ generations, \\d+ evaluations");
    }

    @Test
    void anUnknownPolicyIsOneLineAndExitTwo(@TempDir Path dir) {
        Path file = dir.resolve("t.jsonl");
        run("generate", "--scenario", "tiny", "--instances", "1", "--out", file.toString());
        Result r = run("solve", "--instance", file.toString(), "--policy", "oracle");
        assertThat(r.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(r.err())
                .contains("unknown policy 'oracle'")
                .contains("local")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void anUnknownPromptIsNamed(@TempDir Path dir) {
        Path file = dir.resolve("t.jsonl");
        run("generate", "--scenario", "tiny", "--instances", "1", "--out", file.toString());
        Result r = run("solve", "--instance", file.toString(), "--policy", "local", "--prompt", "be nice");
        assertThat(r.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(r.err()).contains("--prompt").contains("'be nice'").doesNotContain("\tat ");
    }

    @Test
    void aBrokenInstanceFileNamesTheLineAndField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("b.jsonl");
        Files.writeString(file, "{\"schema\":1,\"id\":\"x\"}\n");
        Result r = run("solve", "--instance", file.toString(), "--policy", "local");
        assertThat(r.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(r.err()).contains("b.jsonl:1").contains("'channel'").doesNotContain("\tat ");
    }

    @Test
    void aMissingScenarioAndABadFlagAreClear(@TempDir Path dir) {
        Result r = run(
                "generate", "--scenario", "nope.yaml", "--out", dir.resolve("x").toString());
        assertThat(r.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(r.err()).contains("nope.yaml").doesNotContain("\tat ");
        Result flag = run("generate", "--scenario", "tiny", "--instances", "many", "--out", "x");
        assertThat(flag.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(flag.err()).contains("--instances").contains("many");
    }

    @Test
    void everySubcommandHasHelp() {
        for (String sub : Lambo.commandLine().getSubcommands().keySet()) {
            if (sub.equals("help")) continue;
            Result r = run(sub, "--help");
            assertThat(r.code()).as(sub).isZero();
            assertThat(r.out()).as(sub).contains("Usage: lambo " + sub);
        }
    }
}
