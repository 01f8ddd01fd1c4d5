package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.aed.alef.AlefOptions;
import org.lambo.aed.alef.ImitationWarmStart;
import org.lambo.aed.train.TrainOptions;
import org.lambo.are.AreSettings;
import org.lambo.are.AreTrainer;
import org.lambo.droo.DrooTrainer;
import org.lambo.io.InputException;
import org.lambo.mec.Prompt;
import org.lambo.policy.PolicySettings;
import org.lambo.run.BuiltInCheckpoints;
import picocli.CommandLine;

/**
 * The training commands ({@code train}, {@code finetune}, {@code are-train}, {@code droo-train}) take their defaults
 * and their rules from the records they fill ({@link TrainOptions}, {@link ImitationWarmStart.Options},
 * {@link AlefOptions}, {@link AreSettings}, {@link AreTrainer.Options}, {@link DrooTrainer.Options}): one place for
 * each, and a value a record refuses is still a one-line user error that names the flag.
 */
class TrainingFlagsTest {
    private static final String BUILT_IN = BuiltInCheckpoints.PREFIX + BuiltInCheckpoints.AED;

    private static Set<String> components(Class<?> record) {
        return Arrays.stream(record.getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.toSet());
    }

    @Test
    void withNoFlagsTheCommandsFillTheRecordsWithTheRecordsOwnDefaults() {
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs("--out", "runs/train");
        assertThat(train.options(null)).isEqualTo(TrainOptions.builder().build());
        Map<Prompt, String> experts = Map.of(Prompt.MIN_LATENCY, "de");
        PolicySettings settings = PolicySettings.ofSeed(1);
        assertThat(train.imitation(experts, settings))
                .isEqualTo(new ImitationWarmStart.Options(
                        experts,
                        settings,
                        ImitationWarmStart.Options.DEFAULT_SLOTS,
                        ImitationWarmStart.Options.DEFAULT_EPOCHS,
                        32,
                        ImitationWarmStart.Options.DEFAULT_LEARNING_RATE,
                        1,
                        1,
                        1));

        FinetuneCommand finetune = new FinetuneCommand();
        new CommandLine(finetune).parseArgs("--checkpoint", BUILT_IN, "--out", "runs/finetune");
        assertThat(finetune.options(0)).isEqualTo(AlefOptions.builder().build());

        AreTrainCommand are = new AreTrainCommand();
        new CommandLine(are).parseArgs("--out", "runs/are");
        assertThat(are.settings()).isEqualTo(AreSettings.defaults());
        AreTrainer.Options a = are.options(Map.of(Prompt.MIN_LATENCY, "de"), Map.of());
        assertThat(List.of(a.pretrainSlots(), a.streamSlots(), a.evalEvery(), a.validation()))
                .containsExactly(
                        AreTrainer.Options.DEFAULT_PRETRAIN_SLOTS,
                        AreTrainer.Options.DEFAULT_STREAM_SLOTS,
                        AreTrainer.Options.DEFAULT_EVAL_EVERY,
                        AreTrainer.Options.DEFAULT_VALIDATION);
        assertThat(String.join(",", are.experts)).isEqualTo(AreTrainer.Options.DEFAULT_EXPERTS);

        DrooTrainCommand droo = new DrooTrainCommand();
        new CommandLine(droo).parseArgs("--out", "runs/droo");
        assertThat(droo.options(0))
                .isEqualTo(new DrooTrainer.Options(
                        DrooTrainer.Options.DEFAULT_FRAMES,
                        DrooTrainer.Options.DEFAULT_EVAL_EVERY,
                        DrooTrainer.Options.DEFAULT_VALIDATION,
                        1,
                        0,
                        DrooTrainer.Options.DEFAULT_WORLDS));
    }

    @Test
    void theHelpShowsTheRecordsDefaults() {
        Map<String, List<String>> shown = Map.of(
                "train",
                List.of(
                        "" + TrainOptions.DEFAULT_STEPS,
                        "" + TrainOptions.DEFAULT_LEARNING_RATE,
                        TrainOptions.DEFAULT_PROMPTS,
                        "" + ImitationWarmStart.Options.DEFAULT_SLOTS,
                        "" + ImitationWarmStart.Options.DEFAULT_LEARNING_RATE),
                "finetune",
                List.of(
                        "" + AlefOptions.DEFAULT_LABELS,
                        "" + AlefOptions.DEFAULT_LEARNING_RATE,
                        AlefOptions.DEFAULT_PROMPTS,
                        AlefOptions.DEFAULT_RESERVATION),
                "are-train",
                List.of(
                        "" + AreSettings.DEFAULT_LEARNING_RATE,
                        AreSettings.DEFAULT_HIDDEN,
                        "" + AreTrainer.Options.DEFAULT_PRETRAIN_SLOTS,
                        AreTrainer.Options.DEFAULT_EXPERTS),
                "droo-train",
                List.of("" + DrooTrainer.Options.DEFAULT_FRAMES, "" + DrooTrainer.Options.DEFAULT_EVAL_EVERY));
        shown.forEach((command, defaults) -> {
            String help = CliTest.run(command, "--help").out().replaceAll("\\s+", " ");
            for (String d : defaults) assertThat(help).as(command).contains("(default: " + d + ")");
        });
        assertThat(CliTest.run("train", "--help").out().replaceAll("\\s+", " "))
                .contains("(default: " + TrainOptions.DEFAULT_REFERENCE + "; a resumed run keeps its checkpoint's)");
    }

    @Test
    void everyComponentTheFlagsNameIsOneOfTheRecordsAndEveryFlagOneOfTheCommands() {
        record Mapping(String command, Class<?> record, Map<String, String> flags) {}
        List<Mapping> all = List.of(
                new Mapping("train", TrainOptions.class, TrainCommand.OPTIONS_FLAGS),
                new Mapping("train", ImitationWarmStart.Options.class, TrainCommand.IMITATION_FLAGS),
                new Mapping("finetune", AlefOptions.class, FinetuneCommand.FLAGS),
                new Mapping("are-train", AreSettings.class, AreTrainCommand.SETTINGS_FLAGS),
                new Mapping("are-train", AreTrainer.Options.class, AreTrainCommand.OPTIONS_FLAGS),
                new Mapping("droo-train", DrooTrainer.Options.class, DrooTrainCommand.OPTIONS_FLAGS));
        var commands = Lambo.commandLine().getSubcommands();
        for (Mapping m : all) {
            assertThat(components(m.record()))
                    .as(m.command())
                    .containsAll(m.flags().keySet());
            for (String flag : m.flags().values())
                assertThat(commands.get(m.command()).getCommandSpec().findOption(flag))
                        .as(m.command() + " " + flag)
                        .isNotNull();
        }
    }

    /** The flags of a small run of each command, before the flag under test. */
    private static List<String> base(String command, Path out) {
        List<String> a = new ArrayList<>(List.of(command, "--scenario", "tiny", "--out", out.toString()));
        if (command.equals("finetune")) a.addAll(List.of("--checkpoint", BUILT_IN));
        return a;
    }

    /** Each value a record refuses, with the line the user reads. */
    private static final List<List<String>> REFUSED = List.of(
            List.of("train", "--steps", "0", "--steps: must be >= 1, got 0"),
            List.of("train", "--batch", "1", "--batch: must be >= 2 (both prompts in every batch), got 1"),
            List.of("train", "--lr", "0", "--lr: must be > 0, got 0.0"),
            List.of("train", "--entropy", "-1", "--entropy: must be >= 0, got -1.0"),
            List.of("train", "--validation", "10001", "--validation: must be in [1, 10000], got 10001"),
            List.of("train", "--samples", "0", "--samples: must be >= 1, got 0"),
            List.of("train", "--baseline", "best", "--baseline: must be critic, shared or greedy, got 'best'"),
            List.of("train", "--baseline", "shared", "--samples: must be >= 2 for the shared baseline, got 1"),
            List.of("train", "--advantage-norm", "z", "--advantage-norm: must be batch, instance or none, got 'z'"),
            List.of("train", "--share-weight", "-1", "--share-weight: must be >= 0, got -1.0"),
            List.of("train", "--prompts", "weights:1", "--prompts: 'weights:1': K of weights:K"),
            List.of("train", "--imitation-slots", "5", "--imitation-slots: sets the warm start: it needs --imitate"),
            List.of(
                    "train",
                    "--imitate",
                    "min-latency=greedy --imitation-epochs 0",
                    "--imitation-epochs: must be >= 1"),
            List.of("train", "--imitate", "min-latency=greedy --imitation-lr -1", "--imitation-lr: must be > 0"),
            List.of("finetune", "--labels", "0", "--labels: must be >= 1, got 0"),
            List.of("finetune", "--rounds", "201", "--rounds: must be <= labels (200), got 201"),
            List.of("finetune", "--held-out", "0", "--held-out: must be >= 1, got 0"),
            List.of("finetune", "--from-slot", "-3", "--from-slot: must be >= 0, got -3"),
            List.of("finetune", "--lr", "-1", "--lr: must be > 0, got -1.0"),
            List.of(
                    "finetune",
                    "--validation-share",
                    "1",
                    "--validation-share: must be >= 0 and < 1 (a share of the labels), got 1.0"),
            List.of("finetune", "--reserve", "half", "--reserve: must be minimum or expert, got 'half'"),
            List.of("finetune", "--prompts", "min-latency,min-latency", "--prompts: repeat"),
            List.of("finetune", "--prompts", "weighted:0.3", "--prompts: hold weighted:0.3: ALEF's curves"),
            List.of("are-train", "--lr", "0", "--lr: must be in (0, 100], got 0.0"),
            List.of("are-train", "--lr", "200", "--lr: must be in (0, 100], got 200.0"),
            List.of("are-train", "--momentum", "1", "--momentum: must be in [0, 1), got 1.0"),
            List.of("are-train", "--entropy", "-1", "--entropy: must be a finite number >= 0 (bits), got -1.0"),
            List.of("are-train", "--epochs", "0", "--epochs: must be >= 1, got 0"),
            List.of("are-train", "--incremental-epochs", "0", "--incremental-epochs: must be >= 1, got 0"),
            List.of("are-train", "--pretrain-slots", "0", "--pretrain-slots: must be >= 1, got 0"),
            List.of("are-train", "--stream-slots", "-1", "--stream-slots: must be >= 0, got -1"),
            List.of("are-train", "--validation", "0", "--validation: must be >= 1 held-out slots, got 0"),
            List.of("are-train", "--eval-every", "0", "--eval-every: must be >= 1, got 0"),
            List.of("droo-train", "--frames", "0", "--frames: must be >= 1, got 0"),
            List.of("droo-train", "--worlds", "0", "--worlds: must be >= 1, got 0"),
            List.of("droo-train", "--validation", "-3", "--validation: must be >= 1, got -3"),
            List.of("droo-train", "--eval-every", "0", "--eval-every: must be >= 1, got 0"));

    @Test
    void aValueTheRecordRefusesIsOneLineNamingTheFlagAndNothingIsWritten(@TempDir Path dir) {
        int k = 0;
        for (List<String> c : REFUSED) {
            Path out = dir.resolve("run" + k++);
            List<String> args = base(c.get(0), out);
            args.add(c.get(1));
            args.addAll(Arrays.asList(c.get(2).split(" "))); // a value with more flags after it: "V --flag W"
            CliTest.Result r = CliTest.run(args.toArray(new String[0]));
            String what = String.join(" ", c.subList(0, 3));
            assertThat(r.code()).as(what + ": " + r.err()).isEqualTo(Lambo.BAD_INPUT);
            assertThat(r.err()).as(what).contains(c.get(3)).doesNotContain("\tat ");
            assertThat(r.err().lines().filter(l -> !l.isBlank()).count())
                    .as(what + ": " + r.err())
                    .isLessThanOrEqualTo(2);
            assertThat(out.resolve("run.json")).as(what).doesNotExist();
        }
    }

    @Test
    void aRefusalThatNamesNoMappedComponentNamesTheCommand() {
        assertThatThrownBy(() -> SharedOptions.fromFlags("x-train", Map.of("frames", "--frames"), () -> {
                    throw new IllegalArgumentException("something else is wrong");
                }))
                .isInstanceOf(InputException.class)
                .hasMessage("x-train: something else is wrong");
        assertThatThrownBy(() -> SharedOptions.fromFlags("x-train", Map.of("frames", "--frames"), () -> {
                    throw new IllegalArgumentException("frames must be >= 1, got 0");
                }))
                .isInstanceOf(InputException.class)
                .hasMessage("--frames: must be >= 1, got 0");
        // a record whose refusals name their value in words (OnlineAlef.Options): the longest key it begins with
        Map<String, String> words = Map.of("alef", "--alef", "alef batch", "--alef-batch");
        assertThatThrownBy(() -> SharedOptions.fromFlags("trial", words, () -> {
                    throw new IllegalArgumentException("alef batch must be >= 1, got 0");
                }))
                .hasMessage("--alef-batch: must be >= 1, got 0");
        assertThatThrownBy(() -> SharedOptions.fromFlags("trial", words, () -> {
                    throw new IllegalArgumentException("alef batches are late");
                }))
                .hasMessage("--alef: batches are late");
    }
}
