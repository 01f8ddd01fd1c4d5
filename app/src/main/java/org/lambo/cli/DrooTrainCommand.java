package org.lambo.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lambo.droo.DrooCheckpoint;
import org.lambo.droo.DrooCurve;
import org.lambo.droo.DrooSettings;
import org.lambo.droo.DrooTrainer;
import org.lambo.io.InputException;
import org.lambo.mec.Prompt;
import org.lambo.policy.PolicySettings;
import org.lambo.run.ProgressListener;
import org.lambo.run.RunDirectory;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lambo droo-train}: runs DROO's online loop over a scenario's slots for both prompts and keeps the networks, so
 * that {@code --option droo.checkpoint=DIR/checkpoint} starts the {@code droo} policy trained. Writes into
 * {@code --out} the run record, {@code checkpoint/} (after every report), and the learning curve (CSV and PNG: online
 * ratio and held-out gap to {@code greedy}). {@code --resume} continues from the checkpoint up to {@code --frames}, on
 * the same world.
 */
@Command(
        name = "droo-train",
        mixinStandardHelpOptions = true,
        description = {
            "Trains the DROO baseline online over a scenario's slots (both prompts); checkpoints resume.",
            "Its training slots (--eval-every) are frames (--frames); at every report it keeps a checkpoint and, with "
                    + "--no-progress, prints a line.",
            "DROO's settings are its --option keys: droo.hidden, droo.lr, droo.memory, droo.batch, droo.interval, droo.k, "
                    + "droo.adapt."
        })
public final class DrooTrainCommand implements Callable<Integer> {
    /** The run's options ({@link DrooTrainer.Options}) own their defaults and rules; these flags fill them. */
    static final Map<String, String> OPTIONS_FLAGS =
            SharedOptions.BaselineTraining.flagsWith(Map.of("frames", "--frames", "worlds", "--worlds"));

    @Mixin
    SharedOptions.BaselineTraining run = new SharedOptions.BaselineTraining(
            DrooTrainer.Options.DEFAULT_EVAL_EVERY, DrooTrainer.Options.DEFAULT_VALIDATION);

    @Option(
            names = "--frames",
            defaultValue = "" + DrooTrainer.Options.DEFAULT_FRAMES,
            paramLabel = "F",
            description = "Total frames (slots) to learn from (default: ${DEFAULT-VALUE}).")
    long frames;

    @Option(names = "--resume", description = "Continue from DIR/checkpoint.")
    boolean resume;

    @Option(
            names = "--worlds",
            defaultValue = "" + DrooTrainer.Options.DEFAULT_WORLDS,
            paramLabel = "W",
            description =
                    "Training worlds (server layouts) taken in turn; keep it when resuming (default: ${DEFAULT-VALUE}).")
    int worlds;

    @Mixin
    SharedOptions.NoProgress noProgress;

    @Spec
    CommandSpec spec;

    private PrintWriter say;

    @Override
    public Integer call() throws Exception {
        run.check();
        say = spec.commandLine().getOut();
        options(0); // the flags' values, by the record's rules, before anything is read or written
        EngineThreads.configure(run.threads);
        Map<String, String> opts = run.options.pairs();
        for (String key : List.of(DrooSettings.LEARN, DrooSettings.CHECKPOINT)) {
            if (opts.containsKey(key))
                throw new InputException(
                        "--option", key, "is set by droo-train itself (use --resume to continue a checkpoint)");
        }
        Scenario sc = ScenarioLoader.load(run.scenario.value);
        Path ckpt = run.out.value.resolve("checkpoint");
        boolean hasCheckpoint = Files.isRegularFile(ckpt.resolve(DrooCheckpoint.INDEX));
        if (hasCheckpoint && !resume) {
            throw new InputException(
                    "--out",
                    "",
                    run.out.value
                            + " already holds a checkpoint: pass --resume to continue it, or choose another folder");
        }
        if (resume && !hasCheckpoint) throw new InputException("--resume", "", "no checkpoint in " + ckpt);
        PolicySettings ps = new PolicySettings(run.seed.value, opts);
        long firstFrame = 0;
        if (resume) {
            ps = ps.with(DrooSettings.CHECKPOINT, ckpt.toString());
            firstFrame = DrooCheckpoint.read(ckpt).entries().stream()
                    .mapToLong(DrooCheckpoint.Entry::frames)
                    .min()
                    .orElse(0);
        }
        DrooTrainer.Options to = options(firstFrame);
        List<String> args = run.asArgs();
        args.addAll(List.of("--frames", "" + frames, "--worlds", "" + worlds));
        if (resume) args.add("--resume");
        try (DrooTrainer trainer = DrooTrainer.create(ps, sc, to)) {
            RunDirectory.create(run.out.value, "droo-train", args, sc, run.seed.value);
            say.printf(
                    Locale.ROOT,
                    "DROO on %s (N = %d, M = %d): %s%n",
                    sc.name(),
                    sc.ues(),
                    sc.servers().size(),
                    trainer.settings());
            if (firstFrame >= frames) {
                say.println("the checkpoint is already at frame " + firstFrame + ": nothing to do");
                return 0;
            }
            if (resume) say.println("resuming from frame " + firstFrame + " of " + frames);
            List<DrooTrainer.Row> rows;
            ProgressListener progress = ConsoleProgress.of(noProgress);
            progress.started("droo", "frames", frames, firstFrame);
            try {
                rows = trainer.train(new Reporter(trainer, ckpt, progress, noProgress.value));
            } finally {
                progress.ended();
            }
            DrooCurve.plot(run.out.value);
            for (DrooTrainer.Row r : rows.subList(Math.max(0, rows.size() - 2), rows.size())) {
                say.printf(
                        Locale.ROOT,
                        "frame %d %s: held-out gap to greedy %+.2f%%, online ratio %.4f, K %d%n",
                        r.frame(),
                        r.prompt().id(),
                        100 * r.valGap(),
                        r.trainRatio(),
                        r.candidates());
            }
            say.println("checkpoint in " + ckpt + "; learning curve in " + run.out.value.resolve(DrooCurve.PNG));
        }
        return 0;
    }

    /**
     * The run's options from the flags, continuing after {@code done} frames, by {@link DrooTrainer.Options}' rules; a
     * value refused names its flag.
     */
    DrooTrainer.Options options(long done) {
        return SharedOptions.fromFlags(
                "droo-train",
                OPTIONS_FLAGS,
                () -> new DrooTrainer.Options(
                        frames, run.evalEvery, run.validation, run.seed.value, Math.min(done, frames), worlds));
    }

    /** Progress per frame; at each report: the CSV, the checkpoint, and, with no bar ({@code quiet}), a line. */
    private final class Reporter implements DrooTrainer.Listener {
        private final DrooTrainer trainer;
        private final Path ckpt;
        private final ProgressListener progress;
        private final boolean quiet;

        Reporter(DrooTrainer trainer, Path ckpt, ProgressListener progress, boolean quiet) {
            this.trainer = trainer;
            this.ckpt = ckpt;
            this.progress = progress;
            this.quiet = quiet;
        }

        @Override
        public void frame(long done, Map<Prompt, Double> running) {
            if (quiet) return;
            progress.advanced(
                    done,
                    String.format(
                            Locale.ROOT,
                            "vs greedy L %.3f E %.3f",
                            running.get(Prompt.MIN_LATENCY),
                            running.get(Prompt.MIN_ENERGY)));
        }

        @Override
        public void report(List<DrooTrainer.Row> rows) {
            try {
                DrooCurve.append(run.out.value, rows);
                trainer.save(ckpt);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the report or checkpoint into " + run.out.value, e);
            }
            if (quiet) {
                for (DrooTrainer.Row r : rows) {
                    say.printf(
                            Locale.ROOT,
                            "frame %d %s: held-out gap %+.2f%%, online ratio %.4f, loss %.4f, K %d, %.0f s%n",
                            r.frame(),
                            r.prompt().id(),
                            100 * r.valGap(),
                            r.trainRatio(),
                            r.loss(),
                            r.candidates(),
                            r.seconds());
                }
            }
        }
    }
}
