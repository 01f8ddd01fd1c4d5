package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {
    private static final String TINY_MODEL = "name: cli-tiny\ndModel: 8\nheads: 2\nencoderLayers: 1\nffHidden: 8\n";

    private static int run(StringWriter err, String... args) {
        CommandLine cl = Lambo.commandLine();
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void anUnknownModelSizeIsABadInputNamingIt(@TempDir Path out) {
        StringWriter err = new StringWriter();
        assertThat(run(err, "train", "--model", "lambo-xl", "--out", out.toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("lambo-xl").contains("lambo-s").doesNotContain("Exception");
    }

    @Test
    void aBadFlagIsNamedWithItsValue(@TempDir Path out) {
        StringWriter err = new StringWriter();
        assertThat(run(err, "train", "--batch", "1", "--out", out.toString())).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--batch").contains("got 1").doesNotContain("Exception");
    }

    @Test
    void trainsCheckpointsAndResumes(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("tiny.yaml");
        Files.writeString(model, TINY_MODEL);
        Path out = dir.resolve("run");
        String[] args =
                TrainArgs.tiny("tiny", model, out).with("--eval-every", 1).array();
        assertThat(run(new StringWriter(), args)).isEqualTo(0);
        assertThat(out.resolve("checkpoint/aed.params")).isNotEmptyFile();
        assertThat(out.resolve("learning-curve.csv")).isNotEmptyFile();
        assertThat(out.resolve("run.json")).isNotEmptyFile();

        StringWriter err = new StringWriter();
        assertThat(run(err, args))
                .as("a second run into the same folder needs --resume")
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--resume");

        // resumed without --reference: the checkpoint's reference is kept
        String[] resumed = TrainArgs.tiny("tiny", model, out)
                .with("--eval-every", 1)
                .with("--steps", 3)
                .without("--reference")
                .flag("--resume")
                .array();
        assertThat(run(new StringWriter(), resumed)).isEqualTo(0);
        assertThat(Files.readAllLines(out.resolve("learning-curve.csv"))).hasSize(4);
        assertThat(Files.readString(out.resolve("checkpoint/aed.json"))).contains("\"reference\" : \"local\"");
    }

    @Test
    void aBadImitationIsNamedWithItsValue(@TempDir Path out) {
        StringWriter err = new StringWriter();
        assertThat(run(err, "train", "--imitate", "min-energy=nosuch", "--out", out.toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString())
                .contains("--imitate")
                .contains("nosuch")
                .contains("mip")
                .doesNotContain("Exception");
        err = new StringWriter();
        assertThat(run(err, "train", "--imitate", "fastest=mip", "--out", out.toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--imitate").contains("fastest").doesNotContain("Exception");
        err = new StringWriter();
        assertThat(run(err, "train", "--imitate", "mip", "--out", out.toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("PROMPT=EXPERT");
        err = new StringWriter();
        assertThat(run(
                        err,
                        "train",
                        "--imitate",
                        "min-energy=mip",
                        "--option",
                        "mip.timeLimitSecs=3",
                        "--out",
                        out.toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("mip.timeLimitSecs");
        err = new StringWriter();
        assertThat(run(err, "train", "--option", "de.timeLimitMs=200", "--out", out.toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString())
                .contains("--option")
                .contains("de.timeLimitMs=200")
                .contains("--imitate");
        err = new StringWriter();
        assertThat(run(err, "train", "--samples", "0", "--out", out.toString())).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--samples").contains("got 0");
    }

    @Test
    void aWarmStartFromExpertLabelsIsRecordedInTheCheckpoint(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("tiny.yaml");
        Files.writeString(model, TINY_MODEL);
        Path out = dir.resolve("run");
        StringWriter err = new StringWriter();
        CommandLine cl = Lambo.commandLine();
        cl.setErr(new PrintWriter(err));
        StringWriter outText = new StringWriter();
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        int rc;
        try {
            rc = cl.execute(warmStart(model, out)
                    .with("--steps", 1)
                    .with("--samples", 2)
                    .array());
        } finally {
            System.setOut(saved);
        }
        String printed = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(rc).as(err + printed).isZero();
        assertThat(printed)
                .contains("imitation epoch 2")
                .contains("warm start: 8 labels")
                .contains("step 0: starting weights, gap vs local")
                .contains("step 1: cost L ")
                .doesNotContain("NaN");
        String meta = Files.readString(out.resolve("checkpoint/aed.json"));
        assertThat(meta)
                .contains("\"imitation\"")
                .contains("\"min-latency\" : \"exhaustive\"")
                .contains("\"samples\" : 2");
        assertThat(out.resolve("snapshots/step-000001/aed.params")).isNotEmptyFile();
        assertThat(Files.readAllLines(out.resolve("imitation.csv")))
                .hasSize(3)
                .first()
                .asString()
                .startsWith("epoch,loss");
    }

    @Test
    void aWeightedRunLabelsEveryWeightAndResumesWithTheRecordedPrompts(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("tiny.yaml");
        Files.writeString(model, TINY_MODEL);
        Path out = dir.resolve("run");
        String[] args = TrainArgs.tiny("tiny", model, out)
                .with("--steps", 1)
                .with("--batch", 4)
                .with("--prompts", "weights:3")
                .with("--imitate", "weighted=greedy")
                .with("--imitation-slots", 2)
                .with("--imitation-epochs", 1)
                .array();
        StringWriter err = new StringWriter();
        assertThat(quietly(err, args)).as(err.toString()).isZero();
        // the expert labelled every slot under every weight of --prompts (greedy is weighted)
        List<String> labels = Files.readAllLines(out.resolve("imitation/labels.jsonl"));
        assertThat(labels).hasSize(6);
        for (String w : List.of("weighted:0", "weighted:0.5", "weighted:1"))
            assertThat(labels.stream().filter(l -> l.contains("\"prompt\":\"" + w + "\"")))
                    .as(w)
                    .hasSize(2);
        assertThat(Files.readString(out.resolve("run.json"))).contains("\"--prompts\"", "\"weights:3\"");
        assertThat(AedModelMeta.read(out).path("training").path("prompts").asText())
                .isEqualTo("weights:3");

        // a contradicting --prompts is refused naming both; the same prompts spelt otherwise are accepted
        err = new StringWriter();
        assertThat(quietly(err, "train", "--resume", out.toString(), "--prompts", "named"))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--prompts").contains("named").contains("weights:3");
        err = new StringWriter();
        assertThat(quietly(
                        err,
                        TrainArgs.resume(out)
                                .with("--prompts", "WEIGHTS:3")
                                .with("--steps", 2)
                                .array()))
                .as(err.toString())
                .isZero();
        assertThat(AedModelMeta.read(out).get("step").asLong()).isEqualTo(2);
        assertThat(AedModelMeta.read(out).path("training").path("prompts").asText())
                .isEqualTo("weights:3");
        assertThat(Files.readAllLines(out.resolve("imitation/labels.jsonl"))).isEqualTo(labels);

        // stopped after 4 of its 6 weighted labels: resumed from its run.json alone, it labels the same weights
        Path cut = dir.resolve("cut");
        Files.createDirectories(cut.resolve("imitation"));
        Files.copy(out.resolve("run.json"), cut.resolve("run.json"));
        Files.write(cut.resolve("imitation/labels.jsonl"), labels.subList(0, 4));
        err = new StringWriter();
        assertThat(quietly(err, TrainArgs.resume(cut).array()))
                .as(err.toString())
                .isZero();
        assertThat(Files.readAllLines(cut.resolve("imitation/labels.jsonl"))).isEqualTo(labels);
        assertThat(AedModelMeta.read(cut).path("training").path("prompts").asText())
                .isEqualTo("weights:3");
    }

    @Test
    void weightedLabelsNeedWeightedPromptsAndBadPromptsAreNamed(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        assertThat(quietly(
                        err,
                        "train",
                        "--scenario",
                        "tiny",
                        "--imitate",
                        "weighted=greedy",
                        "--out",
                        dir.resolve("a").toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString())
                .contains("--imitate")
                .contains("weighted=greedy")
                .contains("--prompts is named");
        err = new StringWriter();
        assertThat(quietly(
                        err,
                        "train",
                        "--scenario",
                        "tiny",
                        "--prompts",
                        "weights:1",
                        "--out",
                        dir.resolve("b").toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--prompts").contains("weights:1").doesNotContain("Exception");
        err = new StringWriter();
        assertThat(quietly(
                        err,
                        "train",
                        "--scenario",
                        "tiny",
                        "--prompts",
                        "0,0.5",
                        "--imitate",
                        "weighted=nosuch",
                        "--out",
                        dir.resolve("c").toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("nosuch");
        assertThat(dir.resolve("a")).doesNotExist();
        assertThat(dir.resolve("b")).doesNotExist();
    }

    /** The meta data of a run folder's checkpoint. */
    private static final class AedModelMeta {
        static com.fasterxml.jackson.databind.JsonNode read(Path out) throws java.io.IOException {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(out.resolve("checkpoint/aed.json").toFile());
        }
    }

    /** A tiny run whose warm start imitates exhaustive (min-latency) and greedy (min-energy) on 4 slots, 2 epochs. */
    private static TrainArgs warmStart(Path model, Path out) {
        return TrainArgs.tiny("tiny", model, out)
                .with("--imitate", "min-latency=exhaustive,min-energy=greedy")
                .with("--imitation-slots", 4)
                .with("--imitation-epochs", 2);
    }

    private static int quietly(StringWriter err, String... args) {
        java.io.PrintStream saved = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            return run(err, args);
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void aWarmStartStoppedWhileLabellingResumesFromItsFolderToTheUninterruptedRun(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("tiny.yaml");
        Files.writeString(model, TINY_MODEL);
        Path whole = dir.resolve("whole");
        StringWriter err = new StringWriter();
        assertThat(quietly(err, warmStart(model, whole).array()))
                .as(err.toString())
                .isZero();
        Path labels = whole.resolve("imitation/labels.jsonl");
        assertThat(Files.readAllLines(labels)).hasSize(8);
        assertThat(whole.resolve("imitation/epoch-002/aed.params")).isNotEmptyFile();

        // what a run killed after its 3rd label leaves: run.json (written first) and 3 synced label lines
        Path cut = dir.resolve("cut");
        Files.createDirectories(cut.resolve("imitation"));
        Files.copy(whole.resolve("run.json"), cut.resolve("run.json"));
        Files.write(
                cut.resolve("imitation/labels.jsonl"),
                Files.readAllLines(labels).subList(0, 3));

        err = new StringWriter();
        assertThat(quietly(err, "train", "--out", cut.toString(), "--no-progress"))
                .as("a folder with a warm start in it needs --resume")
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--resume");

        // resumed with no flag but the folder: the recorded arguments (experts, slots, epochs, seed...) rule
        err = new StringWriter();
        assertThat(quietly(err, TrainArgs.resume(cut).array()))
                .as(err.toString())
                .isZero();
        assertThat(Files.readString(cut.resolve("imitation/labels.jsonl"))).isEqualTo(Files.readString(labels));
        // The same training, to within float noise: PyTorch's CPU kernels may sum in another order when a second run
        // in the same JVM gets its buffers at other addresses (seen in CI: losses equal to 1e-4, decisions equal).
        // Bit-identical resumes from an epoch snapshot are shown in-process by ImitationResumeTest.
        List<String> resumed = Files.readAllLines(cut.resolve("imitation.csv"));
        List<String> uninterrupted = Files.readAllLines(whole.resolve("imitation.csv"));
        assertThat(resumed).hasSameSizeAs(uninterrupted);
        assertThat(resumed.get(0)).isEqualTo(uninterrupted.get(0));
        for (int row = 1; row < resumed.size(); row++) {
            String[] a = resumed.get(row).split(",");
            String[] b = uninterrupted.get(row).split(",");
            assertThat(a).hasSameSizeAs(b);
            assertThat(a[0]).as("epoch").isEqualTo(b[0]);
            for (int c = 1; c < a.length; c++) {
                double x = Double.parseDouble(a[c]);
                double y = Double.parseDouble(b[c]);
                assertThat(x)
                        .as("imitation.csv row %d column %d", row, c)
                        .isCloseTo(y, within(1e-3 * Math.max(1, Math.abs(y))));
            }
        }
        assertThat(cut.resolve("imitation/epoch-002/aed.params")).isNotEmptyFile();
        assertThat(Files.size(cut.resolve("checkpoint/aed.params")))
                .as("the same model after ACRL")
                .isEqualTo(Files.size(whole.resolve("checkpoint/aed.params")));
        assertThat(Files.readString(cut.resolve("checkpoint/aed.json"))).contains("\"imitation\"");
    }

    @Test
    void aResumeWhoseFlagContradictsTheRecordIsRefusedNamingTheFlagAndBothValues(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("tiny.yaml");
        Files.writeString(model, TINY_MODEL);
        Path out = dir.resolve("run");
        StringWriter err = new StringWriter();
        assertThat(quietly(err, warmStart(model, out).array()))
                .as(err.toString())
                .isZero();
        byte[] before = Files.readAllBytes(out.resolve("checkpoint/aed.params"));

        err = new StringWriter();
        assertThat(quietly(err, "train", "--resume", out.toString(), "--lr", "0.5"))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString())
                .contains("--lr")
                .contains("0.5")
                .contains("1.0E-4")
                .doesNotContain("Exception");
        err = new StringWriter();
        assertThat(quietly(err, "train", "--resume", out.toString(), "--imitate", "min-latency=greedy"))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString())
                .contains("--imitate")
                .contains("min-latency=greedy")
                .contains("min-latency=exhaustive,min-energy=greedy");
        err = new StringWriter();
        assertThat(quietly(err, "train", "--resume", out.toString(), "--imitation-epochs", "3"))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--imitation-epochs").contains("3").contains("2");
        assertThat(Files.readAllBytes(out.resolve("checkpoint/aed.params")))
                .as("a refused resume changes nothing")
                .isEqualTo(before);

        // the same values given again, and a new total of steps, are accepted: ACRL goes on from its checkpoint
        err = new StringWriter();
        assertThat(quietly(
                        err,
                        TrainArgs.resume(out)
                                .with("--seed", 4)
                                .with("--imitation-slots", 4)
                                .with("--imitate", "min-energy=greedy,min-latency=exhaustive")
                                .with("--steps", 3)
                                .array()))
                .as(err.toString())
                .isZero();
        assertThat(Files.readString(out.resolve("checkpoint/aed.json"))).contains("\"step\" : 3");
        assertThat(Files.readAllLines(out.resolve("imitation/labels.jsonl"))).hasSize(8);

        // a run.json of an older version did not record --checkpoint-every: given now, it holds
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode meta = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.readTree(out.resolve("run.json").toFile());
        java.util.List<String> old = new java.util.ArrayList<>();
        meta.get("args").forEach(a -> old.add(a.asText()));
        int at = old.indexOf("--checkpoint-every");
        assertThat(at).as("run.json records every defining flag").isNotNegative();
        old.subList(at, at + 2).clear();
        meta.putPOJO("args", old);
        json.writeValue(out.resolve("run.json").toFile(), meta);
        err = new StringWriter();
        assertThat(quietly(
                        err,
                        TrainArgs.resume(out)
                                .with("--checkpoint-every", 7)
                                .with("--steps", 4)
                                .array()))
                .as(err.toString())
                .isZero();
        assertThat(Files.readString(out.resolve("checkpoint/aed.json"))).contains("\"step\" : 4");

        err = new StringWriter();
        assertThat(quietly(err, "train", "--resume", dir.resolve("nothing").toString()))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("run.json");
    }
}
