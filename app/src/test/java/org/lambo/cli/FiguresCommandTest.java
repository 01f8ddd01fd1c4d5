package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.aed.AedModel;
import org.lambo.aed.model.AedConfig;

class FiguresCommandTest {
    private static CliTest.Result figures(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "figures",
                "--scenario",
                "tiny",
                "--instances",
                "1",
                "--runs",
                "2",
                "--seed",
                "4",
                "--no-progress",
                "--out",
                out.toString()));
        args.addAll(List.of(more));
        return CliTest.run(args.toArray(String[]::new));
    }

    @Test
    void byDefaultLamboLIsTheShippedLamboLCheckpoint(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("fig");
        CliTest.Result r = figures(out);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("left out");
        List<String> csv = Files.readAllLines(out.resolve("figures.csv"));
        assertThat(csv.get(1))
                .startsWith("5,min-latency,LAMBO_L,")
                .contains("aed.checkpoint=builtin:aed-paper-lambo-l");
    }

    @Test
    void withLamboLNoneTheFiguresSaySoAndDrawTheOthers(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("fig");
        CliTest.Result r = figures(out, "--lambo-l", "none");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("LAMBO_L is left out").contains("--lambo-l none");
        assertThat(out.resolve("figure-5-min-latency.png")).isNotEmptyFile();
        assertThat(out.resolve("figure-6-min-energy.png")).isNotEmptyFile();
        assertThat(Files.readString(out.resolve("figures.md")))
                .contains("LAMBO_L is left out")
                .contains("### Figure 5")
                .contains("### Figure 6")
                .contains("| ARE | `are` |")
                .contains("Student t over the 2 run means");
        List<String> csv = Files.readAllLines(out.resolve("figures.csv"));
        assertThat(csv).hasSize(1 + 2 * 7); // LAMBO_M, DE, ARE, DROO, mip, greedy, all-local under both prompts
        assertThat(csv.stream().skip(1).map(l -> l.split(",")[2]).distinct())
                .containsExactly("LAMBO_M", "DE", "ARE", "DROO", "mip", "greedy", "all-local");
        // mip is the reference: its own gap is exactly 0; every decision is in decisions.csv (7 entries x 2 prompts x 2
        // runs x 1 slot)
        assertThat(csv.stream().filter(l -> l.contains(",mip,mip,")).map(l -> l.split(",")[8]))
                .containsOnly("0.0");
        List<String> decisions = Files.readAllLines(out.resolve("decisions.csv"));
        assertThat(decisions).hasSize(1 + 7 * 2 * 2);
        assertThat(decisions.get(0))
                .isEqualTo(
                        "label,run,policy,prompt,instance,objective,mean_latency_s,total_energy_j,gap,violations,decide_ms");
        // each gap is to mip's objective on the same prompt, run and instance
        java.util.Map<String, Double> mip = new java.util.HashMap<>();
        for (String line : decisions.subList(1, decisions.size())) {
            String[] f = line.split(",");
            if (f[0].equals("mip")) mip.put(f[1] + f[3] + f[4], Double.parseDouble(f[5]));
        }
        assertThat(mip).hasSize(2 * 2);
        int checked = 0;
        for (String line : decisions.subList(1, decisions.size())) {
            String[] f = line.split(",");
            double best = mip.get(f[1] + f[3] + f[4]);
            assertThat(Double.parseDouble(f[8]))
                    .as(line)
                    .isCloseTo((Double.parseDouble(f[5]) - best) / best, org.assertj.core.api.Assertions.within(1e-12));
            checked++;
        }
        assertThat(checked).isEqualTo(28);
    }

    @Test
    void aLamboLCheckpointAddsItsBarAndAWrongSizeIsRefused(@TempDir Path dir) throws Exception {
        Path l = dir.resolve("lambo-l");
        try (AedModel m = AedModel.create(AedConfig.load("lambo-l"), 1)) {
            m.save(l, 0, new ObjectMapper().createObjectNode());
        }
        Path out = dir.resolve("fig");
        CliTest.Result r = figures(out, "--lambo-l", l.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("left out");
        List<String> csv = Files.readAllLines(out.resolve("figures.csv"));
        assertThat(csv).hasSize(1 + 2 * 8);
        assertThat(csv.get(1)).startsWith("5,min-latency,LAMBO_L,").contains("aed.checkpoint=" + l);

        CliTest.Result m = figures(dir.resolve("m"), "--lambo-l", "builtin:aed-paper-lambo-m");
        assertThat(m.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(m.err())
                .contains("--lambo-l")
                .contains("is a lambo-m checkpoint, LAMBO_L needs lambo-l")
                .doesNotContain("\tat ");
        CliTest.Result empty = figures(dir.resolve("e"), "--lambo-l", dir.toString());
        assertThat(empty.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(empty.err()).contains("holds no AED checkpoint");
        CliTest.Result option = figures(dir.resolve("o"), "--option", "aed.checkpoint=x");
        assertThat(option.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(option.err()).contains("--lambo-l and --lambo-m");
        CliTest.Result warmup = figures(dir.resolve("r"), "--warmup", "-1");
        assertThat(warmup.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(warmup.err()).contains("--warmup").contains("got -1");
        assertThat(dir.resolve("r").resolve("run.json")).doesNotExist();
    }
}
