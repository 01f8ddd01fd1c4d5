package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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
        int code = run(
                "bench",
                "--scenario",
                "tiny",
                "--policies",
                "local,greedy,nearest",
                "--reference",
                "greedy",
                "--instances",
                "2",
                "--seed",
                "3",
                "--out",
                out.toString(),
                "--no-progress");
        assertThat(code).as(err.toString()).isZero();
        for (String f : new String[] {
            "bench.csv",
            "bench.md",
            "reference.csv",
            "min-latency.png",
            "min-energy.png",
            "decide-ms.png",
            "scenario.yaml",
            "run.json"
        }) {
            assertThat(out.resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(Files.readAllLines(out.resolve("bench.csv"))).hasSize(1 + 2 * 3 * 2);
        assertThat(Files.readString(out.resolve("run.json"))).contains("\"seed\" : 3", "\"command\" : \"bench\"");
        assertThat(Files.readString(out.resolve("bench.md"))).contains("lambo bench --scenario tiny");
    }

    /**
     * --pareto runs weighted:W at each weight with mip benched as the exact front: mip is best at every weight (no
     * policy beats its objective), and its front is a front: more weight on latency never raises its latency nor lowers
     * its energy.
     */
    @Test
    void paretoDrawsEachPolicysFrontBesideTheExactOne(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("pareto");
        int code = run(
                "bench",
                "--scenario",
                "small",
                "--policies",
                "greedy,de,local",
                "--pareto",
                "0,0.3,0.7,1",
                "--instances",
                "2",
                "--seed",
                "5",
                "--out",
                out.toString(),
                "--no-progress");
        assertThat(code).as(err.toString()).isZero();
        for (String f : new String[] {"pareto.csv", "pareto.md", "pareto.png", "bench.csv", "weighted-0.3.png"}) {
            assertThat(out.resolve(f)).as(f).isNotEmptyFile();
        }
        java.util.List<String> csv = Files.readAllLines(out.resolve("pareto.csv"));
        assertThat(csv).hasSize(1 + 4 * 4); // mip (added as the reference), greedy, de, local at four weights
        java.util.Map<String, double[]> mip = new java.util.TreeMap<>();
        java.util.Map<String, java.util.List<Double>> objectives = new java.util.TreeMap<>();
        for (String line : csv.subList(1, csv.size())) {
            String[] c = line.split(",", -1);
            double objective = Double.parseDouble(c[5]);
            objectives.computeIfAbsent(c[2], k -> new java.util.ArrayList<>()).add(objective);
            if (c[0].equals("mip")) {
                mip.put(c[2], new double[] {Double.parseDouble(c[3]), Double.parseDouble(c[4]), objective});
                assertThat(Double.parseDouble(c[6])).as("mip's gap to itself").isZero();
            }
            assertThat(c[8]).as(line).isEqualTo("0");
        }
        assertThat(mip).containsOnlyKeys("0.0", "0.3", "0.7", "1.0");
        for (var e : objectives.entrySet()) {
            for (double o : e.getValue())
                assertThat(o)
                        .as("objective at w = " + e.getKey())
                        .isGreaterThanOrEqualTo(mip.get(e.getKey())[2] * (1 - 1e-3));
        }
        String[] ws = {"0.0", "0.3", "0.7", "1.0"};
        for (int k = 1; k < ws.length; k++) {
            assertThat(mip.get(ws[k])[0])
                    .as("latency at " + ws[k])
                    .isLessThanOrEqualTo(mip.get(ws[k - 1])[0] * (1 + 1e-3));
            assertThat(mip.get(ws[k])[1])
                    .as("energy at " + ws[k])
                    .isGreaterThanOrEqualTo(mip.get(ws[k - 1])[1] * (1 - 1e-3));
        }
        assertThat(mip.get("1.0")[0]).as("the front spans a trade-off").isLessThan(mip.get("0.0")[0]);
        assertThat(Files.readString(out.resolve("pareto.md"))).contains("| mip | 0.3 |", "| de | 1 |", "exact front");
    }

    @Test
    void paretoRefusesBadWeightsAndPromptsBesideIt(@TempDir Path tmp) {
        assertThat(run(
                        "bench",
                        "--scenario",
                        "tiny",
                        "--policies",
                        "local",
                        "--pareto",
                        "0,1.5",
                        "--out",
                        tmp.toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--pareto", "'1.5'");
        assertThat(run(
                        "bench",
                        "--scenario",
                        "tiny",
                        "--policies",
                        "local",
                        "--pareto",
                        "0.5,0.5",
                        "--out",
                        tmp.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("twice");
        assertThat(run(
                        "bench",
                        "--scenario",
                        "tiny",
                        "--policies",
                        "local",
                        "--pareto",
                        "--prompts",
                        "min-energy",
                        "--out",
                        tmp.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("leave out --prompts");
        assertThat(tmp.resolve("bench.csv")).doesNotExist();
    }

    @Test
    void unknownPolicyIsOneLineAndExitTwo(@TempDir Path tmp) {
        assertThat(run(
                        "bench",
                        "--scenario",
                        "tiny",
                        "--policies",
                        "local,nope",
                        "--reference",
                        "none",
                        "--out",
                        tmp.toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--policies", "'nope'");
        assertThat(tmp.resolve("bench.csv")).doesNotExist();
    }

    @Test
    void listNeedsNoOutButABenchDoes() {
        assertThat(run("bench", "--list")).isZero();
        assertThat(run("bench", "--scenario", "tiny", "--policies", "local", "--reference", "none"))
                .isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--out");
    }

    @Test
    void unknownPromptIsOneLineAndExitTwo(@TempDir Path tmp) {
        assertThat(run(
                        "bench",
                        "--scenario",
                        "tiny",
                        "--policies",
                        "local",
                        "--prompts",
                        "min-cost",
                        "--out",
                        tmp.toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--prompts", "min-cost");
    }

    @Test
    void noInstancesIsOneLineAndExitTwo(@TempDir Path tmp) {
        assertThat(run(
                        "bench",
                        "--scenario",
                        "tiny",
                        "--policies",
                        "local",
                        "--instances",
                        "0",
                        "--out",
                        tmp.toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--instances", "0");
    }

    @Test
    void badPolicyOptionIsOneLineAndExitTwo(@TempDir Path tmp) {
        assertThat(run(
                        "bench",
                        "--scenario",
                        "tiny",
                        "--policies",
                        "de",
                        "--reference",
                        "none",
                        "--option",
                        "de.population=1",
                        "--out",
                        tmp.resolve("x").toString(),
                        "--no-progress"))
                .isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("de.population");
        assertThat(tmp.resolve("x")).doesNotExist();
    }
}
