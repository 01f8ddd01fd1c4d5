package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.aed.AedModel;
import org.lambo.aed.model.AedConfig;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;
import picocli.CommandLine;

class FinetuneCommandTest {
    @TempDir
    static Path base;

    private static Path checkpoint;

    @BeforeAll
    static void aPreTrainedCheckpoint() throws Exception {
        checkpoint = base.resolve("pretrained");
        try (AedModel m = AedModel.create(new AedConfig("cli-tiny", 8, 2, 1, 8, 10.0, 0.3), 3)) {
            m.save(checkpoint, 7, null);
        }
    }

    private static int run(StringWriter err, String... args) {
        CommandLine cl = Lambo.commandLine();
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    /** A small run's flags, with {@code more}'s flag and value replacing the default of the same flag. */
    private static String[] args(Path out, String... more) {
        Map<String, String> flags = new java.util.LinkedHashMap<>();
        String[] defaults = {
            "--checkpoint",
            checkpoint.toString(),
            "--scenario",
            "tiny",
            "--pool",
            "6",
            "--held-out",
            "3",
            "--labels",
            "4",
            "--rounds",
            "2",
            "--epochs",
            "2",
            "--batch",
            "4",
            "--expert",
            "exhaustive",
            "--reference",
            "exhaustive",
            "--seed",
            "2",
            "--out",
            out.toString(),
            "--threads",
            "1"
        };
        for (int k = 0; k < defaults.length; k += 2) flags.put(defaults[k], defaults[k + 1]);
        for (int k = 0; k < more.length; k += 2) flags.put(more[k], more[k + 1]);
        List<String> a = new java.util.ArrayList<>(List.of("finetune", "--no-progress"));
        flags.forEach((k, v) -> a.addAll(List.of(k, v)));
        return a.toArray(String[]::new);
    }

    @Test
    void writesALoadableCheckpointTheCurveAndTheSummary(@TempDir Path out) throws Exception {
        StringWriter err = new StringWriter();
        assertThat(run(err, args(out))).as(err.toString()).isEqualTo(0);
        Path ckpt = out.resolve("checkpoint");
        assertThat(ckpt.resolve(AedModel.PARAMS)).isNotEmptyFile();
        assertThat(AedModel.readMeta(ckpt).get("step").asLong()).isEqualTo(7);
        assertThat(AedModel.readMeta(ckpt).get("alef").get("labels").asInt()).isEqualTo(4);
        List<String> csv = Files.readAllLines(out.resolve("alef.csv"));
        assertThat(csv).hasSize(4);
        assertThat(csv.get(0)).startsWith("round,labels,gapLatency,gapEnergy");
        assertThat(csv.get(3)).startsWith("2,4,");
        assertThat(out.resolve("alef.png")).isNotEmptyFile();
        assertThat(out.resolve("summary.md")).content().contains("exhaustive").contains("min-latency");
        assertThat(out.resolve("summary.json")).isNotEmptyFile();
        assertThat(out.resolve("run.json")).content().contains("finetune");
        // the fine-tuned checkpoint serves the policy aed
        Instance inst = new World(ScenarioLoader.load("tiny"), 9).next();
        OffloadingPolicy aed = Policies.create("aed", new PolicySettings(1, Map.of("aed.checkpoint", ckpt.toString())));
        assertThat(aed.decide(inst, Prompt.MIN_ENERGY).size()).isEqualTo(inst.n());
        ((AutoCloseable) aed).close();

        StringWriter again = new StringWriter();
        assertThat(run(again, args(out)))
                .as("a second run into the same folder")
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(again.toString()).contains("--out").contains("another folder");
    }

    @Test
    void theLastLayerScopeTrainsTheEncodersTopAndLeavesItsEmbeddingAndTheRecordSaysSo(@TempDir Path out)
            throws Exception {
        StringWriter err = new StringWriter();
        assertThat(run(err, args(out, "--scope", "last-layer")))
                .as(err.toString())
                .isZero();
        Path ckpt = out.resolve("checkpoint");
        assertThat(AedModel.readMeta(ckpt).get("alef").get("scope").asText()).isEqualTo("last-layer");
        assertThat(out.resolve("run.json")).content().contains("\"--scope\", \"last-layer\"");
        Map<String, float[]> before = encoder(checkpoint);
        Map<String, float[]> after = encoder(ckpt);
        assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
        int top = 0;
        for (String k : before.keySet()) {
            // cli-tiny has one encoder layer: it and the final norm are the top, the embeddings stay
            if (k.contains("layer0") || k.contains("finalNorm")) {
                top++;
                assertThat(after.get(k)).as("trained encoder parameter %s", k).isNotEqualTo(before.get(k));
            } else {
                assertThat(after.get(k)).as("frozen encoder parameter %s", k).isEqualTo(before.get(k));
            }
        }
        assertThat(top).isGreaterThan(4).isLessThan(before.size());
    }

    @Test
    void aFineTuneTrainsTheSlotTermByDefaultAndNoSlotFeaturesLeavesItAsTheCheckpointHoldsIt(@TempDir Path out)
            throws Exception {
        StringWriter err = new StringWriter();
        assertThat(run(err, args(out.resolve("slot")))).as(err.toString()).isZero();
        Path ckpt = out.resolve("slot").resolve("checkpoint");
        assertThat(AedModel.readMeta(ckpt).get("alef").get("slotFeatures").asBoolean())
                .isTrue();
        assertThat(out.resolve("slot").resolve("run.json")).content().contains("\"--slot-features\"");
        try (AedModel m = AedModel.load(ckpt)) {
            assertThat(m.hasSlotTerm())
                    .as("trained slot weights in the checkpoint")
                    .isTrue();
        }
        // --no-slot-features: the term stays as the checkpoint had it, zero
        List<String> a = new java.util.ArrayList<>(List.of(args(out.resolve("plain"))));
        a.add("--no-slot-features");
        StringWriter err2 = new StringWriter();
        assertThat(run(err2, a.toArray(String[]::new))).as(err2.toString()).isZero();
        Path plain = out.resolve("plain").resolve("checkpoint");
        assertThat(AedModel.readMeta(plain).get("alef").get("slotFeatures").asBoolean())
                .isFalse();
        assertThat(out.resolve("plain").resolve("run.json")).content().contains("\"--no-slot-features\"");
        try (AedModel m = AedModel.load(plain)) {
            assertThat(m.hasSlotTerm()).isFalse();
        }
    }

    @Test
    void theParameterLineCountsTheSlotTermsWeightsInTheTotalAndAmongTheTrainedUnderSlotFeatures() throws Exception {
        try (AedModel m = AedModel.load(checkpoint)) {
            long slot = (long) org.lambo.aed.features.Features.PROMPTS * org.lambo.aed.features.SlotFeatures.WIDTH;
            long decoder = m.parameterCount("decoder");
            long total = m.parameterCount() + slot;
            String with = FinetuneCommand.parametersLine(
                    m, org.lambo.aed.alef.DecoderFineTuner.Scope.DECODER, true, "ck", "tiny", 0, 1);
            assertThat(with)
                    .contains(String.format(
                            java.util.Locale.ROOT, "%,d of %,d parameters trained", decoder + slot, total))
                    .contains("slot term W_s (" + slot + ")")
                    .contains(
                            String.format(java.util.Locale.ROOT, "encoder (%,d) frozen", m.parameterCount("encoder")));
            String without = FinetuneCommand.parametersLine(
                    m, org.lambo.aed.alef.DecoderFineTuner.Scope.DECODER, false, "ck", "tiny", 0, 1);
            assertThat(without)
                    .contains(String.format(java.util.Locale.ROOT, "%,d of %,d parameters trained", decoder, total))
                    .contains("slot term W_s (" + slot + ") as the checkpoint holds it");
            String last = FinetuneCommand.parametersLine(
                    m, org.lambo.aed.alef.DecoderFineTuner.Scope.LAST_LAYER, true, "ck", "tiny", 0, 1);
            long trained = 0;
            for (var p : org.lambo.aed.alef.DecoderFineTuner.trainable(
                    m, org.lambo.aed.alef.DecoderFineTuner.Scope.LAST_LAYER, true))
                trained += p.getValue().getShape().size();
            assertThat(last)
                    .contains(String.format(java.util.Locale.ROOT, "%,d of %,d parameters trained", trained, total))
                    .contains(String.format(
                            java.util.Locale.ROOT,
                            "encoder (%,d) frozen below it",
                            m.parameterCount("encoder") - (trained - decoder - slot)));
        }
    }

    private static Map<String, float[]> encoder(Path ckpt) throws Exception {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        try (AedModel m = AedModel.load(ckpt)) {
            for (var p : m.network().encoder().getParameters())
                out.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    @Test
    void badFlagsAreOneLineNamingTheFlagAndTheValue(@TempDir Path out) {
        String[][] cases = {
            {"--labels", "0", "--labels", "got 0"},
            {"--rounds", "9", "--rounds", "got 9"},
            {"--pool", "-1", "--pool", "got -1"},
            {"--expert", "oracle", "--expert", "oracle"},
            {"--reference", "nobody", "--reference", "nobody"},
            {"--prompts", "min-cost", "--prompts", "min-cost"},
            {"--prompts", "min-latency,weighted:0.3", "--prompts", "weighted prompt is not supported here yet"},
            {"--lr", "0", "--lr", "got 0.0"},
            {"--from-slot", "-3", "--from-slot", "got -3"},
            {"--option", "mip.speed=9", "mip.speed", "mip.gap"},
            {"--scenario", "nowhere", "nowhere", ""},
            {"--reserve", "half", "--reserve", "half"},
            {"--scope", "encoder", "--scope", "'encoder'"},
            {"--offload-weight", "-1", "--offload-weight", "got -1.0"},
            {"--rank-weight", "-2", "--rank-weight", "got -2.0"},
        };
        for (String[] c : cases) {
            StringWriter err = new StringWriter();
            assertThat(run(err, args(out, c[0], c[1]))).as(c[0] + " " + c[1]).isEqualTo(Lambo.BAD_INPUT);
            String msg = err.toString().trim();
            assertThat(msg)
                    .as(c[0])
                    .contains(c[2])
                    .contains(c[3])
                    .doesNotContain("Exception")
                    .doesNotContain("\n\tat ");
            assertThat(msg.lines().count()).as(msg).isEqualTo(1);
        }
        StringWriter err = new StringWriter();
        assertThat(run(err, args(out, "--checkpoint", base.resolve("missing").toString())))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--checkpoint").contains("missing");
    }

    @Test
    void aBuiltInCheckpointIsFineTunedByItsNameAndAnUnknownNameIsRefusedNamingTheFlag(@TempDir Path dir)
            throws Exception {
        StringWriter err = new StringWriter();
        assertThat(run(err, args(dir.resolve("unknown"), "--checkpoint", "builtin:aed-nowhere")))
                .isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString())
                .contains("--checkpoint")
                .contains("aed-nowhere")
                .contains("builtin:" + org.lambo.run.BuiltInCheckpoints.AED)
                .doesNotContain("\n\tat ");

        Path out = dir.resolve("default");
        StringWriter err2 = new StringWriter();
        int rc = run(
                err2,
                args(
                        out,
                        "--checkpoint",
                        "builtin:" + org.lambo.run.BuiltInCheckpoints.AED,
                        "--labels",
                        "2",
                        "--rounds",
                        "1",
                        "--epochs",
                        "1"));
        assertThat(rc).as(err2.toString()).isZero();
        assertThat(out.resolve("checkpoint").resolve(AedModel.META)).isRegularFile();
        assertThat(Files.readString(out.resolve("checkpoint").resolve(AedModel.META)))
                .contains("builtin:" + org.lambo.run.BuiltInCheckpoints.AED);
    }
}
