package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.are.AreSettings;
import org.lambo.are.AreTrainer;
import org.lambo.droo.DrooTrainer;
import org.lambo.io.InputException;
import org.lambo.mec.Prompt;
import picocli.CommandLine;

/**
 * {@code are-train} and {@code droo-train} take their defaults and their rules from the records they fill
 * ({@link AreSettings}, {@link AreTrainer.Options}, {@link DrooTrainer.Options}): one place for each, and a value a
 * record refuses is still a one-line user error that names the flag.
 */
class BaselineTrainingFlagsTest {
    private static Set<String> components(Class<?> record) {
        return Arrays.stream(record.getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.toSet());
    }

    @Test
    void withNoFlagsTheCommandsFillTheRecordsWithTheRecordsOwnDefaults() {
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
        String are = CliTest.run("are-train", "--help").out().replaceAll("\\s+", " ");
        assertThat(are)
                .contains("(default: " + AreSettings.DEFAULT_LEARNING_RATE + ")")
                .contains("(default: " + AreSettings.DEFAULT_HIDDEN + ")")
                .contains("(default: " + AreTrainer.Options.DEFAULT_PRETRAIN_SLOTS + ")")
                .contains("(default: " + AreTrainer.Options.DEFAULT_EXPERTS + ")");
        String droo = CliTest.run("droo-train", "--help").out().replaceAll("\\s+", " ");
        assertThat(droo)
                .contains("(default: " + DrooTrainer.Options.DEFAULT_FRAMES + ")")
                .contains("reports (default: " + DrooTrainer.Options.DEFAULT_EVAL_EVERY + ")");
    }

    @Test
    void everyComponentTheFlagsNameIsOneOfTheRecordsAndEveryFlagOneOfTheCommands() {
        assertThat(components(AreSettings.class)).containsAll(AreTrainCommand.SETTINGS_FLAGS.keySet());
        assertThat(components(AreTrainer.Options.class)).containsAll(AreTrainCommand.OPTIONS_FLAGS.keySet());
        assertThat(components(DrooTrainer.Options.class)).containsAll(DrooTrainCommand.OPTIONS_FLAGS.keySet());
        var commands = Lambo.commandLine().getSubcommands();
        for (String flag : AreTrainCommand.SETTINGS_FLAGS.values())
            assertThat(commands.get("are-train").getCommandSpec().findOption(flag))
                    .as(flag)
                    .isNotNull();
        for (String flag : AreTrainCommand.OPTIONS_FLAGS.values())
            assertThat(commands.get("are-train").getCommandSpec().findOption(flag))
                    .as(flag)
                    .isNotNull();
        for (String flag : DrooTrainCommand.OPTIONS_FLAGS.values())
            assertThat(commands.get("droo-train").getCommandSpec().findOption(flag))
                    .as(flag)
                    .isNotNull();
    }

    /** Each value a record refuses, with the line the user reads. */
    private static final List<List<String>> REFUSED = List.of(
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
            CliTest.Result r = CliTest.run(c.get(0), "--scenario", "tiny", "--out", out.toString(), c.get(1), c.get(2));
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
    }
}
