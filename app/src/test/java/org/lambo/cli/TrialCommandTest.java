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

class TrialCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Lambo.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void aTrialWritesItsRunFolder() throws Exception {
        Path out = dir.resolve("run");
        assertThat(run("trial", "--scenario", "tiny", "--slots", "2", "--out", out.toString(), "--policy", "local", "--seed", "3", "--compare", "mip")).isZero();
        for (String f : List.of("slots.csv", "summary.md", "latency.png", "energy.png", "split.png", "gap.png", "gap.csv", "scenario.yaml", "run.json",
                "jade/APDescription.txt")) {
            assertThat(out.resolve(f)).isRegularFile();
        }
        assertThat(Files.readAllLines(out.resolve("slots.csv"))).hasSize(1 + 2 * 6);
        assertThat(Files.readString(out.resolve("run.json"))).contains("\"command\" : \"trial\"").contains("\"seed\" : 3");
        assertThat(Files.readString(out.resolve("summary.md"))).contains("completed: 12, failed: 0").contains("## Gap to mip").contains("over 2 of 2 slots");
    }

    @Test
    void badInputIsOneLineNamingTheFlag() {
        assertThat(run("trial", "--scenario", "tiny", "--out", dir.resolve("a").toString(), "--policy", "no-such-policy")).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("unknown policy 'no-such-policy'").doesNotContain("Exception");
        assertThat(dir.resolve("a")).as("nothing is written for a bad command").doesNotExist();
        assertThat(run("trial", "--scenario", "tiny", "--out", dir.resolve("e").toString(), "--policy", "local", "--compare", "oracle")).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--compare").contains("unknown policy 'oracle'");
        assertThat(run("trial", "--scenario", "tiny", "--out", dir.resolve("b").toString(), "--policy", "local", "--slots", "0")).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--slots").contains("got 0");
        assertThat(run("trial", "--scenario", "tiny", "--out", dir.resolve("c").toString(), "--policy", "local", "--prompt", "fastest")).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--prompt").contains("fastest");
        assertThat(run("trial", "--scenario", "tiny", "--out", dir.resolve("d").toString(), "--policy", "local", "--collect-ms", "9000", "--decision-ms", "100"))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("decisionMs (100) must be at least collectMs + serverMs");
    }

    @Test
    void badOnlineAlefFlagsNameTheFlag() {
        assertThat(run("trial", "--scenario", "tiny", "--out", dir.resolve("h").toString(), "--policy", "local", "--online-alef"))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--online-alef").contains("needs --policy aed, got 'local'").doesNotContain("Exception");
        assertThat(run("trial", "--scenario", "tiny", "--out", dir.resolve("i").toString(), "--online-alef", "--alef-batch", "0"))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--alef-batch").contains("got 0");
        assertThat(run("trial", "--scenario", "tiny", "--out", dir.resolve("j").toString(), "--online-alef", "--alef-entropy", "-0.5"))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--alef-entropy").contains("got -0.5");
        assertThat(run("trial", "--scenario", "tiny", "--out", dir.resolve("k").toString(), "--online-alef", "--alef-expert", "oracle"))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--alef-expert").contains("unknown policy 'oracle'");
        assertThat(dir.resolve("h")).doesNotExist();
    }

    @Test
    void aTrialWithEmulatedDevicesRecordsMeasuredCosts() throws Exception {
        Path devices = dir.resolve("devices");
        Files.writeString(devices, "# id role\nedge-1 server\npi-0 ue\n");
        Path out = dir.resolve("dev");
        assertThat(run("trial", "--scenario", "tiny", "--slots", "2", "--out", out.toString(), "--policy", "greedy",
                "--collect-ms", "4000", "--decision-ms", "15000", "--server-ms", "6000",
                "--devices", devices.toString(), "--emulate-devices", "--device-scale", "1e-4")).as(err.toString()).isZero();
        assertThat(Files.readAllLines(out.resolve("slots.csv")).get(0)).endsWith(",measured");
        assertThat(Files.readString(out.resolve("summary.md"))).contains("completed: 12, failed: 0", "| edge-1 | server 1 | online (connected) |",
                "## Sim-to-real error");
    }

    @Test
    void badDeviceFlagsNameTheFlag() throws Exception {
        Path devices = dir.resolve("devices");
        Files.writeString(devices, "edge-1 server\n");
        assertThat(run("trial", "--scenario", "tiny", "--out", dir.resolve("e").toString(), "--policy", "local", "--emulate-devices"))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--devices").contains("is required with --broker or --emulate-devices");
        assertThat(run("trial", "--scenario", "tiny", "--out", dir.resolve("f").toString(), "--policy", "local", "--devices", devices.toString(),
                "--broker", "http://nowhere")).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--broker").contains("tcp://host:1883");
        assertThat(run("trial", "--scenario", "tiny", "--out", dir.resolve("g").toString(), "--policy", "local", "--devices", devices.toString(),
                "--device-scale", "2")).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("device scale must be in (0, 1], got 2.0");
        assertThat(dir.resolve("g")).doesNotExist();
        assertThat(run("trial", "--scenario", "tiny", "--out", dir.resolve("h").toString(), "--policy", "local", "--devices", devices.toString(),
                "--device-lost-grace-ms", "-1")).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--device-lost-grace-ms").contains("must be in [0, 600000], got -1");
        assertThat(run("trial", "--scenario", "tiny", "--out", dir.resolve("i").toString(), "--policy", "local", "--devices", devices.toString(),
                "--device-testbed", "t".repeat(52))).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("the bridge's client id");
        assertThat(dir.resolve("h")).doesNotExist();
        assertThat(run("trial", "--scenario", "tiny", "--out", dir.resolve("j").toString(), "--policy", "local", "--devices", devices.toString(),
                "--remote", "servers")).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("server devices need their server agents in the main container");
    }
}
