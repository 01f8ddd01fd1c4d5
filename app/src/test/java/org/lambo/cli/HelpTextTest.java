package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What a user reads in {@code --help}: lines that fit, names never split, examples that copy, required flags shown. */
class HelpTextTest {
    private static final Pattern FILE_NAME =
            Pattern.compile("[\\w*-]+\\.(md|csv|png|jar|yaml|jsonl|json|log|crt|pw)\\b");

    private static String help(String... command) {
        CommandLine cl = Lambo.commandLine();
        for (String c : command) cl = cl.getSubcommands().get(c);
        StringWriter out = new StringWriter();
        cl.usage(new PrintWriter(out, true));
        return out.toString();
    }

    private static List<String[]> allCommands() {
        List<String[]> all = new ArrayList<>();
        all.add(new String[0]);
        for (var e : Lambo.commandLine().getSubcommands().entrySet()) {
            all.add(new String[] {e.getKey()});
            for (String sub : e.getValue().getSubcommands().keySet()) all.add(new String[] {e.getKey(), sub});
        }
        return all;
    }

    @Test
    void everyHelpLineFitsAndNoFileNameIsSplitAcrossLines() {
        for (String[] command : allCommands()) {
            String text = help(command);
            String name = "lambo " + String.join(" ", command);
            for (String line : text.split("\n")) {
                assertThat(line.length()).as("%s --help line '%s'", name, line).isLessThanOrEqualTo(80);
                assertThat(line.strip())
                        .as("%s --help has a line of a lone continuation", name)
                        .isNotEqualTo("\\");
            }
            // an example command is one line, or continues with a backslash: never wrapped
            List<String> lines = text.lines().toList();
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("  lambo ") && !lines.get(i).endsWith("\\")) {
                    String next = lines.get(i + 1);
                    assertThat(next.isBlank() || next.startsWith("  lambo ") || !next.startsWith(" "))
                            .as("%s --help wraps the example '%s' onto '%s'", name, lines.get(i), next)
                            .isTrue();
                }
            }
            // every file name the help mentions reads whole on one line
            String joined = text.replaceAll("\\s*\n\\s*", " ");
            Matcher m = FILE_NAME.matcher(joined);
            while (m.find()) {
                String file = m.group();
                assertThat(text.lines().anyMatch(l -> l.contains(file)))
                        .as("%s --help splits %s across lines:%n%s", name, file, text)
                        .isTrue();
            }
        }
    }

    @Test
    void benchHelpNamesItsReportFilesWholeAndItsExampleContinuesWithABackslash() {
        String text = help("bench");
        assertThat(text).contains("bench.md").contains("bench.csv").contains("reference.csv");
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("\\")) {
                assertThat(lines.get(i))
                        .as("a continued example line starts with the command")
                        .contains("lambo bench");
                assertThat(lines.get(i + 1)).startsWith("      --");
            }
        }
        assertThat(text).contains("--instances 20 --runs 3 --seed 7 --out runs/bench");
    }

    @Test
    void deviceHelpShowsRoleIdAndBrokerAsRequired() {
        String text = help("device");
        String synopsis = text.lines().findFirst().orElseThrow();
        assertThat(synopsis)
                .contains("--role=ue|server")
                .contains("--id=ID")
                .contains("--broker=URL")
                .doesNotContain("[--role")
                .doesNotContain("[--id")
                .doesNotContain("[--broker");
        assertThat(text).contains("calibrate").contains("work");
    }

    @Test
    void aLongWordStaysWholeAndListContinuationsHangUnderTheirDescription() {
        String wrapped = UsageWrap.wrap(
                "      --plugins=DIR        Policy plug-ins: jars, and folders whose every *.jar is loaded, separated by ':'; repeatable",
                60,
                true);
        assertThat(wrapped.lines()).allMatch(l -> l.length() <= 60);
        assertThat(wrapped).contains("*.jar");
        assertThat(wrapped.lines().skip(1))
                .allMatch(l -> l.startsWith(" ".repeat(29)) && !l.startsWith(" ".repeat(30)));
    }

    @Test
    void brokerScriptHelpIsItsCommentBlockAndNoCode() throws Exception {
        Path script =
                Path.of("..", "testbed-scripts", "broker").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("bash", script.toString(), "--help")
                .redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(text)
                .contains("setup")
                .contains("--dry-run")
                .doesNotContain("set -euo")
                .doesNotContain("root=")
                .doesNotContain("#!");
        assertThat(text.strip().lines().reduce((a, b) -> b).orElseThrow()).contains("--dry-run");
    }
}
