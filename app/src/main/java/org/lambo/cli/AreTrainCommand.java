package org.lambo.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lambo.are.AreCheckpoint;
import org.lambo.are.ArePolicy;
import org.lambo.are.AreSettings;
import org.lambo.are.AreTrainer;
import org.lambo.io.InputException;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.run.RunDirectory;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lambo are-train}: trains the ARE baseline as the ARE code does (pre-training on expert-labelled slots, then
 * online incremental training that admits a slot into a FIFO memory when the DNN's mean decision entropy on it exceeds
 * a threshold), for each prompt given by {@code --expert}, and keeps the networks, so that {@code --option
 * are.checkpoint=DIR/checkpoint} starts the {@code are} policy with them. Writes into {@code --out} the run record,
 * {@code checkpoint/} and {@code learning-curve.csv}. There is no {@code --resume}: the whole run takes minutes.
 */
@Command(
        name = "are-train",
        mixinStandardHelpOptions = true,
        description = {
            "Trains the ARE baseline (pre-training on expert labels, then entropy-gated incremental training).",
            "Its training slots (--eval-every) are the incremental stage's."
        })
public final class AreTrainCommand implements Callable<Integer> {
    /** ARE's settings and the run's options own their defaults and rules; these flags fill their components. */
    static final Map<String, String> SETTINGS_FLAGS = Map.of(
            "hidden", "--hidden",
            "learningRate", "--lr",
            "momentum", "--momentum",
            "entropyThreshold", "--entropy",
            "pretrainEpochs", "--epochs",
            "incrementalEpochs", "--incremental-epochs");

    static final Map<String, String> OPTIONS_FLAGS = SharedOptions.BaselineTraining.flagsWith(
            Map.of("pretrainSlots", "--pretrain-slots", "streamSlots", "--stream-slots", "experts", "--expert"));

    @Mixin
    SharedOptions.BaselineTraining run = new SharedOptions.BaselineTraining(
            AreTrainer.Options.DEFAULT_EVAL_EVERY, AreTrainer.Options.DEFAULT_VALIDATION);

    @Option(
            names = "--expert",
            paramLabel = "PROMPT=EXPERT",
            split = ",",
            defaultValue = AreTrainer.Options.DEFAULT_EXPERTS,
            description =
                    "The policy labelling each prompt's slots; a prompt not named is not trained (default: ${DEFAULT-VALUE}).")
    List<String> experts;

    @Option(
            names = "--pretrain-slots",
            defaultValue = "" + AreTrainer.Options.DEFAULT_PRETRAIN_SLOTS,
            paramLabel = "P",
            description =
                    "Labelled slots of the pre-training set, also the memory's capacity (ARE code: 200; default: ${DEFAULT-VALUE}).")
    int pretrainSlots;

    @Option(
            names = "--stream-slots",
            defaultValue = "" + AreTrainer.Options.DEFAULT_STREAM_SLOTS,
            paramLabel = "S",
            description = "Slots of the incremental stage (ARE code: 240; default: ${DEFAULT-VALUE}).")
    int streamSlots;

    @Option(
            names = "--hidden",
            defaultValue = AreSettings.DEFAULT_HIDDEN,
            paramLabel = "W,W",
            description = "Hidden sigmoid layer widths (default: ${DEFAULT-VALUE}).")
    String hidden;

    @Option(
            names = "--lr",
            defaultValue = "" + AreSettings.DEFAULT_LEARNING_RATE,
            paramLabel = "LR",
            description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(
            names = "--momentum",
            defaultValue = "" + AreSettings.DEFAULT_MOMENTUM,
            paramLabel = "MU",
            description = "Momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(
            names = "--entropy",
            defaultValue = "" + AreSettings.DEFAULT_ENTROPY_THRESHOLD,
            paramLabel = "BITS",
            description =
                    "A stream slot is admitted when its mean decision entropy exceeds this (default: ${DEFAULT-VALUE}).")
    double entropy;

    @Option(
            names = "--epochs",
            defaultValue = "" + AreSettings.DEFAULT_PRETRAIN_EPOCHS,
            paramLabel = "E",
            description = "Full-batch pre-training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--incremental-epochs",
            defaultValue = "" + AreSettings.DEFAULT_INCREMENTAL_EPOCHS,
            paramLabel = "E",
            description = "Full-batch epochs on the memory after each admitted slot (default: ${DEFAULT-VALUE}).")
    int incrementalEpochs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        run.check();
        PrintWriter say = spec.commandLine().getOut();
        AreSettings settings = settings();
        Map<Prompt, String> byPrompt = experts();
        Map<String, String> expertOptions = run.options.pairs();
        Policies.checkOptions(expertOptions.keySet());
        for (String key : expertOptions.keySet()) {
            String owner = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            if (!byPrompt.containsValue(owner)) {
                throw new InputException(
                        "--option",
                        key,
                        "is not an option of the experts here ("
                                + String.join(", ", new java.util.TreeSet<>(byPrompt.values()))
                                + "); ARE's own settings are flags (--hidden, --lr, ...)");
            }
        }
        AreTrainer.Options to = options(byPrompt, expertOptions);
        for (String e : byPrompt.values()) {
            try (OffloadingPolicy checked = Policies.create(e, new PolicySettings(run.seed.value, expertOptions))) {
                // a bad option value fails here, before any file; made to check its options, closed at once
            }
        }
        EngineThreads.configure(run.threads);
        Scenario sc = ScenarioLoader.load(run.scenario.value);
        Path ckpt = run.out.value.resolve("checkpoint");
        if (Files.isRegularFile(ckpt.resolve(AreCheckpoint.INDEX))) {
            throw new InputException(
                    "--out",
                    "",
                    run.out.value
                            + " already holds a checkpoint (are-train does not resume: the run takes minutes): choose another folder");
        }
        List<String> args = run.asArgs();
        args.addAll(List.of(
                "--expert",
                String.join(",", experts),
                "--pretrain-slots",
                "" + pretrainSlots,
                "--stream-slots",
                "" + streamSlots,
                "--hidden",
                hidden,
                "--lr",
                "" + learningRate,
                "--momentum",
                "" + momentum,
                "--entropy",
                "" + entropy,
                "--epochs",
                "" + epochs,
                "--incremental-epochs",
                "" + incrementalEpochs));
        RunDirectory.create(run.out.value, "are-train", args, sc, run.seed.value);
        say.printf(
                Locale.ROOT,
                "ARE on %s (N = %d, M = %d): %s, experts %s%n",
                sc.name(),
                sc.ues(),
                sc.servers().size(),
                settings,
                byPrompt);
        say.flush();
        try (AreTrainer trainer = AreTrainer.create(settings, sc, to)) {
            trainer.train(r -> {
                try {
                    AreTrainer.append(run.out.value, List.of(r));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("cannot write " + run.out.value.resolve(AreTrainer.CSV), e);
                }
                say.printf(
                        Locale.ROOT,
                        "%s %s %d: labelled %d, admitted %d, loss %s, entropy %s bits, held-out gap to greedy %+.2f%%, to the expert %+.2f%%, %.0f s%n",
                        r.prompt().id(),
                        r.phase(),
                        r.step(),
                        r.labelled(),
                        r.admitted(),
                        fmt(r.loss()),
                        fmt(r.meanEntropy()),
                        100 * r.valGapGreedy(),
                        100 * r.valGapExpert(),
                        r.seconds());
                say.flush();
            });
            trainer.save(ckpt);
        }
        say.println("checkpoint in " + ckpt + "; learning curve in " + run.out.value.resolve(AreTrainer.CSV));
        return 0;
    }

    /** ARE's settings from the flags, by {@link AreSettings}' rules; a value refused names its flag. */
    AreSettings settings() {
        int[] widths = AreSettings.parseHidden("--hidden", hidden);
        return SharedOptions.fromFlags(
                "are-train",
                SETTINGS_FLAGS,
                () -> new AreSettings(widths, learningRate, momentum, entropy, epochs, incrementalEpochs));
    }

    /** The run's options from the flags, by {@link AreTrainer.Options}' rules; a value refused names its flag. */
    AreTrainer.Options options(Map<Prompt, String> byPrompt, Map<String, String> expertOptions) {
        return SharedOptions.fromFlags(
                "are-train",
                OPTIONS_FLAGS,
                () -> new AreTrainer.Options(
                        pretrainSlots,
                        streamSlots,
                        run.validation,
                        run.evalEvery,
                        run.seed.value,
                        byPrompt,
                        expertOptions));
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** --expert as prompt -> expert, each prompt once, each expert a registered policy. */
    private Map<Prompt, String> experts() {
        Map<Prompt, String> out = new LinkedHashMap<>();
        for (String pair : experts) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1)
                throw new InputException("--expert", pair, "must be PROMPT=EXPERT, e.g. min-energy=mip");
            Prompt p;
            try {
                p = Prompt.parse(pair.substring(0, eq).trim());
            } catch (IllegalArgumentException e) {
                throw new InputException("--expert", pair, e.getMessage());
            }
            String expert = pair.substring(eq + 1).trim();
            if (!Policies.names().contains(expert))
                throw new InputException("--expert", pair, Policies.unknown(expert));
            if (expert.equals(ArePolicy.NAME))
                throw new InputException("--expert", pair, "ARE cannot label its own training slots");
            if (out.put(p, expert) != null) throw new InputException("--expert", pair, "names " + p.id() + " twice");
        }
        if (out.isEmpty()) throw new InputException("--expert", "", "must name at least one PROMPT=EXPERT");
        return out;
    }
}
