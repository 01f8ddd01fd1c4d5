package org.lambo.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lambo.aed.AedConfig;
import org.lambo.aed.AedModel;
import org.lambo.aed.train.AcrlTrainer;
import org.lambo.aed.train.LearningCurve;
import org.lambo.aed.train.TrainOptions;
import org.lambo.io.InputException;
import org.lambo.run.RunDirectory;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lambo train}: ACRL pre-training of the AED (see {@link AcrlTrainer}). Writes into {@code --out}
 * the run record, {@code checkpoint/} (the latest model, optimiser state and step), and the learning
 * curve as CSV and PNG; {@code --resume} continues from that checkpoint up to {@code --steps}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Pre-trains the AED policy by actor-critic RL over both prompts (ACRL); checkpoints resume.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--scenario", defaultValue = "paper", paramLabel = "FILE",
            description = "Scenario YAML or built-in profile (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--model", defaultValue = "lambo-m", paramLabel = "SIZE",
            description = "Model size: lambo-s, lambo-m, lambo-l or a YAML file (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--steps", defaultValue = "1000", paramLabel = "S", description = "Total training steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "B", description = "Instances per step, half per prompt (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of data, sampling and weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--resume", description = "Continue from DIR/checkpoint.")
    boolean resume;

    @Option(names = "--lr", defaultValue = "1e-4", paramLabel = "RATE", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--entropy", defaultValue = "0.01", paramLabel = "W", description = "Entropy bonus weight (default: ${DEFAULT-VALUE}).")
    double entropy;

    @Option(names = "--eval-every", defaultValue = "50", paramLabel = "S", description = "Steps between validations (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--checkpoint-every", defaultValue = "100", paramLabel = "S", description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--reference", paramLabel = "POLICY",
            description = "Policy the validation gap is measured against, if registered, else local (default: greedy; "
                    + "a resumed run keeps its checkpoint's).")
    String reference;

    @Option(names = "--threads", paramLabel = "T", description = "PyTorch intra-op threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--no-progress", description = "No progress bar (for logs).")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        int t = threads == null ? cores : threads;
        if (t < 1) throw new InputException("--threads", "", "must be >= 1, got " + t);
        // must be set before the engine loads; the rollouts run in Java on this thread meanwhile
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(t));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        if (steps < 1) throw new InputException("--steps", "", "must be >= 1, got " + steps);
        if (batch < 2) throw new InputException("--batch", "", "must be >= 2 (both prompts in every batch), got " + batch);
        if (!(learningRate > 0)) throw new InputException("--lr", "", "must be > 0, got " + learningRate);
        if (!(entropy >= 0)) throw new InputException("--entropy", "", "must be >= 0, got " + entropy);
        if (evalEvery < 1) throw new InputException("--eval-every", "", "must be >= 1, got " + evalEvery);
        if (checkpointEvery < 1) throw new InputException("--checkpoint-every", "", "must be >= 1, got " + checkpointEvery);
        Scenario sc = ScenarioLoader.load(scenario);
        AedConfig requested = AedConfig.load(model);
        Path ckpt = out.resolve(AcrlTrainer.CHECKPOINT);
        boolean hasCheckpoint = Files.isRegularFile(ckpt.resolve(AedModel.META));
        if (hasCheckpoint && !resume) {
            throw new InputException("--out", "", out + " already holds a checkpoint: pass --resume to continue it, or choose another folder");
        }
        if (resume && !hasCheckpoint) throw new InputException("--resume", "", "no checkpoint in " + ckpt);
        String ref = reference;
        if (ref == null && resume) {
            com.fasterxml.jackson.databind.JsonNode kept = AedModel.readMeta(ckpt).path("training").path("reference");
            ref = kept.isTextual() ? kept.asText() : null;
        }
        TrainOptions opts = TrainOptions.builder().steps(steps).batch(batch).seed(seed).learningRate(learningRate).entropyWeight(entropy)
                .evalEvery(evalEvery).checkpointEvery(checkpointEvery).reference(ref == null ? "greedy" : ref).build();
        long start = 0;
        AedModel net;
        if (resume) {
            net = AedModel.load(ckpt);
            if (!net.config().equals(requested)) {
                net.close();
                throw new InputException("--model", "", "is " + requested.name() + " but the checkpoint in " + ckpt + " is " + net.config().name());
            }
            start = AedModel.readMeta(ckpt).get("step").asLong();
        } else {
            net = AedModel.create(requested, seed);
        }
        try (AedModel m = net) {
            List<String> args = new ArrayList<>(List.of("--scenario", scenario, "--model", model, "--steps", "" + steps, "--batch", "" + batch,
                    "--seed", "" + seed, "--out", out.toString(), "--lr", "" + learningRate, "--entropy", "" + entropy));
            if (resume) args.add("--resume");
            RunDirectory.create(out, "train", args, sc, seed);
            System.out.printf(Locale.ROOT, "%s: %,d parameters (encoder %,d, decoder %,d, critic %,d) on %s, %d threads%n",
                    m.config().name(), m.parameterCount(), m.parameterCount("encoder"), m.parameterCount("decoder"),
                    m.parameterCount("critic"), AedModel.device(), t);
            AcrlTrainer trainer = new AcrlTrainer(m, sc, opts);
            if (resume) {
                trainer.resumeOptimizer(ckpt);
                System.out.println("resuming from step " + start + " of " + steps);
            }
            if (start >= steps) {
                System.out.println("the checkpoint is already at step " + start + ": nothing to do");
                return 0;
            }
            LearningCurve curve = trainer.train(out, start, !noProgress, noProgress ? row -> {
                if (!Double.isNaN(row.valGapLatency())) {
                    System.out.printf(Locale.ROOT, "step %d: cost L %.4f E %.4f, gap vs %s L %+.2f%% E %+.2f%%, %.0f s%n", row.step(),
                            row.costLatency(), row.costEnergy(), trainer.referenceName(), 100 * row.valGapLatency(), 100 * row.valGapEnergy(),
                            row.seconds());
                }
            } : null);
            LearningCurve.Row last = curve.rows().get(curve.rows().size() - 1);
            System.out.printf(Locale.ROOT, "done: step %d, validation gap vs %s: min-latency %+.2f%%, min-energy %+.2f%%; checkpoint in %s%n",
                    last.step(), trainer.referenceName(), 100 * last.valGapLatency(), 100 * last.valGapEnergy(), ckpt);
        }
        return 0;
    }
}
