package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The options several commands take are declared once, with one help text, and each command keeps its default. */
class SharedOptionsTest {
    private static final Set<String> SHARED = Set.of("--seed", "--option", "--decision-ms", "--server-ms");

    @Test
    void everyCommandTakesTheSharedOptionsFromTheirOneDeclaration() {
        List<String> seen = new ArrayList<>();
        for (var e : Lambo.commandLine().getSubcommands().entrySet()) {
            for (OptionSpec o : e.getValue().getCommandSpec().options()) {
                if (!SHARED.contains(o.longestName())) continue;
                assertThat(o.userObject())
                        .as("lambo %s %s", e.getKey(), o.longestName())
                        .isInstanceOf(Field.class);
                Class<?> owner = ((Field) o.userObject()).getDeclaringClass();
                assertThat(owner.getEnclosingClass())
                        .as("lambo %s declares %s itself (in %s)", e.getKey(), o.longestName(), owner.getSimpleName())
                        .isEqualTo(SharedOptions.class);
                seen.add(e.getKey() + " " + o.longestName());
            }
        }
        assertThat(seen)
                .contains(
                        "trial --seed",
                        "trial --option",
                        "trial --server-ms",
                        "container --decision-ms",
                        "bench --seed",
                        "train --seed",
                        "droo-train --option",
                        "solve --seed");
    }

    @Test
    void aSharedScenarioOptionShowsAndTakesTheDefaultOfItsCommand() {
        assertThat(help("finetune")).contains("(default: drift-half-capacity)");
        assertThat(help("train")).contains("(default: paper)");
        FinetuneCommand finetune = new FinetuneCommand();
        new CommandLine(finetune).parseArgs("--out", "x", "--checkpoint", "y");
        assertThat(finetune.scenario.value()).isEqualTo("drift-half-capacity");
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs("--scenario", "tiny");
        assertThat(train.scenario.value()).isEqualTo("tiny");
        assertThat(train.seed.value()).isEqualTo(1);
    }

    private static String help(String command) {
        StringWriter out = new StringWriter();
        Lambo.commandLine().getSubcommands().get(command).usage(new PrintWriter(out, true));
        return out.toString();
    }
}
