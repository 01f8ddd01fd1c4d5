package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.bench.InstanceSet;
import org.lambo.mec.Instance;
import org.lambo.scenario.FamilyLoader;
import org.lambo.scenario.ScenarioFamily;
import picocli.CommandLine;

/** lambo generate, bench and train on a scenario family (configs/family-*.yaml) and its held-out test grid. */
class FamilyCommandsTest {
    private static final String TINY_MODEL = "name: cli-tiny\ndModel: 8\nheads: 2\nencoderLayers: 1\nffHidden: 8\n";

    private static int run(StringWriter err, String... args) {
        CommandLine cl = Lambo.commandLine();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    @Test
    void generateWritesDrawsOfTheFamilyAndItsTestGrid(@TempDir Path dir) {
        Path draws = dir.resolve("draws.jsonl");
        assertThat(run(
                        new StringWriter(),
                        "generate",
                        "--scenario",
                        "family-small",
                        "--instances",
                        "12",
                        "--seed",
                        "5",
                        "--out",
                        draws.toString()))
                .isZero();
        List<Instance> slots = InstanceSet.read(draws).instances();
        assertThat(slots).hasSize(12);
        assertThat(slots.stream().map(i -> i.n() + "x" + i.m()).distinct().count())
                .isGreaterThan(3);
        assertThat(slots).allSatisfy(i -> assertThat(i.n()).isBetween(5, 30));

        Path grid = dir.resolve("grid.jsonl");
        assertThat(run(
                        new StringWriter(),
                        "generate",
                        "--scenario",
                        "family-small",
                        "--test-grid",
                        "--out",
                        grid.toString()))
                .isZero();
        ScenarioFamily f = FamilyLoader.loadFamily("family-small");
        List<Instance> held = InstanceSet.read(grid).instances();
        assertThat(held).hasSize(f.test().cells().size() * f.test().instances());
        assertThat(held).anySatisfy(i -> assertThat(i.n()).isEqualTo(40)); // a cell beyond the training range
        assertThat(held.stream().map(Instance::id))
                .doesNotContainAnyElementsOf(slots.stream().map(Instance::id).toList());
    }

    @Test
    void theTestGridsSeedIsRefusedForDrawsAndAGridNeedsAFamily(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        assertThat(run(
                        err,
                        "generate",
                        "--scenario",
                        "family-small",
                        "--seed",
                        "90001",
                        "--out",
                        dir.resolve("x.jsonl").toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString())
                .contains("--seed")
                .contains("90001")
                .contains("--test-grid")
                .doesNotContain("Exception");
        err = new StringWriter();
        assertThat(run(
                        err,
                        "generate",
                        "--scenario",
                        "paper",
                        "--test-grid",
                        "--out",
                        dir.resolve("y.jsonl").toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--test-grid").contains("family");
        err = new StringWriter();
        assertThat(run(
                        err,
                        "bench",
                        "--scenario",
                        "paper",
                        "--test-grid",
                        "--out",
                        dir.resolve("b").toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--test-grid");
        err = new StringWriter();
        assertThat(run(
                        err,
                        "trial",
                        "--scenario",
                        "family-small",
                        "--slots",
                        "1",
                        "--out",
                        dir.resolve("t").toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("family").doesNotContain("Exception");
    }

    @Test
    void benchRunsAPolicyOnTheHeldOutGrid(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench");
        StringWriter err = new StringWriter();
        assertThat(run(
                        err,
                        "bench",
                        "--scenario",
                        "family-small",
                        "--test-grid",
                        "--policies",
                        "greedy,local",
                        "--reference",
                        "none",
                        "--prompts",
                        "min-energy",
                        "--out",
                        out.toString(),
                        "--no-progress"))
                .as(err.toString())
                .isZero();
        String csv = Files.readString(out.resolve("bench.csv"));
        assertThat(csv).contains("family-small-n40-m5").contains("family-small-n20-m3-are");
    }

    @Test
    void trainsOverAFamilyWithTheGreedyBaselineAndStartsAgainFromASnapshot(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("tiny.yaml");
        Files.writeString(model, TINY_MODEL);
        Path out = dir.resolve("run");
        StringWriter err = new StringWriter();
        assertThat(run(
                        err,
                        TrainArgs.tiny("family-small", model, out)
                                .with("--batch", 4)
                                .with("--baseline", "greedy")
                                .with("--advantage-norm", "instance")
                                .with("--validation", 3)
                                .with("--eval-every", 1)
                                .array()))
                .as(err.toString())
                .isZero();
        assertThat(out.resolve("snapshots/step-000000/aed.params"))
                .as("the starting weights are kept")
                .isNotEmptyFile();
        String meta = Files.readString(out.resolve("checkpoint/aed.json"));
        assertThat(meta)
                .contains("\"baseline\" : \"greedy\"")
                .contains("\"normalisation\" : \"instance\"")
                .contains("\"scenario\" : \"family-small\"");

        Path again = dir.resolve("again");
        assertThat(run(
                        err,
                        TrainArgs.tiny("family-small", model, again)
                                .with("--steps", 1)
                                .with("--batch", 4)
                                .with("--init", out.resolve("snapshots/step-000000"))
                                .with("--validation", 2)
                                .array()))
                .as(err.toString())
                .isZero();
        assertThat(Files.readString(again.resolve("run.json"))).contains("--init");
    }

    @Test
    void badTrainingFlagsAreNamedWithTheirValue(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        assertThat(run(err, "train", "--baseline", "median", "--out", dir.toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--baseline").contains("median").doesNotContain("Exception");
        err = new StringWriter();
        assertThat(run(err, "train", "--baseline", "shared", "--out", dir.toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--samples");
        err = new StringWriter();
        assertThat(run(err, "train", "--advantage-norm", "zscore", "--out", dir.toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--advantage-norm").contains("zscore");
        err = new StringWriter();
        assertThat(run(err, "train", "--validation", "0", "--out", dir.toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--validation").contains("got 0");
        err = new StringWriter();
        assertThat(run(
                        err,
                        "train",
                        "--init",
                        dir.resolve("nowhere").toString(),
                        "--out",
                        dir.resolve("o").toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--init").contains("nowhere");
        err = new StringWriter();
        assertThat(run(
                        err,
                        "train",
                        "--scenario",
                        "family-small",
                        "--seed",
                        "90001",
                        "--out",
                        dir.resolve("p").toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--seed").contains("90001").contains("test grid");
    }
}
