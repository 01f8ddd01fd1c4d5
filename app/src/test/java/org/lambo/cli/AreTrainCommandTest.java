package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.are.AreCheckpoint;
import org.lambo.are.AreTrainer;

class AreTrainCommandTest {
    private static CliTest.Result train(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "are-train",
                "--scenario",
                "tiny",
                "--pretrain-slots",
                "4",
                "--stream-slots",
                "6",
                "--validation",
                "3",
                "--eval-every",
                "3",
                "--epochs",
                "20",
                "--hidden",
                "16",
                "--expert",
                "min-latency=greedy,min-energy=mip",
                "--seed",
                "2",
                "--out",
                out.toString()));
        args.addAll(List.of(more));
        return CliTest.run(args.toArray(String[]::new));
    }

    @Test
    void trainsBothPromptsWritesTheCurveAndACheckpointThatBenchCanUse(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        CliTest.Result r = train(out);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("min-latency pretrain 20")
                .contains("min-energy stream 6")
                .contains("held-out gap to greedy");
        assertThat(out.resolve("run.json")).exists();
        assertThat(Files.readAllLines(out.resolve(AreTrainer.CSV)))
                .hasSize(1 + 2 * 3); // pretrain + 2 stream reports, per prompt
        AreCheckpoint ckpt = AreCheckpoint.read(out.resolve("checkpoint"));
        assertThat(ckpt.hidden()).containsExactly(16);
        assertThat(ckpt.entries()).hasSize(2).allSatisfy(e -> assertThat(e.slots())
                .isBetween(4L, 10L));

        CliTest.Result again = train(out);
        assertThat(again.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(again.err()).contains("already holds a checkpoint").doesNotContain("\tat ");

        CliTest.Result bench = CliTest.run(
                "bench",
                "--scenario",
                "tiny",
                "--policies",
                "are,greedy",
                "--instances",
                "3",
                "--no-progress",
                "--option",
                "are.checkpoint=" + out.resolve("checkpoint"),
                "--out",
                dir.resolve("bench").toString());
        assertThat(bench.code()).as(bench.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("bench").resolve("bench.csv")).stream()
                        .filter(l -> l.startsWith("are,")))
                .hasSize(3 * 2);
    }

    @Test
    void badFlagsAreOneLineAndExitTwoBeforeAnythingIsWritten(@TempDir Path dir) {
        for (String[] bad : List.of(
                new String[] {"--expert", "min-latency=are"},
                new String[] {"--expert", "min-latency=nope"},
                new String[] {"--expert", "fast=greedy"},
                new String[] {"--expert", "min-latency=greedy,min-latency=mip"},
                new String[] {"--hidden", "16,0"},
                new String[] {"--lr", "0"},
                new String[] {"--momentum", "1"},
                new String[] {"--pretrain-slots", "0"},
                new String[] {"--option", "mip.timeLimitS=soon"},
                new String[] {"--option", "are.hidden=8"})) {
            Path out = dir.resolve("x" + bad[1].hashCode());
            CliTest.Result r = train(out, bad);
            assertThat(r.code()).as(String.join(" ", bad) + ": " + r.err()).isEqualTo(Lambo.BAD_INPUT);
            assertThat(r.err()).doesNotContain("\tat ");
            assertThat(out.resolve("run.json")).as(String.join(" ", bad)).doesNotExist();
        }
    }
}
