package org.lambo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lambo.aed.AedModel;
import org.lambo.aed.alef.AlefCurve;
import org.lambo.aed.alef.AlefLoop;
import org.lambo.aed.alef.AlefOptions;
import org.lambo.aed.alef.DecoderFineTuner;
import org.lambo.aed.alef.Demonstration;
import org.lambo.io.InputException;
import org.lambo.mec.Prompt;
import org.lambo.policy.Policies;
import org.lambo.run.BuiltInCheckpoints;
import org.lambo.run.RunDirectory;
import org.lambo.scenario.DriftEvent;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lambo finetune}: ALEF, active learning from expert feedback (see {@link AlefLoop}). Loads a pre-trained
 * checkpoint, queries the maximum-entropy slots of the drifted environment, has the expert label them, fine-tunes the
 * decoder only, and writes into {@code --out} the fine-tuned checkpoint ({@code checkpoint/}, loadable with
 * {@code aed.checkpoint=}), {@code alef.csv} and {@code alef.png} (labels used against the held-out gap to the
 * reference), {@code summary.md} / {@code summary.json} and the run record.
 */
@Command(
        name = "finetune",
        mixinStandardHelpOptions = true,
        description =
                "Fine-tunes the AED's decoder to a drifted environment from expert labels on its most uncertain slots (ALEF).")
public final class FinetuneCommand implements Callable<Integer> {
    /** {@link AlefOptions} owns the defaults and rules; these flags fill its components. */
    static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("labels", "--labels"),
            Map.entry("rounds", "--rounds"),
            Map.entry("pool", "--pool"),
            Map.entry("heldOut", "--held-out"),
            Map.entry("worlds", "--worlds"),
            Map.entry("fromSlot", "--from-slot"),
            Map.entry("epochs", "--epochs"),
            Map.entry("batch", "--batch"),
            Map.entry("learningRate", "--lr"),
            Map.entry("shareWeight", "--share-weight"),
            Map.entry("reservation", "--reserve"),
            Map.entry("scope", "--scope"),
            Map.entry("offloadWeight", "--offload-weight"),
            Map.entry("rankWeight", "--rank-weight"),
            Map.entry("validationShare", "--validation-share"),
            Map.entry("prompts", "--prompts"),
            Map.entry("expert", "--expert"),
            Map.entry("reference", "--reference"));

    @Mixin
    SharedOptions.ScenarioOption scenario = new SharedOptions.ScenarioOption("drift-half-capacity");

    @Mixin
    SharedOptions.PolicyOptions options = new SharedOptions.PolicyOptions();

    @Mixin
    SharedOptions.RunSeed seed;

    @Mixin
    SharedOptions.OutFolder out;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(
            names = "--checkpoint",
            required = true,
            paramLabel = "DIR",
            description = "The pre-trained checkpoint: a lambo train output's checkpoint/, or builtin:NAME (the"
                    + " default aed is builtin:" + BuiltInCheckpoints.AED + ").")
    Path checkpoint;

    @Option(
            names = "--from-slot",
            paramLabel = "T",
            description = "First slot drawn (default: the scenario's first drift slot, 0 without drift).")
    Integer fromSlot;

    @Option(
            names = "--pool",
            defaultValue = "" + AlefOptions.DEFAULT_POOL,
            paramLabel = "P",
            description = "Unlabelled slots the queries choose from (default: ${DEFAULT-VALUE}).")
    int pool;

    @Option(
            names = "--held-out",
            defaultValue = "" + AlefOptions.DEFAULT_HELD_OUT,
            paramLabel = "H",
            description = "Held-out slots the gap is measured on (default: ${DEFAULT-VALUE}).")
    int heldOut;

    @Option(
            names = "--worlds",
            defaultValue = "" + AlefOptions.DEFAULT_WORLDS,
            paramLabel = "W",
            description = "Worlds (server layouts) the slots come from (default: ${DEFAULT-VALUE}).")
    int worlds;

    @Option(
            names = "--labels",
            defaultValue = "" + AlefOptions.DEFAULT_LABELS,
            paramLabel = "L",
            description = "Total expert labels, one per (slot, prompt) (default: ${DEFAULT-VALUE}).")
    int labels;

    @Option(
            names = "--rounds",
            defaultValue = "" + AlefOptions.DEFAULT_ROUNDS,
            paramLabel = "R",
            description = "Query rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--expert",
            defaultValue = AlefOptions.DEFAULT_EXPERT,
            paramLabel = "POLICY",
            description = "Labelling expert: mip, de, exhaustive (default: ${DEFAULT-VALUE}).")
    String expert;

    @Option(
            names = "--reference",
            defaultValue = AlefOptions.DEFAULT_REFERENCE,
            paramLabel = "POLICY",
            description = "Policy the held-out gap is measured against (default: ${DEFAULT-VALUE}).")
    String reference;

    @Option(
            names = "--prompts",
            defaultValue = AlefOptions.DEFAULT_PROMPTS,
            paramLabel = "Q[,Q...]",
            description = "Prompts the slots are decided and labelled under (default: ${DEFAULT-VALUE}).")
    String prompts;

    @Option(
            names = "--epochs",
            defaultValue = "" + AlefOptions.DEFAULT_EPOCHS,
            paramLabel = "E",
            description = "Passes over all labels after each round (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--batch",
            defaultValue = "" + AlefOptions.DEFAULT_BATCH,
            paramLabel = "B",
            description = "Demonstrations per gradient step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--lr",
            defaultValue = "" + AlefOptions.DEFAULT_LEARNING_RATE,
            paramLabel = "RATE",
            description = "Adam learning rate of the decoder (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(
            names = "--share-weight",
            defaultValue = "" + AlefOptions.DEFAULT_SHARE_WEIGHT,
            paramLabel = "W",
            description = "Weight of the share loss (default: ${DEFAULT-VALUE}).")
    double shareWeight;

    @Option(
            names = "--offload-weight",
            defaultValue = "" + AlefOptions.DEFAULT_OFFLOAD_WEIGHT,
            paramLabel = "W",
            description = "Weight of the offload loss, the cross-entropy of the expert's local-or-offload choice alone"
                    + " (default: ${DEFAULT-VALUE}, none).")
    double offloadWeight;

    @Option(
            names = "--rank-weight",
            defaultValue = "" + AlefOptions.DEFAULT_RANK_WEIGHT,
            paramLabel = "W",
            description = "Weight of the ranking loss: within a slot, every UE the expert offloaded above every UE it"
                    + " kept local in offload odds (default: ${DEFAULT-VALUE}, none).")
    double rankWeight;

    @Option(
            names = "--slot-features",
            negatable = true,
            defaultValue = "" + AlefOptions.DEFAULT_SLOT_FEATURES,
            fallbackValue = "true",
            description = "Train the decoder's slot term too: per-UE, per-option features of the whole slot (each UE's"
                    + " rank by energy saved per share of a server, the greedy packing) in the option logits, with"
                    + " weights that start as the checkpoint holds them (zero in every shipped one; docs/ALEF.md,"
                    + " sessions 14 and 15). On by default; --no-slot-features leaves them as they are.")
    boolean slotFeatures;

    @Option(
            names = "--reserve",
            defaultValue = AlefOptions.DEFAULT_RESERVATION,
            paramLabel = "minimum|expert",
            description =
                    "What a replayed offloaded UE reserves, and the share head learns (default: ${DEFAULT-VALUE}).")
    String reserve;

    @Option(
            names = "--scope",
            defaultValue = AlefOptions.DEFAULT_SCOPE,
            paramLabel = "decoder|last-layer|actor",
            description = "What is fine-tuned: the decoder alone, the encoder frozen (the article's ALEF); also the"
                    + " encoder's last layer and final norm; or the whole encoder too (default: ${DEFAULT-VALUE}).")
    String scope;

    @Option(
            names = "--no-select",
            description =
                    "Keep the weights of each round's last epoch, not those closest to the expert on the validation slots.")
    boolean noSelect;

    @Option(
            names = "--validation-share",
            defaultValue = "" + AlefOptions.DEFAULT_VALIDATION_SHARE,
            paramLabel = "SHARE",
            description = "Share of --labels held back to choose each round's weights, never trained on: that many"
                    + " pool slots labelled under every prompt; 0 chooses on the training labels (default:"
                    + " ${DEFAULT-VALUE}).")
    double validationShare;

    @Mixin
    SharedOptions.NoProgress noProgress;

    @Mixin
    SharedOptions.AedEngine engine;

    @Override
    public Integer call() throws Exception {
        org.lambo.io.OutputPaths.requireDirectory("--out", out.value);
        int t = EngineThreads.configure(engine.threads);
        Scenario sc = ScenarioLoader.load(scenario.value).withSeed(seed.value);
        int from = fromSlot != null
                ? fromSlot
                : sc.drift().stream().mapToInt(DriftEvent::slot).min().orElse(0);
        AlefOptions opts = options(from);
        Path outCkpt = out.value.resolve("checkpoint");
        if (Files.isRegularFile(outCkpt.resolve(AedModel.META))) {
            throw new InputException(
                    "--out", "", out.value + " already holds a fine-tuned checkpoint: choose another folder");
        }
        Path base = baseFolder();
        JsonNode baseMeta = AedModel.readMeta(base);
        try (AedModel model = AedModel.load(base)) {
            MemoryBudget.check(sc, model.config(), 1, engine.memoryMb); // the fine-tuner encodes slot by slot
            RunDirectory.create(out.value, "finetune", arguments(from), sc, seed.value);
            System.out.print(
                    parametersLine(model, opts.scope(), slotFeatures, checkpoint.toString(), sc.name(), from, t));
            AlefLoop.Result r = new AlefLoop(model, sc, opts)
                    .run(
                            ConsoleProgress.of(noProgress),
                            noProgress.value
                                    ? row -> System.out.printf(
                                            Locale.ROOT,
                                            "round %d: %d labels, held-out gap%s%n",
                                            row.round(),
                                            row.labels(),
                                            gaps(row))
                                    : null);
            ObjectNode extra = JSON.createObjectNode();
            if (baseMeta.has("training")) extra.set("training", baseMeta.get("training"));
            ObjectNode alef = extra.putObject("alef");
            alef.put(
                    "base",
                    builtIn()
                            ? checkpoint.toString()
                            : checkpoint.toAbsolutePath().toString());
            alef.put("baseStep", baseMeta.path("step").asLong());
            alef.put("scenario", sc.name());
            alef.put("fromSlot", from);
            alef.put("seed", seed.value);
            alef.put("expert", expert);
            alef.put("labels", r.summary().labels());
            alef.put("rounds", r.summary().rounds());
            alef.put("epochs", epochs);
            alef.put("learningRate", learningRate);
            alef.put("shareWeight", shareWeight);
            alef.put("select", !noSelect);
            alef.put("validationShare", validationShare);
            alef.put("validationLabels", r.summary().validationLabels());
            alef.put("scope", opts.scope().id());
            alef.put("offloadWeight", offloadWeight);
            alef.put("rankWeight", rankWeight);
            alef.put("slotFeatures", slotFeatures);
            alef.put("reserve", opts.reservation().name().toLowerCase(Locale.ROOT));
            model.save(outCkpt, baseMeta.path("step").asLong(), extra);
            r.curve().writeCsv(out.value.resolve("alef.csv"));
            r.curve().writePng(out.value.resolve("alef.png"), opts.reference(), opts.expert());
            r.summary().write(out.value);
            System.out.print(r.summary().text());
            System.out.println("fine-tuned checkpoint: " + outCkpt + " (use --option aed.checkpoint=" + outCkpt + ")");
        }
        return 0;
    }

    /**
     * ALEF's options record from the flags: its defaults and rules are {@link AlefOptions}' own, a value it refuses
     * names the flag ({@link #FLAGS}). The policies named are checked here (the registry is the command's).
     */
    AlefOptions options(int from) {
        Policies.requireKnown("--expert", expert);
        Policies.requireKnown("--reference", reference);
        Map<String, String> pairs = options.pairs();
        Policies.checkOptions(pairs.keySet());
        AlefOptions o = SharedOptions.fromFlags("finetune", FLAGS, () -> AlefOptions.builder()
                .labels(labels)
                .rounds(rounds)
                .pool(pool)
                .heldOut(heldOut)
                .worlds(worlds)
                .fromSlot(from)
                .epochs(epochs)
                .batch(batch)
                .learningRate(learningRate)
                .shareWeight(shareWeight)
                .offloadWeight(offloadWeight)
                .rankWeight(rankWeight)
                .slotFeatures(slotFeatures)
                .scope(DecoderFineTuner.Scope.parse(scope))
                .reservation(Demonstration.Reservation.parse(reserve))
                .select(!noSelect)
                .validationShare(validationShare)
                .seed(seed.value)
                .prompts(AlefOptions.parsePrompts(prompts))
                .expert(expert)
                .expertOptions(pairs)
                .reference(reference)
                .build());
        baseFolder(); // says which --checkpoint it cannot find
        return o;
    }

    private boolean builtIn() {
        return checkpoint.toString().startsWith(BuiltInCheckpoints.PREFIX);
    }

    /** The folder of --checkpoint: the given one, or a built-in checkpoint's, extracted. */
    private Path baseFolder() {
        if (builtIn()) {
            String name = checkpoint.toString().substring(BuiltInCheckpoints.PREFIX.length());
            if (!BuiltInCheckpoints.AEDS.contains(name))
                throw new InputException(
                        "--checkpoint",
                        "",
                        "no built-in checkpoint '" + name + "' (built in: "
                                + String.join(
                                        ", ",
                                        BuiltInCheckpoints.AEDS.stream()
                                                .map(n -> BuiltInCheckpoints.PREFIX + n)
                                                .toList())
                                + ")");
            return BuiltInCheckpoints.folder(name);
        }
        if (!Files.isDirectory(checkpoint))
            throw new InputException("--checkpoint", "", "no such folder: " + checkpoint);
        return checkpoint;
    }

    private List<String> arguments(int from) {
        List<String> a = new ArrayList<>(List.of(
                "--checkpoint",
                checkpoint.toString(),
                "--scenario",
                scenario.value,
                "--from-slot",
                "" + from,
                "--pool",
                "" + pool,
                "--held-out",
                "" + heldOut,
                "--worlds",
                "" + worlds,
                "--labels",
                "" + labels,
                "--rounds",
                "" + rounds,
                "--expert",
                expert,
                "--reference",
                reference,
                "--prompts",
                prompts,
                "--epochs",
                "" + epochs,
                "--batch",
                "" + batch,
                "--lr",
                "" + learningRate,
                "--share-weight",
                "" + shareWeight,
                "--reserve",
                reserve,
                "--scope",
                scope,
                "--offload-weight",
                "" + offloadWeight,
                "--rank-weight",
                "" + rankWeight,
                "--validation-share",
                "" + validationShare,
                "--seed",
                "" + seed.value,
                "--out",
                out.value.toString()));
        if (noSelect) a.add("--no-select");
        a.add(slotFeatures ? "--slot-features" : "--no-slot-features");
        a.addAll(options.asArgs());
        return a;
    }

    private static String gaps(AlefCurve.Row row) {
        StringBuilder sb = new StringBuilder();
        for (Prompt p : Prompt.values()) {
            if (!Double.isNaN(row.gap(p)))
                sb.append(String.format(Locale.ROOT, " %s %+.2f%%", p.id(), 100 * row.gap(p)));
            double trained = row.trainedGap()[p.ordinal()];
            double validation = row.validationGap()[p.ordinal()];
            if (!Double.isNaN(trained))
                sb.append(String.format(Locale.ROOT, " (trained on %+.2f%%", 100 * trained))
                        .append(
                                Double.isNaN(validation)
                                        ? ")"
                                        : String.format(Locale.ROOT, ", validation %+.2f%%)", 100 * validation));
        }
        return sb.toString();
    }

    /**
     * The run's first line: how many of the model's parameters the fine-tune trains. The slot term's weights W_s
     * ({@code decoder_slotWeights}, prompts x slot features) are not among the engine's parameters but are the model's
     * (its checkpoint carries them): they count in the total, and among those trained under {@code --slot-features}.
     */
    static String parametersLine(
            AedModel model,
            DecoderFineTuner.Scope scope,
            boolean slotTerm,
            String from,
            String scenario,
            int fromSlot,
            int threads) {
        long slot = model.slotWeights().length;
        long trained = 0;
        for (var p : DecoderFineTuner.trainable(model, scope, slotTerm))
            trained += p.getValue().getShape().size();
        long encoderTrained = trained - model.parameterCount("decoder") - (slotTerm ? slot : 0);
        String what = scope == DecoderFineTuner.Scope.DECODER
                ? "decoder"
                : scope == DecoderFineTuner.Scope.ACTOR
                        ? "decoder and encoder"
                        : "decoder and the encoder's last layer";
        if (slotTerm) what += String.format(Locale.ROOT, ", slot term W_s (%d)", slot);
        String frozen = scope == DecoderFineTuner.Scope.ACTOR
                ? "nothing frozen but the critic"
                : String.format(Locale.ROOT, "encoder (%,d) frozen", model.parameterCount("encoder") - encoderTrained)
                        + (scope == DecoderFineTuner.Scope.LAST_LAYER ? " below it" : "");
        if (!slotTerm) frozen += String.format(Locale.ROOT, ", slot term W_s (%d) as the checkpoint holds it", slot);
        return String.format(
                Locale.ROOT,
                "%s from %s: %,d of %,d parameters trained (%s), %s; %s on %s, slots from %d, %d threads%n",
                model.config().name(),
                from,
                trained,
                model.parameterCount() + slot,
                what,
                frozen,
                AedModel.device(),
                scenario,
                fromSlot,
                threads);
    }
}
