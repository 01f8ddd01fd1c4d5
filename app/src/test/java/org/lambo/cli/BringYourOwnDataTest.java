package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.rng.Seeds;
import picocli.CommandLine;

/**
 * A small published-style data set, written here: 20 instances of 10 UEs and 3 servers with measured gains and no
 * positions (no g0, no path-loss exponent), a 1 s deadline that binds only offloading (local execution takes 0.95-1.05
 * s and is always allowed), and given labels with equal shares (f_j / n_j). It is benched from the file and its labels
 * evaluated through the command line, and the costs are checked against values computed here by hand from the data
 * set's own numbers, not through the project's CostModel.
 */
class BringYourOwnDataTest {
    static final int K = 20;
    static final int N = 10;
    static final int M = 3;
    static final double B = 1e6;
    static final double NOISE = 1e-12;
    static final double[] CPU = {1e10, 3e10, 5e10};
    static final double F_LOCAL = 1e9;
    static final double DEADLINE = 1.0;
    /**
     * The instance whose label puts every UE on server 1 (1 s of work each at f_1 / 10), so that some miss the
     * deadline.
     */
    static final int OVERLOADED = 19;

    @TempDir
    static Path dir;

    static Path instances;
    static Path labels;
    static final double[][] bits = new double[K][N];
    static final double[][] cycles = new double[K][N];
    static final double[][][] gain = new double[K][N][M];
    static final int[][] option = new int[K][N];

    @BeforeAll
    static void writeTheDataSet() throws Exception {
        ObjectMapper json = new ObjectMapper();
        RandomGenerator rng = Seeds.stream(2026, "byod-test");
        StringBuilder inst = new StringBuilder();
        StringBuilder lab = new StringBuilder();
        for (int k = 0; k < K; k++) {
            ObjectNode root = json.createObjectNode().put("schema", 1).put("id", "ds-" + k);
            root.putObject("channel").put("bandwidthHz", B).put("noiseW", NOISE);
            ArrayNode servers = root.putArray("servers");
            for (double f : CPU) servers.addObject().put("cpuHz", f);
            ArrayNode ues = root.putArray("ues");
            ArrayNode gains = root.putArray("gains");
            for (int i = 0; i < N; i++) {
                bits[k][i] = 1e6 * (0.95 + 0.1 * rng.nextDouble());
                cycles[k][i] = 1e9 * (0.95 + 0.1 * rng.nextDouble());
                ObjectNode u = ues.addObject()
                        .put("localCpuHz", F_LOCAL)
                        .put("localPowerW", 1.0)
                        .put("transmitPowerW", 1.0);
                u.putObject("task")
                        .put("bits", bits[k][i])
                        .put("cycles", cycles[k][i])
                        .put("deadlineS", DEADLINE)
                        .put("deadlineAppliesTo", "offload");
                ArrayNode row = gains.addArray();
                for (int j = 0; j < M; j++) {
                    gain[k][i][j] = Math.pow(10, -2 - 2 * rng.nextDouble()); // 1e-4 .. 1e-2, "measured"
                    row.add(gain[k][i][j]);
                }
                option[k][i] = k == OVERLOADED ? 1 : (i % 4 == 3 ? 0 : 1 + i % 4 % M);
            }
            inst.append(json.writeValueAsString(root)).append('\n');
            ObjectNode l = json.createObjectNode().put("label", "published").put("instance", "ds-" + k);
            ArrayNode o = l.putArray("options");
            for (int i = 0; i < N; i++) o.add(option[k][i]);
            l.put("shares", "equal");
            lab.append(json.writeValueAsString(l)).append('\n');
        }
        instances = dir.resolve("dataset.jsonl");
        labels = dir.resolve("labels.jsonl");
        Files.writeString(instances, inst);
        Files.writeString(labels, lab);
    }

    /** By hand: T_i and E_i of UE i of instance k under the label with equal shares. */
    static double[] byHand(int k, int i) {
        int o = option[k][i];
        if (o == 0) {
            double t = cycles[k][i] / F_LOCAL;
            return new double[] {t, 1.0 * t};
        }
        int onServer = 0;
        for (int q = 0; q < N; q++) if (option[k][q] == o) onServer++;
        double rate = B * Math.log(1 + 1.0 * gain[k][i][o - 1] / NOISE) / Math.log(2);
        double upload = bits[k][i] / rate;
        double compute = cycles[k][i] / (CPU[o - 1] / onServer);
        return new double[] {upload + compute, 1.0 * upload};
    }

    record Row(
            String policy,
            String prompt,
            String instance,
            double objective,
            double meanLatency,
            double energy,
            String gap,
            int violations) {}

    static List<Row> csv(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0))
                .isEqualTo("policy,prompt,instance,objective,mean_latency_s,total_energy_j,gap,violations,decide_ms");
        List<Row> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            out.add(new Row(
                    c[0],
                    c[1],
                    c[2],
                    Double.parseDouble(c[3]),
                    Double.parseDouble(c[4]),
                    Double.parseDouble(c[5]),
                    c[6],
                    Integer.parseInt(c[7])));
        }
        return out;
    }

    record Result(int code, String err) {}

    static Result run(String... args) {
        CommandLine cl = Lambo.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        return new Result(cl.execute(args), err.toString());
    }

    @Test
    void evaluatesTheLabelsWithTheCostsComputedByHand() throws Exception {
        Path out = dir.resolve("evaluate");
        Result r = run(
                "evaluate",
                "--instance",
                instances.toString(),
                "--decisions",
                labels.toString(),
                "--out",
                out.toString(),
                "--no-progress");
        assertThat(r.code())
                .as("exit 1: the overloaded label breaks deadlines\n" + r.err())
                .isEqualTo(1);
        assertThat(r.err()).contains("published on ds-" + OVERLOADED, "DEADLINE");
        List<Row> rows = csv(out.resolve("bench.csv"));
        assertThat(rows).hasSize(2 * K);
        Map<String, Row> latency = new HashMap<>();
        Map<String, Row> energy = new HashMap<>();
        for (Row row : rows) (row.prompt().equals("min-latency") ? latency : energy).put(row.instance(), row);
        for (int k = 0; k < K; k++) {
            double sumT = 0;
            double sumE = 0;
            int late = 0;
            for (int i = 0; i < N; i++) {
                double[] te = byHand(k, i);
                sumT += te[0];
                sumE += te[1];
                if (option[k][i] != 0 && te[0] > DEADLINE)
                    late++; // a local UE past 1 s is allowed: the deadline binds offloading only
            }
            Row l = latency.get("ds-" + k);
            Row e = energy.get("ds-" + k);
            assertThat(l.objective()).as("L of ds-%d", k).isCloseTo(sumT, within(1e-9 * sumT));
            assertThat(l.meanLatency()).isCloseTo(sumT / N, within(1e-9 * sumT));
            assertThat(e.objective()).as("E of ds-%d", k).isCloseTo(sumE, within(1e-9 * sumE));
            assertThat(l.violations()).as("violations of ds-%d", k).isEqualTo(late);
            assertThat(l.gap()).isEmpty(); // no reference asked for
            if (k == OVERLOADED)
                assertThat(late)
                        .as("the overloaded label must be late somewhere")
                        .isPositive();
            else assertThat(late).isZero();
        }
        // some local UEs take over the 1 s limit, and count as no violation
        boolean slowLocal = false;
        for (int k = 0; k < K; k++)
            for (int i = 0; i < N; i++) slowLocal |= option[k][i] == 0 && cycles[k][i] / F_LOCAL > DEADLINE;
        assertThat(slowLocal).isTrue();
        assertThat(Files.readString(out.resolve("bench.md")))
                .contains("Instances from `dataset.jsonl` (N = 10, M = 3), 20 instances", "| published (invalid) |");
    }

    @Test
    void benchesTheFileAndComparesTheLabelsWithMip() throws Exception {
        Path bench = dir.resolve("bench");
        Result b = run(
                "bench",
                "--instances",
                instances.toString(),
                "--policies",
                "mip,greedy,local",
                "--reference",
                "mip",
                "--option",
                "mip.gap=1e-3",
                "--out",
                bench.toString(),
                "--no-progress");
        assertThat(b.code()).as(b.err()).isZero();
        for (String f : new String[] {
            "bench.csv",
            "bench.md",
            "reference.csv",
            "min-latency.png",
            "min-energy.png",
            "decide-ms.png",
            "gap.png",
            "run.json"
        }) {
            assertThat(bench.resolve(f)).as(f).isNotEmptyFile();
        }
        List<Row> rows = csv(bench.resolve("bench.csv"));
        assertThat(rows).hasSize(K * 3 * 2);
        Map<String, Double> mipLatency = new HashMap<>();
        for (Row row : rows) {
            assertThat(row.violations()).as(row.toString()).isZero();
            int k = Integer.parseInt(row.instance().substring(3));
            if (row.policy().equals("local")) {
                double t = 0;
                for (int i = 0; i < N; i++) t += cycles[k][i] / F_LOCAL;
                assertThat(row.objective()).isCloseTo(t, within(1e-9 * t)); // local energy = P_L x time, P_L = 1 W
            }
            if (row.policy().equals("mip") && row.prompt().equals("min-latency"))
                mipLatency.put(row.instance(), row.objective());
        }

        Path eval = dir.resolve("evaluate-vs-mip");
        Result e = run(
                "evaluate",
                "--instance",
                instances.toString(),
                "--decisions",
                labels.toString(),
                "--prompts",
                "min-latency",
                "--reference",
                "mip",
                "--option",
                "mip.gap=1e-3",
                "--out",
                eval.toString(),
                "--no-progress");
        assertThat(e.code()).as(e.err()).isEqualTo(1);
        for (Row row : csv(eval.resolve("bench.csv"))) {
            double m = mipLatency.get(row.instance());
            assertThat(Double.parseDouble(row.gap()))
                    .as(row.instance())
                    .isCloseTo((row.objective() - m) / m, within(1e-12));
            if (row.violations() == 0) {
                // a valid label cannot beat the optimum: mip's UB is within mip.gap (1e-3) of it
                assertThat(row.objective()).as(row.instance()).isGreaterThanOrEqualTo(m * (1 - 2e-3));
            }
        }
    }

    @Test
    void theBestShareRuleIsTheWaterFilledOneAndNeverSlowerThanEqualShares() throws Exception {
        Path best = dir.resolve("best.jsonl");
        Files.writeString(
                best, Files.readString(labels).replace("\"equal\"", "\"best\"").replace("published", "water"));
        Path both = dir.resolve("both.jsonl");
        Files.writeString(both, Files.readString(labels) + Files.readString(best));
        Path out = dir.resolve("evaluate-both");
        Result r = run(
                "evaluate",
                "--instance",
                instances.toString(),
                "--decisions",
                both.toString(),
                "--prompts",
                "min-latency",
                "--out",
                out.toString(),
                "--no-progress");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        Map<String, Row> equal = new HashMap<>();
        Map<String, Row> water = new HashMap<>();
        for (Row row : csv(out.resolve("bench.csv")))
            (row.policy().equals("published") ? equal : water).put(row.instance(), row);
        for (int k = 0; k < K; k++) {
            Row w = water.get("ds-" + k);
            Row q = equal.get("ds-" + k);
            if (k == OVERLOADED)
                continue; // its minimum shares overfill server 1: scored with equal shares, violations named
            assertThat(w.violations()).isZero();
            assertThat(w.objective()).as("ds-%d", k).isLessThanOrEqualTo(q.objective() * (1 + 1e-12));
            // energy does not depend on the shares
        }
        assertThat(water.get("ds-" + OVERLOADED).violations()).isPositive();
    }
}
