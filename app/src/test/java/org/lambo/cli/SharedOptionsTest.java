package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lambo.io.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The options several commands take are declared once, with one help text, and each command keeps its default. */
class SharedOptionsTest {
    private static final Set<String> SHARED = Set.of(
            "--seed",
            "--option",
            "--decision-ms",
            "--server-ms",
            "--scenario",
            "--out",
            "--prompt",
            "--no-progress",
            "--threads",
            "--memory-mb");
    /** The {@code --out}s whose rule no other command has, declared by their command (SharedOptions' Javadoc). */
    private static final Set<String> OWN = Set.of("bench --out", "evaluate --out", "generate --out");

    @Test
    void everyCommandTakesTheSharedOptionsFromTheirOneDeclaration() {
        List<String> seen = new ArrayList<>();
        List<String> own = new ArrayList<>();
        for (var e : Lambo.commandLine().getSubcommands().entrySet()) {
            for (OptionSpec o : e.getValue().getCommandSpec().options()) {
                if (!SHARED.contains(o.longestName())) continue;
                String which = e.getKey() + " " + o.longestName();
                assertThat(o.userObject()).as("lambo %s", which).isInstanceOf(Field.class);
                Class<?> owner = ((Field) o.userObject()).getDeclaringClass();
                if (OWN.contains(which)) {
                    assertThat(owner)
                            .as("lambo %s", which)
                            .isEqualTo(e.getValue().getCommand().getClass());
                    own.add(which);
                    continue;
                }
                assertThat(owner.getEnclosingClass())
                        .as("lambo %s declares %s itself (in %s)", e.getKey(), o.longestName(), owner.getSimpleName())
                        .isEqualTo(SharedOptions.class);
                seen.add(which);
            }
        }
        assertThat(own)
                .as("the --outs SharedOptions' Javadoc says stay with their command")
                .hasSameElementsAs(OWN);
        assertThat(seen)
                .contains(
                        "trial --seed",
                        "trial --option",
                        "trial --server-ms",
                        "container --decision-ms",
                        "bench --seed",
                        "train --seed",
                        "droo-train --option",
                        "solve --seed",
                        "trial --scenario",
                        "bench --scenario",
                        "generate --scenario",
                        "container --scenario",
                        "finetune --scenario",
                        "trial --out",
                        "train --out",
                        "figures --out",
                        "solve --prompt",
                        "trial --prompt",
                        "bench --no-progress",
                        "evaluate --no-progress",
                        "droo-train --no-progress",
                        "train --memory-mb",
                        "finetune --threads",
                        "are-train --threads");
    }

    @Test
    void aScenarioIsRequiredInTheUsageExactlyWhereNoDefaultOrResumeStandsInForIt() {
        var commands = Lambo.commandLine().getSubcommands();
        for (String c : List.of("generate", "container")) {
            assertThat(commands.get(c).getCommandSpec().findOption("--scenario").required())
                    .as(c)
                    .isTrue();
            assertThat(help(c)).contains(" --scenario=FILE").doesNotContain("[--scenario=FILE]");
        }
        for (String c : List.of("trial", "bench", "train", "finetune", "droo-train", "are-train", "figures")) {
            assertThat(commands.get(c).getCommandSpec().findOption("--scenario").required())
                    .as(c)
                    .isFalse();
            assertThat(help(c)).as(c).contains("[--scenario=FILE]");
        }
        for (String c : List.of("trial", "bench", "generate", "container", "train", "finetune")) {
            assertThat(help(c).replaceAll("\\s+", " "))
                    .as("lambo %s --help says what --scenario takes", c)
                    .contains("Scenario YAML (a file anywhere), or a built-in profile: paper, are, small, tiny, "
                            + "drift-half-capacity, drift-slow-servers-light-uploads");
        }
        assertThat(help("bench").replaceAll("\\s+", " ")).contains("(default: paper)");
        assertThat(help("trial").replaceAll("\\s+", " "))
                .contains("drift-slow-servers-light-uploads; required unless --resume DIR.");
    }

    @Test
    void aScenarioOrAnOutThatAResumeCanGiveIsRequiredOnlyByTheRunThatDoesNotResume() {
        TrialCommand trial = new TrialCommand();
        new CommandLine(trial).parseArgs("--slots", "2");
        assertThatThrownBy(trial.scenario::require)
                .isInstanceOf(InputException.class)
                .hasMessage("--scenario: is required (or --resume DIR)");
        assertThatThrownBy(trial.out::require)
                .isInstanceOf(InputException.class)
                .hasMessage("--out: is required (or --resume DIR)");
        assertThat(trial.scenario.value())
                .as("no default: a resume takes the recorded one")
                .isNull();
        new CommandLine(trial).parseArgs("--scenario", "tiny", "--out", "runs/t");
        assertThat(trial.scenario.require()).isEqualTo("tiny");
        assertThat(trial.out.require()).isEqualTo(Path.of("runs/t"));
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs("--steps", "3");
        assertThatThrownBy(train.outFolder::require).hasMessage("--out: is required (or --resume DIR)");
        train.outFolder.set(Path.of("runs/a"));
        assertThat(train.outFolder.require()).isEqualTo(Path.of("runs/a"));
        assertThat(Lambo.commandLine()
                        .getSubcommands()
                        .get("finetune")
                        .getCommandSpec()
                        .findOption("--out")
                        .required())
                .isTrue();
    }

    @Test
    void aSharedScenarioOptionShowsAndTakesTheDefaultOfItsCommand() {
        assertThat(help("finetune").replaceAll("\\s+", " ")).contains("(default: drift-half-capacity)");
        assertThat(help("train").replaceAll("\\s+", " ")).contains("(default: paper)");
        FinetuneCommand finetune = new FinetuneCommand();
        new CommandLine(finetune).parseArgs("--out", "x", "--checkpoint", "y");
        assertThat(finetune.scenario.value()).isEqualTo("drift-half-capacity");
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs("--scenario", "tiny");
        assertThat(train.scenario.value()).isEqualTo("tiny");
        assertThat(train.seed.value()).isEqualTo(1);
    }

    @Test
    void theLearnedBaselinesTrainingTakesItsCommonOptionsFromOneMixinWithEachCommandsReportDefaults() {
        var commands = Lambo.commandLine().getSubcommands();
        for (String c : List.of("are-train", "droo-train")) {
            for (String name :
                    List.of("--scenario", "--option", "--seed", "--out", "--eval-every", "--validation", "--threads")) {
                OptionSpec o = commands.get(c).getCommandSpec().findOption(name);
                Class<?> owner = ((Field) o.userObject()).getDeclaringClass();
                assertThat(owner == SharedOptions.BaselineTraining.class
                                || owner.getEnclosingClass() == SharedOptions.class)
                        .as("lambo %s %s comes from SharedOptions (in %s)", c, name, owner.getSimpleName())
                        .isTrue();
            }
        }
        assertThat(help("are-train")).contains("reports (default: 40)").contains("per report (default: 60)");
        assertThat(help("droo-train")).contains("reports (default: 1000)").contains("per report (default: 50)");
        AreTrainCommand are = new AreTrainCommand();
        new CommandLine(are).parseArgs("--out", "runs/are", "--validation", "7", "--option", "mip.timeLimitS=5");
        assertThat(are.run.asArgs())
                .as("the run's record spells the defaults out")
                .containsExactly(
                        "--scenario",
                        "paper",
                        "--seed",
                        "1",
                        "--out",
                        "runs/are",
                        "--eval-every",
                        "40",
                        "--validation",
                        "7",
                        "--threads",
                        "1",
                        "--option",
                        "mip.timeLimitS=5");
        DrooTrainCommand droo = new DrooTrainCommand();
        new CommandLine(droo).parseArgs("--out", "runs/droo", "--eval-every", "0");
        assertThatThrownBy(() -> droo.options(0))
                .as("the report's counts are checked by the trainer's record, naming the flag")
                .isInstanceOf(InputException.class)
                .hasMessage("--eval-every: must be >= 1, got 0");
        assertThat(droo.run.validation).isEqualTo(50);
    }

    private static String help(String command) {
        StringWriter out = new StringWriter();
        Lambo.commandLine().getSubcommands().get(command).usage(new PrintWriter(out, true));
        return out.toString();
    }
}
