package org.lambo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.lambo.aed.AedModel;
import org.lambo.aed.alef.ImitationWarmStart;
import org.lambo.aed.model.AedConfig;
import org.lambo.aed.train.AcrlTrainer;
import org.lambo.aed.train.LearningCurve;
import org.lambo.aed.train.TrainOptions;
import org.lambo.aed.train.TrainingPrompts;
import org.lambo.io.InputException;
import org.lambo.mec.Prompt;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.run.RunDirectory;
import org.lambo.scenario.FamilyLoader;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioFamily;
import org.lambo.scenario.ScenarioSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lambo train}: ACRL pre-training of the AED (see {@link AcrlTrainer}). Writes into {@code --out} the run
 * record, {@code checkpoint/} (the latest model, optimiser state and step), and the learning curve as CSV and PNG; with
 * {@code --imitate}, the warm start's state in {@code imitation/} (the expert labels as they arrive, a snapshot after
 * every epoch). {@code --resume} continues wherever the run stopped (labelling, an imitation epoch or ACRL) with the
 * arguments recorded in {@code run.json}: a flag given again must agree with them, except {@code --steps} (a new total)
 * and the flags of how the process runs ({@code --threads}, {@code --no-progress}, {@code --memory-mb}).
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Pre-trains the AED by actor-critic RL (ACRL) over both prompts or sampled weights; checkpoints resume.",
            "--scenario also takes a scenario family (configs/family-*.yaml): every world draws its own N, M, ...; "
                    + "--option reaches the warm-start experts (--imitate)."
        })
public final class TrainCommand implements Callable<Integer> {
    /** {@link TrainOptions}' components these flags fill: the record owns their defaults and rules. */
    static final Map<String, String> OPTIONS_FLAGS = Map.ofEntries(
            Map.entry("steps", "--steps"),
            Map.entry("batch", "--batch"),
            Map.entry("learningRate", "--lr"),
            Map.entry("entropyWeight", "--entropy"),
            Map.entry("evalEvery", "--eval-every"),
            Map.entry("checkpointEvery", "--checkpoint-every"),
            Map.entry("reference", "--reference"),
            Map.entry("samples", "--samples"),
            Map.entry("baseline", "--baseline"),
            Map.entry("normalisation", "--advantage-norm"),
            Map.entry("shareWeight", "--share-weight"),
            Map.entry("layoutEvery", "--layout-every"),
            Map.entry("validationSize", "--validation"),
            Map.entry("prompts", "--prompts"));

    /** {@link ImitationWarmStart.Options}' components these flags fill (its batch is --batch, at most 32). */
    static final Map<String, String> IMITATION_FLAGS = Map.of(
            "experts", "--imitate",
            "slots", "--imitation-slots",
            "epochs", "--imitation-epochs",
            "learningRate", "--imitation-lr",
            "batch", "--batch");

    @Mixin
    SharedOptions.ScenarioOption scenario = new SharedOptions.ScenarioOption("paper");

    @Mixin
    SharedOptions.PolicyOptions options = new SharedOptions.PolicyOptions();

    @Mixin
    SharedOptions.RunSeed seed;

    @Option(
            names = "--model",
            defaultValue = "lambo-m",
            paramLabel = "SIZE",
            description = "Model size: lambo-s, lambo-m, lambo-l or a YAML file (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(
            names = "--steps",
            defaultValue = "" + TrainOptions.DEFAULT_STEPS,
            paramLabel = "S",
            description = "Total training steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(
            names = "--batch",
            defaultValue = "" + TrainOptions.DEFAULT_BATCH,
            paramLabel = "B",
            description = "Instances per step, half per prompt (default: ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    SharedOptions.OutOrResume outFolder;

    /** The run folder: {@code --out}, or the one {@code --resume DIR} continues. */
    private Path out;

    @Option(
            names = "--resume",
            arity = "0..1",
            fallbackValue = "",
            paramLabel = "DIR",
            description = "Continue the run in DIR (or --out) where it stopped (expert labels, imitation epoch or ACRL "
                    + "checkpoint) with the arguments recorded in its run.json; --steps may raise the total, any other "
                    + "flag given must agree with the record.")
    String resumeFrom;

    boolean resume;

    @Spec
    CommandSpec spec;

    /** Flags that say how this process runs, not what the run is: free to differ on --resume. */
    private static final java.util.Set<String> PROCESS_FLAGS =
            java.util.Set.of("--out", "--resume", "--threads", "--no-progress", "--memory-mb", "--help", "--version");

    @Option(
            names = "--lr",
            defaultValue = "" + TrainOptions.DEFAULT_LEARNING_RATE,
            paramLabel = "RATE",
            description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(
            names = "--entropy",
            defaultValue = "" + TrainOptions.DEFAULT_ENTROPY_WEIGHT,
            paramLabel = "W",
            description = "Entropy bonus weight (default: ${DEFAULT-VALUE}).")
    double entropy;

    @Option(
            names = "--eval-every",
            defaultValue = "" + TrainOptions.DEFAULT_EVAL_EVERY,
            paramLabel = "S",
            description = "Steps between validations (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(
            names = "--checkpoint-every",
            defaultValue = "" + TrainOptions.DEFAULT_CHECKPOINT_EVERY,
            paramLabel = "S",
            description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(
            names = "--reference",
            paramLabel = "POLICY",
            description = "Policy the validation gap is measured against, if registered, else local (default: "
                    + TrainOptions.DEFAULT_REFERENCE + "; " + "a resumed run keeps its checkpoint's).")
    String reference;

    @Option(
            names = "--samples",
            defaultValue = "" + TrainOptions.DEFAULT_SAMPLES,
            paramLabel = "K",
            description =
                    "Sampled decodings per slot and prompt; K > 1 uses their mean reward as a shared baseline (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(
            names = "--baseline",
            paramLabel = "B",
            description =
                    "Baseline of the advantage: critic, shared (mean of the --samples decodings) or greedy (the policy's own greedy "
                            + "decoding of the same slot) (default: shared with --samples > 1, else critic).")
    String baseline;

    @Option(
            names = "--advantage-norm",
            defaultValue = TrainOptions.DEFAULT_NORMALISATION,
            paramLabel = "N",
            description =
                    "Advantage scaling: batch (divided by the batch std), instance (relative to the baseline's cost, then batch std) "
                            + "or none (default: ${DEFAULT-VALUE}).")
    String advantageNorm;

    @Option(
            names = "--share-weight",
            defaultValue = "" + TrainOptions.DEFAULT_SHARE_WEIGHT,
            paramLabel = "W",
            description =
                    "Weight of the share head's policy-gradient term (0: ACRL leaves the share head to the warm start) (default: ${DEFAULT-VALUE}).")
    double shareWeight;

    @Option(
            names = "--layout-every",
            defaultValue = "" + TrainOptions.DEFAULT_LAYOUT_EVERY,
            paramLabel = "S",
            description =
                    "Steps between fresh worlds (server layouts, and with a family N, M, ...); 1 draws new worlds every step (default: ${DEFAULT-VALUE}).")
    int layoutEvery;

    @Option(
            names = "--validation",
            defaultValue = "" + TrainOptions.DEFAULT_VALIDATION_SIZE,
            paramLabel = "K",
            description = "Held-out validation slots, each under both prompts, at most "
                    + TrainOptions.MAX_VALIDATION_SIZE + " (default: ${DEFAULT-VALUE}).")
    int validationSize;

    @Option(
            names = "--init",
            paramLabel = "DIR",
            description =
                    "Start ACRL from these weights (a checkpoint folder, e.g. an earlier run's snapshots/step-000000) at step 0 with a fresh "
                            + "optimiser, instead of random weights or --imitate.")
    Path init;

    @Option(
            names = "--prompts",
            defaultValue = TrainOptions.DEFAULT_PROMPTS,
            paramLabel = "P",
            description =
                    "Prompts of the training instances: named (min-latency and min-energy alternately), weights:K "
                            + "(weighted:W, W drawn from K evenly spaced weights in [0, 1]) or a list of weights, e.g. "
                            + "0,0.3,0.5,1 (default: ${DEFAULT-VALUE}).")
    String prompts;

    @Option(
            names = "--imitate",
            paramLabel = "PROMPT=EXPERT",
            split = ",",
            description = "Warm start: before ACRL, train encoder and decoder on this expert's labels for this prompt, "
                    + "e.g. min-latency=de,min-energy=mip; weighted=EXPERT labels every weight of --prompts "
                    + "(default: none, ACRL from random weights).")
    List<String> imitate;

    @Option(
            names = "--imitation-slots",
            defaultValue = "" + ImitationWarmStart.Options.DEFAULT_SLOTS,
            paramLabel = "S",
            description =
                    "Slots labelled for the warm start, each under every --imitate prompt (default: ${DEFAULT-VALUE}).")
    int imitationSlots;

    @Option(
            names = "--imitation-epochs",
            defaultValue = "" + ImitationWarmStart.Options.DEFAULT_EPOCHS,
            paramLabel = "E",
            description = "Passes over the warm-start labels (default: ${DEFAULT-VALUE}).")
    int imitationEpochs;

    @Option(
            names = "--imitation-lr",
            defaultValue = "" + ImitationWarmStart.Options.DEFAULT_LEARNING_RATE,
            paramLabel = "RATE",
            description = "Adam learning rate of the warm start (default: ${DEFAULT-VALUE}).")
    double imitationLr;

    @Mixin
    SharedOptions.NoProgress noProgress;

    @Mixin
    SharedOptions.AedEngine engine;

    @Override
    public Integer call() throws Exception {
        int t = EngineThreads.configure(engine.threads); // the rollouts run in Java on this thread meanwhile
        resume = resumeFrom != null;
        if (resume && !resumeFrom.isEmpty()) {
            Path dir = Path.of(resumeFrom);
            Path given = outFolder.value();
            if (given != null && !given.equals(dir))
                throw new InputException("--out", given.toString(), "is not the folder --resume continues, " + dir);
            outFolder.set(dir);
        }
        out = outFolder.require();
        org.lambo.io.OutputPaths.requireDirectory("--out", out);
        if (resume) adoptRecordedArguments();
        TrainOptions checked = options(reference); // the record's rules, before any file is written
        Map<Prompt, String> experts = experts(checked.prompts());
        if (experts.isEmpty() && !options.isEmpty()) {
            throw new InputException(
                    "--option",
                    options.values().get(0),
                    "sets an option of the warm-start experts: it needs --imitate");
        }
        PolicySettings expertSettings = new PolicySettings(seed.value, options.pairs());
        Policies.checkOptions(expertSettings.options().keySet());
        ImitationWarmStart.Options imitation = experts.isEmpty() ? null : imitation(experts, expertSettings);
        if (experts.isEmpty()) requireNoImitationFlags();
        if (init != null && !experts.isEmpty())
            throw new InputException(
                    "--init", init.toString(), "starts from given weights: it cannot be combined with --imitate");
        if (init != null && !Files.isRegularFile(init.resolve(AedModel.META))) {
            throw new InputException("--init", init.toString(), "holds no checkpoint (no " + AedModel.META + ")");
        }
        ScenarioSource sc = FamilyLoader.load(scenario.value);
        if (sc instanceof ScenarioFamily f && f.test() != null && f.test().seed() == seed.value) {
            throw new InputException(
                    "--seed",
                    "",
                    "is " + seed.value + ", the seed of the family's held-out test grid: training must never draw it");
        }
        AedConfig requested = AedConfig.load(model);
        MemoryBudget.check(sc, requested, batch, engine.memoryMb);
        Path ckpt = out.resolve(AcrlTrainer.CHECKPOINT);
        Path state = out.resolve(ImitationWarmStart.STATE);
        boolean hasCheckpoint = Files.isRegularFile(ckpt.resolve(AedModel.META));
        if (hasCheckpoint && !resume) {
            throw new InputException(
                    "--out",
                    "",
                    out + " already holds a checkpoint: pass --resume to continue it, or choose another folder");
        }
        if (Files.exists(state) && !resume) {
            throw new InputException(
                    "--out",
                    "",
                    out + " already holds a warm start (" + state
                            + "): pass --resume to continue it, or choose another folder");
        }
        if (!hasCheckpoint && !experts.isEmpty() && !Files.exists(state) && resume)
            System.out.println("no warm-start state in " + out + " yet: the warm start begins");
        String ref = reference;
        if (ref == null && hasCheckpoint) {
            com.fasterxml.jackson.databind.JsonNode kept =
                    AedModel.readMeta(ckpt).path("training").path("reference");
            ref = kept.isTextual() ? kept.asText() : null;
        }
        TrainOptions opts = options(ref);
        long start = 0;
        AedModel net;
        int imitated = !hasCheckpoint && !experts.isEmpty() ? ImitationWarmStart.latestEpoch(state) : 0;
        if (hasCheckpoint) {
            net = AedModel.load(ckpt);
            if (!net.config().equals(requested)) {
                net.close();
                throw new InputException(
                        "--model",
                        "",
                        "is " + requested.name() + " but the checkpoint in " + ckpt + " is "
                                + net.config().name());
            }
            start = AedModel.readMeta(ckpt).get("step").asLong();
        } else if (imitated > 0) {
            Path snap = ImitationWarmStart.snapshot(state, imitated);
            net = AedModel.load(snap);
            if (!net.config().equals(requested)) {
                net.close();
                throw new InputException(
                        "--model",
                        "",
                        "is " + requested.name() + " but the warm start's snapshot in " + snap + " is "
                                + net.config().name());
            }
            System.out.println("resuming the warm start after imitation epoch " + imitated + " of " + imitationEpochs);
        } else if (init != null) {
            net = AedModel.load(init);
            if (!net.config().equals(requested)) {
                net.close();
                throw new InputException(
                        "--model",
                        "",
                        "is " + requested.name() + " but the weights in " + init + " are "
                                + net.config().name());
            }
        } else {
            net = AedModel.create(requested, seed.value);
        }
        try (AedModel m = net) {
            List<String> args = recordedArguments();
            if (resume) args.add("--resume");
            RunDirectory.create(out, "train", args, sc instanceof Scenario one ? one : null, seed.value);
            System.out.printf(
                    Locale.ROOT,
                    "%s: %,d parameters (encoder %,d, decoder %,d, critic %,d) on %s, %d threads%n",
                    m.config().name(),
                    m.parameterCount(),
                    m.parameterCount("encoder"),
                    m.parameterCount("decoder"),
                    m.parameterCount("critic"),
                    AedModel.device(),
                    t);
            AcrlTrainer trainer = new AcrlTrainer(m, sc, opts);
            if (!experts.isEmpty() && !hasCheckpoint) {
                trainer.warmStartRecord(warmStart(m, sc, trainer, imitation, imitated));
            }
            if (hasCheckpoint) {
                JsonNode kept = AedModel.readMeta(ckpt).path("training").path("imitation");
                if (kept instanceof ObjectNode o) trainer.warmStartRecord(o);
                trainer.resumeOptimizer(ckpt);
                System.out.println("resuming from step " + start + " of " + steps);
            }
            if (start >= steps) {
                System.out.println("the checkpoint is already at step " + start + ": nothing to do");
                return 0;
            }
            LearningCurve curve = trainer.train(
                    out,
                    start,
                    ConsoleProgress.of(noProgress),
                    noProgress.value
                            ? row -> {
                                if (!Double.isNaN(row.valGapLatency())) {
                                    // no training cost at step 0 (the starting weights), nor under a prompt the step
                                    // did not draw: say so rather than print NaN
                                    System.out.printf(
                                            Locale.ROOT,
                                            "step %d: %s, gap vs %s L %+.2f%% E %+.2f%%, %.0f s%n",
                                            row.step(),
                                            row.step() == 0
                                                    ? "starting weights"
                                                    : "cost L " + cost(row.costLatency()) + " E "
                                                            + cost(row.costEnergy()),
                                            trainer.referenceName(),
                                            100 * row.valGapLatency(),
                                            100 * row.valGapEnergy(),
                                            row.seconds());
                                }
                            }
                            : null);
            LearningCurve.Row last = curve.rows().get(curve.rows().size() - 1);
            System.out.printf(
                    Locale.ROOT,
                    "done: step %d, validation gap vs %s: min-latency %+.2f%%, min-energy %+.2f%%; checkpoint in %s%s%n",
                    last.step(),
                    trainer.referenceName(),
                    100 * last.valGapLatency(),
                    100 * last.valGapEnergy(),
                    ckpt,
                    trainer.skippedSteps() == 0
                            ? ""
                            : "; " + trainer.skippedSteps()
                                    + " updates skipped for a non-finite or garbage gradient, the first at "
                                    + trainer.firstSkip());
        }
        return 0;
    }

    /**
     * ACRL's options from the flags: {@link TrainOptions} owns the defaults (the flags' defaults are its constants) and
     * the rules; a value it refuses names the flag ({@link #OPTIONS_FLAGS}). {@code ref} null: the record's reference.
     */
    TrainOptions options(String ref) {
        return SharedOptions.fromFlags("train", OPTIONS_FLAGS, () -> {
            TrainOptions.Builder b = TrainOptions.builder()
                    .steps(steps)
                    .batch(batch)
                    .seed(seed.value)
                    .learningRate(learningRate)
                    .entropyWeight(entropy)
                    .evalEvery(evalEvery)
                    .checkpointEvery(checkpointEvery)
                    .samples(samples)
                    .baseline(baseline == null ? null : TrainOptions.Baseline.parse(baseline))
                    .normalisation(TrainOptions.Normalisation.parse(advantageNorm))
                    .validationSize(validationSize)
                    .shareWeight(shareWeight)
                    .layoutEvery(layoutEvery)
                    .prompts(TrainingPrompts.parse(prompts));
            if (ref != null) b.reference(ref);
            return b.build();
        });
    }

    /**
     * The warm start's options from the flags, by {@link ImitationWarmStart.Options}' rules (and defaults); a value
     * refused names its flag ({@link #IMITATION_FLAGS}).
     */
    ImitationWarmStart.Options imitation(Map<Prompt, String> experts, PolicySettings expertSettings) {
        return SharedOptions.fromFlags(
                "train",
                IMITATION_FLAGS,
                () -> new ImitationWarmStart.Options(
                        experts,
                        expertSettings,
                        imitationSlots,
                        imitationEpochs,
                        Math.min(32, Math.max(1, batch)),
                        imitationLr,
                        1.0,
                        1.0,
                        seed.value));
    }

    /** Without --imitate there is no warm start: a flag of it given is refused rather than ignored. */
    private void requireNoImitationFlags() {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        for (String flag : IMITATION_FLAGS.values()) {
            if (!"--imitate".equals(flag) && !"--batch".equals(flag) && given != null && given.hasMatchedOption(flag))
                throw new InputException(flag, "", "sets the warm start: it needs --imitate");
        }
    }

    /** A training cost for the console: "-" when the step drew no slot under that prompt. */
    private static String cost(double c) {
        return Double.isNaN(c) ? "-" : String.format(Locale.ROOT, "%.4f", c);
    }

    /** The rows of imitation.csv of the epochs already finished (header only for a fresh warm start). */
    private List<String> imitationRows(int imitated) {
        List<String> rows =
                new ArrayList<>(List.of("epoch,loss,cross_entropy,labelled_gap,val_gap_latency,val_gap_energy"));
        Path f = out.resolve("imitation.csv");
        if (imitated == 0 || !Files.isRegularFile(f)) return rows;
        try {
            for (String line : Files.readAllLines(f)) {
                int comma = line.indexOf(',');
                if (comma <= 0) continue;
                try {
                    int e = Integer.parseInt(line.substring(0, comma));
                    if (e >= 1 && e <= imitated) rows.add(line);
                } catch (NumberFormatException header) {
                    // the header, or a line that is not an epoch's
                }
            }
        } catch (java.io.IOException e) {
            throw new InputException(f.toString(), "", "cannot be read: " + e.getMessage());
        }
        return rows;
    }

    /**
     * Every option that defines the run, with its value, as run.json records it (the flags of how the process runs left
     * out).
     */
    private List<String> recordedArguments() {
        List<String> args = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            String name = o.longestName();
            if (o.usageHelp() || o.versionHelp() || "--resume".equals(name) || "--no-progress".equals(name)) continue;
            if ("--threads".equals(name)) continue;
            Object v = o.getValue();
            if (v == null) continue;
            if (v instanceof Boolean b) {
                if (b) args.add(name);
            } else if (v instanceof List<?> list) {
                if (list.isEmpty()) continue;
                if ("--imitate".equals(name)) {
                    args.addAll(List.of(
                            name,
                            String.join(",", list.stream().map(String::valueOf).toList())));
                } else {
                    for (Object x : list) args.addAll(List.of(name, String.valueOf(x)));
                }
            } else {
                args.addAll(List.of(name, String.valueOf(v)));
            }
        }
        return args;
    }

    /**
     * --resume: the run.json of --out is the source of truth. A flag given now that defines the run (all but
     * {@link #PROCESS_FLAGS} and --steps) must agree with it; the others take the recorded values, --steps too unless
     * given. A flag the record does not name (a run.json of an older version, which recorded fewer) is taken as given
     * now, or its default.
     */
    private void adoptRecordedArguments() {
        Path runJson = out.resolve("run.json");
        if (!Files.isRegularFile(runJson))
            throw new InputException("--resume", "", out + " holds no run.json: nothing to resume there");
        JsonNode meta = readRunJson(runJson);
        if (!"train".equals(meta.path("command").asText()))
            throw new InputException(
                    runJson.toString(), "command", "is '" + meta.path("command").asText() + "', not a train run");
        List<String> recorded = new ArrayList<>();
        for (JsonNode a : meta.path("args")) recorded.add(a.asText());
        TrainCommand rec = new TrainCommand();
        CommandLine rcl = new CommandLine(rec);
        try {
            rcl.parseArgs(recorded.toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
            throw new InputException(runJson.toString(), "args", "cannot be read back: " + e.getMessage());
        }
        CommandLine.ParseResult now = spec.commandLine().getParseResult();
        for (OptionSpec o : spec.options()) {
            String name = o.longestName();
            if (PROCESS_FLAGS.contains(name)) continue;
            OptionSpec r = rcl.getCommandSpec().findOption(name);
            // a run.json of an older version records fewer flags: where it is silent, the flag given now holds
            if (r == null || !rcl.getParseResult().hasMatchedOption(name)) continue;
            boolean given = now != null && now.hasMatchedOption(name);
            if ("--steps".equals(name)) {
                if (!given) o.setValue(r.getValue());
                continue;
            }
            if (given && !sameValue(name, o.getValue(), r.getValue())) {
                throw new InputException(
                        name,
                        shown(o.getValue()),
                        "contradicts the run being resumed, recorded in " + runJson + " as " + shown(r.getValue())
                                + ": leave it out (a resumed run keeps its arguments) or start a new --out");
            }
            o.setValue(r.getValue());
        }
    }

    /** Equal values; --imitate's pairs in any order (each prompt is named once). */
    private static boolean sameValue(String name, Object now, Object recorded) {
        if ("--imitate".equals(name) && now instanceof List<?> a && recorded instanceof List<?> b) {
            return new java.util.TreeSet<>(
                            a.stream().map(x -> String.valueOf(x).trim()).toList())
                    .equals(new java.util.TreeSet<>(
                            b.stream().map(x -> String.valueOf(x).trim()).toList()));
        }
        if ("--prompts".equals(name) && now instanceof String a && recorded instanceof String b) {
            try {
                return TrainingPrompts.parse(a).equals(TrainingPrompts.parse(b));
            } catch (IllegalArgumentException e) {
                return a.equals(b);
            }
        }
        return java.util.Objects.equals(now, recorded);
    }

    private static JsonNode readRunJson(Path f) {
        return org.lambo.io.Documents.readJson(f);
    }

    private static String shown(Object v) {
        if (v == null) return "(not set)";
        if (v instanceof List<?> l)
            return String.join(",", l.stream().map(String::valueOf).toList());
        return String.valueOf(v);
    }

    /**
     * --imitate as prompt -> expert, each prompt once, each expert a registered policy; {@code weighted=EXPERT} gives
     * every weighted prompt of --prompts that expert.
     */
    private Map<Prompt, String> experts(TrainingPrompts training) {
        Map<Prompt, String> out = new TreeMap<>();
        for (String pair : imitate == null ? List.<String>of() : imitate) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1)
                throw new InputException("--imitate", pair, "must be PROMPT=EXPERT, e.g. min-energy=mip");
            String expert = pair.substring(eq + 1).trim();
            if (pair.substring(0, eq).trim().equalsIgnoreCase("weighted")) {
                if (training.named())
                    throw new InputException(
                            "--imitate",
                            pair,
                            "labels the weights of --prompts, but --prompts is named: give --prompts weights:K or a "
                                    + "list of weights");
                requireExpert(pair, expert);
                for (Prompt w : training.support()) {
                    if (out.put(w, expert) != null)
                        throw new InputException("--imitate", pair, "names " + w.id() + " twice");
                }
                continue;
            }
            Prompt p;
            try {
                p = Prompt.parse(pair.substring(0, eq).trim());
            } catch (IllegalArgumentException e) {
                throw new InputException("--imitate", pair, e.getMessage());
            }
            requireExpert(pair, expert);
            if (out.put(p, expert) != null) throw new InputException("--imitate", pair, "names " + p.id() + " twice");
        }
        return out;
    }

    private static void requireExpert(String pair, String expert) {
        if (!Policies.names().contains(expert)) {
            throw new InputException("--imitate", pair, Policies.unknown(expert));
        }
    }

    /** Runs the warm start, prints its epochs and returns the record kept in the checkpoints. */
    private ObjectNode warmStart(
            AedModel m, ScenarioSource sc, AcrlTrainer trainer, ImitationWarmStart.Options io, int imitated) {
        Map<Prompt, String> experts = io.experts();
        PolicySettings settings = io.expertSettings();
        int labels = io.slots() * experts.size();
        ImitationWarmStart.Result r;
        List<String> csv = imitationRows(imitated);
        Path csvFile = out.resolve("imitation.csv");
        try (ConsoleProgress.Count bar =
                ConsoleProgress.count(ConsoleProgress.of(noProgress), "label", "labels", labels, 0)) {
            r = new ImitationWarmStart(sc, io)
                    .run(
                            m,
                            () -> bar.step(null),
                            e -> {
                                bar.status(String.format(Locale.ROOT, " epoch %d", e.epoch()));
                                AcrlTrainer.Validation v = trainer.validate();
                                csv.add(String.format(
                                        Locale.ROOT,
                                        "%d,%.6f,%.6f,%.6f,%.6f,%.6f",
                                        e.epoch(),
                                        e.loss(),
                                        e.crossEntropy(),
                                        e.labelledGap(),
                                        v.gapLatency(),
                                        v.gapEnergy()));
                                try {
                                    Files.write(csvFile, csv);
                                } catch (java.io.IOException x) {
                                    throw new java.io.UncheckedIOException("cannot write " + csvFile, x);
                                }
                                System.out.printf(
                                        Locale.ROOT,
                                        "imitation epoch %d: loss %.4f (CE %.4f), own gap to labels %+.2f%%, validation gap vs %s L %+.2f%% E %+.2f%%%n",
                                        e.epoch(),
                                        e.loss(),
                                        e.crossEntropy(),
                                        100 * e.labelledGap(),
                                        trainer.referenceName(),
                                        100 * v.gapLatency(),
                                        100 * v.gapEnergy());
                            },
                            out.resolve(ImitationWarmStart.STATE),
                            notice -> System.err.println("warning: " + notice));
        }
        try {
            Files.write(csvFile, csv);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + csvFile, e);
        }
        System.out.printf(
                Locale.ROOT,
                "warm start: %d labels (%d skipped) in %.0f s, %d epochs in %.0f s in this process%n",
                r.labels(),
                r.skipped(),
                r.labelSeconds(),
                r.epochs().size(),
                r.trainSeconds());
        ObjectNode rec = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        ObjectNode ex = rec.putObject("experts");
        experts.forEach((p, e) -> ex.put(p.id(), e));
        rec.put("slots", io.slots());
        rec.put("epochs", io.epochs());
        rec.put("learningRate", io.learningRate());
        rec.put("labels", r.labels());
        ObjectNode opt = rec.putObject("options");
        settings.options().forEach(opt::put);
        return rec;
    }
}
