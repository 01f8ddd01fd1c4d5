package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.droo.DrooCheckpoint;
import org.lambo.droo.DrooCurve;
import org.lambo.mec.Prompt;

class DrooTrainCommandTest {
    private static CliTest.Result train(Path out, String frames, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "droo-train",
                "--scenario",
                "tiny",
                "--frames",
                frames,
                "--eval-every",
                "20",
                "--validation",
                "5",
                "--seed",
                "3",
                "--out",
                out.toString(),
                "--no-progress",
                "--option",
                "droo.hidden=16"));
        args.addAll(List.of(more));
        return CliTest.run(args.toArray(String[]::new));
    }

    @Test
    void trainsWritesTheCurveAndACheckpointThatResumesAndThatBenchCanUse(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        CliTest.Result r = train(out, "40", "--worlds", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("frame 40 min-latency")
                .contains("frame 40 min-energy")
                .contains("held-out gap");
        assertThat(out.resolve("run.json")).exists();
        assertThat(out.resolve(DrooCurve.PNG)).exists();
        assertThat(Files.readAllLines(out.resolve(DrooCurve.CSV))).hasSize(1 + 2 * 2); // header, 2 reports x 2 prompts
        DrooCheckpoint ckpt = DrooCheckpoint.read(out.resolve("checkpoint"));
        assertThat(ckpt.entries()).hasSize(2).allSatisfy(e -> assertThat(e.frames())
                .isEqualTo(40));
        assertThat(ckpt.find(Prompt.MIN_ENERGY, 6, 2)).isPresent();

        CliTest.Result again = train(out, "60");
        assertThat(again.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(again.err()).contains("--resume").doesNotContain("\tat ");

        CliTest.Result resumed = train(out, "60", "--worlds", "2", "--resume");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resuming from frame 40").contains("frame 60 min-latency");
        assertThat(DrooCheckpoint.read(out.resolve("checkpoint")).entries())
                .allSatisfy(e -> assertThat(e.frames()).isEqualTo(60));
        assertThat(Files.readAllLines(out.resolve(DrooCurve.CSV))).hasSize(1 + 3 * 2);

        CliTest.Result bench = CliTest.run(
                "bench",
                "--scenario",
                "tiny",
                "--policies",
                "droo,greedy",
                "--instances",
                "3",
                "--no-progress",
                "--option",
                "droo.checkpoint=" + out.resolve("checkpoint"),
                "--out",
                dir.resolve("bench").toString());
        assertThat(bench.code()).as(bench.err()).isZero();
        List<String> rows = Files.readAllLines(dir.resolve("bench").resolve("bench.csv"));
        assertThat(rows.stream().filter(l -> l.contains("droo"))).hasSize(3 * 2); // 3 instances x 2 prompts
    }

    @Test
    void badFlagsAreOneLineAndExitTwo(@TempDir Path dir) {
        CliTest.Result frames = train(dir.resolve("a"), "0");
        assertThat(frames.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(frames.err()).contains("--frames").contains("got 0").doesNotContain("\tat ");
        CliTest.Result option = train(dir.resolve("b"), "10", "--option", "droo.lr=fast");
        assertThat(option.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(option.err()).contains("droo.lr").contains("fast").doesNotContain("\tat ");
        CliTest.Result learn = train(dir.resolve("c"), "10", "--option", "droo.learn=false");
        assertThat(learn.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(learn.err()).contains("droo.learn").doesNotContain("\tat ");
        CliTest.Result worlds = train(dir.resolve("e"), "10", "--worlds", "0");
        assertThat(worlds.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(worlds.err()).contains("--worlds").contains("got 0").doesNotContain("\tat ");
        CliTest.Result resume = train(dir.resolve("d"), "10", "--resume");
        assertThat(resume.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(resume.err()).contains("no checkpoint").doesNotContain("\tat ");
    }
}
