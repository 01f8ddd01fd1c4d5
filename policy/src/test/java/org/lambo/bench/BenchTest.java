package org.lambo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.io.InputException;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;

class BenchTest {
    private final Scenario tiny = ScenarioLoader.load("tiny");

    private BenchPlan.Builder plan() {
        return BenchPlan.builder(tiny)
                .seed(7)
                .instances(3)
                .policies(List.of("local", "greedy"))
                .reference("greedy");
    }

    @Test
    void benchOfLocalAndGreedyOnTinyWritesTheCsvHeaderAndOneRowPerPolicyPromptAndInstance(@TempDir Path dir)
            throws Exception {
        BenchResult result = Bench.run(plan().build(), Bench.Progress.NONE);
        BenchReports.write(result, dir, "header line");
        List<String> csv = Files.readAllLines(dir.resolve("bench.csv"));
        assertThat(csv.get(0))
                .isEqualTo("policy,prompt,instance,objective,mean_latency_s,total_energy_j,gap,violations,decide_ms");
        assertThat(csv).hasSize(1 + 3 * 2 * 2);
        for (String line : csv.subList(1, csv.size()))
            assertThat(line.split(",", -1)).hasSize(9);
        assertThat(csv.subList(1, csv.size())).allMatch(l -> l.startsWith("local,") || l.startsWith("greedy,"));
        assertThat(Files.readAllLines(dir.resolve("reference.csv"))).hasSize(1 + 3 * 2);
        String md = Files.readString(dir.resolve("bench.md"));
        assertThat(md)
                .startsWith("header line")
                .contains("### min-latency", "### min-energy", "| local |", "| greedy |");
        for (String png : List.of("min-latency.png", "min-energy.png", "decide-ms.png", "gap.png")) {
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertThat(img).as(png).isNotNull();
            assertThat(img.getWidth()).isEqualTo(900);
        }
    }

    @Test
    void theReferenceHasZeroGapAndOthersAreMeasuredAgainstIt() {
        BenchResult result = Bench.run(plan().build(), Bench.Progress.NONE);
        for (BenchRow r : result.rows()) {
            ReferenceRow ref = result.references().stream()
                    .filter(x -> x.instance().equals(r.instance()) && x.prompt() == r.prompt())
                    .findFirst()
                    .orElseThrow();
            if (r.policy().equals("greedy")) {
                assertThat(r.gap()).isZero();
                assertThat(r.objective()).isEqualTo(ref.objective());
            } else {
                assertThat(r.gap()).isCloseTo((r.objective() - ref.objective()) / ref.objective(), within(1e-12));
                // greedy never costs more than all-local: each UE's marginal cost is at most its local cost
                assertThat(r.gap()).isGreaterThanOrEqualTo(-1e-12);
            }
            assertThat(r.violations()).isZero();
        }
        for (Prompt p : Prompt.values()) {
            PolicySummary greedy = result.summaries(p).get(1);
            assertThat(greedy.gapMean()).isZero();
            assertThat(greedy.gapP95()).isZero();
        }
    }

    @Test
    void aReferenceNotAmongThePoliciesIsStillRunForGapsWithItsBound() {
        BenchPlan p = plan().policies(List.of("local"))
                .reference("de")
                .options(Map.of("de.generations", "20"))
                .build();
        List<String> told = new java.util.ArrayList<>();
        BenchResult result = Bench.run(p, (policy, inst) -> told.add(policy));
        assertThat(result.rows()).hasSize(3 * 2).allMatch(r -> r.policy().equals("local") && !Double.isNaN(r.gap()));
        assertThat(result.references()).hasSize(3 * 2).allSatisfy(ref -> {
            assertThat(ref.policy()).isEqualTo("de");
            assertThat(ref.bound()).isLessThanOrEqualTo(ref.objective());
            assertThat(ref.status()).startsWith("heuristic");
        });
        assertThat(told).hasSize((int) p.decisions()).hasSize(12);
    }

    @Test
    void withoutAReferenceThereAreNoGaps() {
        BenchResult result = Bench.run(plan().reference("none").build(), Bench.Progress.NONE);
        assertThat(result.rows()).allMatch(r -> Double.isNaN(r.gap()));
        assertThat(result.references()).isEmpty();
        assertThat(MarkdownReport.render(result)).contains("no reference", "n/a");
    }

    @Test
    void theSameSeedGivesTheSameRowsAndRunZeroIsTheGenerateSeed() {
        BenchPlan p = plan().policies(List.of("random", "greedy")).runs(2).build();
        BenchResult a = Bench.run(p, Bench.Progress.NONE);
        BenchResult b = Bench.run(p, Bench.Progress.NONE);
        assertThat(a.rows()).hasSize(2 * 3 * 2 * 2);
        for (int k = 0; k < a.rows().size(); k++) {
            assertThat(a.rows().get(k).objective()).isEqualTo(b.rows().get(k).objective());
            assertThat(a.rows().get(k).instance()).isEqualTo(b.rows().get(k).instance());
        }
        assertThat(a.rows().stream().filter(r -> r.run() == 0))
                .allMatch(r -> r.instance().startsWith("tiny-s7-"));
        assertThat(a.rows().stream().filter(r -> r.run() == 1))
                .noneMatch(r -> r.instance().startsWith("tiny-s7-"));
        assertThat(a.summaries(Prompt.MIN_LATENCY).get(0).ciOverRuns()).isTrue();
    }

    @Test
    void warmUpDecisionsChangeNoResult() {
        BenchPlan p = plan().policies(List.of("random", "de"))
                .options(Map.of("de.generations", "5"))
                .build();
        BenchPlan warm = plan().policies(List.of("random", "de"))
                .options(Map.of("de.generations", "5"))
                .warmup(2)
                .build();
        BenchResult a = Bench.run(p, Bench.Progress.NONE);
        BenchResult b = Bench.run(warm, Bench.Progress.NONE);
        for (int k = 0; k < a.rows().size(); k++)
            assertThat(b.rows().get(k).objective()).isEqualTo(a.rows().get(k).objective());
        assertThatThrownBy(() -> plan().warmup(-1).build())
                .isInstanceOf(InputException.class)
                .hasMessageContaining("--warmup");
    }

    /** Wraps a policy and counts how often it is closed. */
    private static final class Counted implements OffloadingPolicy {
        final OffloadingPolicy inner;
        final boolean failing;
        int closes;

        Counted(OffloadingPolicy inner, boolean failing) {
            this.inner = inner;
            this.failing = failing;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public Decision decide(Instance inst, Prompt prompt) {
            if (failing) throw new IllegalStateException("deliberately broken");
            return inner.decide(inst, prompt);
        }

        @Override
        public void close() {
            closes++;
            inner.close();
        }
    }

    @Test
    void theBenchClosesEveryPolicyItMadeOnceWhenItIsDoneWithIt() {
        List<Counted> made = new java.util.ArrayList<>();
        BenchPlan p = plan().runs(2).warmup(1).build();
        Bench.checkOptions(p, (name, settings) -> add(made, new Counted(Policies.create(name, settings), false)));
        assertThat(made).hasSize(2); // local and greedy, to check their options
        Bench.run(
                p,
                Bench.Progress.NONE,
                (name, settings) -> add(made, new Counted(Policies.create(name, settings), false)));
        assertThat(made).hasSize(2 + 2 * 2 + 2 * 2 * 2); // + warm-up (policy x prompt) + one per run, policy and prompt
        assertThat(made).allSatisfy(c -> assertThat(c.closes).as(c.name()).isEqualTo(1));
    }

    @Test
    void aPolicyThatFailsMidBenchDoesNotLeaveTheOthersOpen() {
        List<Counted> made = new java.util.ArrayList<>();
        assertThatThrownBy(() -> Bench.run(
                        plan().build(),
                        Bench.Progress.NONE,
                        (name, settings) ->
                                add(made, new Counted(Policies.create(name, settings), name.equals("local")))))
                .hasMessageContaining("deliberately broken");
        assertThat(made)
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.closes).as(c.name()).isEqualTo(1));
    }

    private static Counted add(List<Counted> made, Counted c) {
        made.add(c);
        return c;
    }

    /** A policy that overloads server 1 with every UE: its violations must show in rows and tables. */
    @Test
    void anInvalidDecisionIsCountedAndReportedNotDropped() {
        OffloadingPolicy crowd = new OffloadingPolicy() {
            @Override
            public String name() {
                return "local";
            }

            @Override
            public Decision decide(Instance inst, Prompt prompt) {
                int[] o = new int[inst.n()];
                double[] s = new double[inst.n()];
                java.util.Arrays.fill(o, 1);
                java.util.Arrays.fill(s, 0.5);
                return new Decision(o, s);
            }
        };
        BenchResult result = Bench.run(
                plan().build(),
                Bench.Progress.NONE,
                (name, settings) -> name.equals("local") ? crowd : Policies.create(name, settings));
        List<BenchRow> bad =
                result.rows().stream().filter(r -> r.policy().equals("local")).toList();
        assertThat(bad).hasSize(6).allSatisfy(r -> {
            assertThat(r.violations()).isPositive();
            assertThat(r.firstViolation()).startsWith("CAPACITY");
            assertThat(r.objective()).isFinite();
        });
        assertThat(result.summaries(Prompt.MIN_ENERGY).get(0).invalidDecisions())
                .isEqualTo(3);
        assertThat(MarkdownReport.render(result)).contains("local (invalid)", " in 3/3 decisions**");
        assertThat(result.violations()).isPositive();
    }

    @Test
    void badPlansNameTheFlag() {
        assertThatThrownBy(() -> plan().instances(0).build())
                .isInstanceOf(InputException.class)
                .hasMessageContaining("--instances");
        assertThatThrownBy(() -> plan().policies(List.of("local", "nope")).build())
                .isInstanceOf(InputException.class)
                .hasMessageContaining("--policies")
                .hasMessageContaining("'nope'");
        assertThatThrownBy(() -> plan().reference("nope").build())
                .isInstanceOf(InputException.class)
                .hasMessageContaining("--reference");
        assertThatThrownBy(() -> BenchPlan.parsePrompts("min-latency,max-fun"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("--prompts")
                .hasMessageContaining("max-fun");
        assertThat(BenchPlan.parsePrompts("min-energy, minimize latency"))
                .containsExactly(Prompt.MIN_ENERGY, Prompt.MIN_LATENCY);
    }
}
