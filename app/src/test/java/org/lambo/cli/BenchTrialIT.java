package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lambo bench-trial} on a tiny sweep: one trial in one JVM, one whose UEs are split over two containers (three
 * JVMs), each measured from its own slot-times.csv into the CSV, the table and the plot.
 */
class BenchTrialIT {
    @TempDir
    Path dir;

    @Test
    void aTinySweepRunsEveryPointAsARealTrialAndWritesItsPercentilesAndPlot() throws Exception {
        Path out = dir.resolve("bench");
        int rc = Lambo.commandLine()
                .execute(
                        "bench-trial",
                        "--scenario",
                        "tiny",
                        "--ues",
                        "6",
                        "--jvms",
                        "1,3",
                        "--slots",
                        "3",
                        "--warmup",
                        "1",
                        "--policy",
                        "greedy",
                        "--heap",
                        "512m",
                        "--jvm-option=-XX:+PrintCommandLineFlags",
                        "--run-timeout-s",
                        "240",
                        "--out",
                        out.toString());
        assertThat(rc).isZero();
        List<String> csv = Files.readAllLines(out.resolve("bench-trial.csv"));
        assertThat(csv.get(0)).startsWith("ues,servers,jvms,slots,tasks,completed,p50_ms,p95_ms");
        assertThat(csv).hasSize(3);
        for (String row : csv.subList(1, 3)) {
            String[] f = row.split(",");
            assertThat(f[4]).as(row).isEqualTo("18"); // 3 slots of 6 tasks
            assertThat(f[5]).as(row).isEqualTo("18"); // all completed
            assertThat(Double.parseDouble(f[6])).as(row).isPositive(); // a median round trip, measured
            assertThat(f[13]).as(row).isEqualTo("ok");
        }
        assertThat(csv.get(1)).startsWith("6,2,1,3,");
        assertThat(csv.get(2)).startsWith("6,2,3,3,");
        // the three-JVM run's UEs came from two containers of three UEs each
        assertThat(Files.readString(out.resolve("logs/n6-j3-ues-0.log"))).contains("with 0 edge servers and 3 UEs");
        // --jvm-option reaches the trial's JVM and every container's
        assertThat(Files.readString(out.resolve("logs/n6-j3-trial.log"))).contains("-XX:+PrintCommandLineFlags");
        assertThat(Files.readString(out.resolve("logs/n6-j3-ues-1.log"))).contains("-XX:+PrintCommandLineFlags");
        assertThat(Files.readString(out.resolve("logs/n6-j3-ues-1.log"))).contains("with 0 edge servers and 3 UEs");
        assertThat(Files.readString(out.resolve("bench-trial.md"))).contains("| 6 | 2 | 3 |");
        assertThat(Files.size(out.resolve("round-trip.png"))).isPositive();
        assertThat(Files.readString(out.resolve("n6-j1/summary.md"))).contains("completed: 18, failed: 0");
    }

    @Test
    void aJvmOptionThatIsNotAnOptionIsRefusedNamingTheFlagAndTheValue() {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = Lambo.commandLine();
        cl.setErr(new java.io.PrintWriter(err, true));
        int rc = cl.execute(
                "bench-trial",
                "--ues",
                "6",
                "--jvm-option",
                "Xmx2g",
                "--out",
                dir.resolve("bad").toString());
        assertThat(rc).isNotZero();
        assertThat(err.toString()).contains("--jvm-option").contains("'Xmx2g'");
    }
}
