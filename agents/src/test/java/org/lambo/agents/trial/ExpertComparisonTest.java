package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.SlotSource;
import org.lambo.agents.Vocabulary;
import org.lambo.baseline.LocalPolicy;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Evaluation;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.ontology.TaskReport;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;

class ExpertComparisonTest {
    private final Scenario scenario = ScenarioLoader.load("tiny");
    private final OffloadingPolicy mip = Policies.create("mip", new PolicySettings(1, Map.of()));

    @TempDir
    Path dir;

    /** A trial whose UEs ran the decisions of {@code policy}, all completed, but for {@code failIn}'s first UE. */
    private TrialResult trialOf(OffloadingPolicy policy, int slots, int failIn) {
        SlotSource world = new SlotSource(scenario, 5);
        List<SlotRecord> records = new ArrayList<>();
        for (int t = 0; t < slots; t++) {
            Instance inst = world.slot(t);
            Decision d = policy.decide(inst, Prompt.MIN_LATENCY);
            Evaluation ev = CostModel.evaluate(inst, d);
            List<TaskReport> reports = new ArrayList<>();
            for (int i = 0; i < inst.n(); i++) {
                String ue = "ue-" + i;
                reports.add(
                        t == failIn && i == 0
                                ? TaskReport.failed(t, ue, i, Vocabulary.taskId(t, i), null, "no result")
                                : TaskReport.builder(t, ue, i, Vocabulary.taskId(t, i))
                                        .decision(d.option(i), d.share(i), ev.latency(i), ev.energy(i))
                                        .completed(ev.latency(i), ev.energy(i))
                                        .build());
            }
            records.add(new SlotRecord(t, reports, 1.0));
        }
        return TrialResult.builder(policy.name(), Prompt.MIN_LATENCY)
                .slots(records)
                .wallS(1.0)
                .build();
    }

    @Test
    void theExpertAgainstItselfHasNoGap() {
        List<ExpertComparison.SlotGap> gaps =
                ExpertComparison.compare(trialOf(mip, 3, -1), new SlotSource(scenario, 5), mip, Prompt.MIN_LATENCY);
        assertThat(gaps).hasSize(3).allSatisfy(g -> assertThat(g.gap()).isCloseTo(0, within(1e-12)));
    }

    @Test
    void allLocalIsComparedWithTheOptimumSlotBySlot() {
        List<ExpertComparison.SlotGap> gaps = ExpertComparison.compare(
                trialOf(new LocalPolicy(), 3, -1), new SlotSource(scenario, 5), mip, Prompt.MIN_LATENCY);
        SlotSource world = new SlotSource(scenario, 5);
        for (ExpertComparison.SlotGap g : gaps) {
            Instance inst = world.slot(g.slot());
            double local = CostModel.evaluate(inst, Decision.allLocal(inst.n())).totalLatency();
            double best = CostModel.evaluate(inst, mip.decide(inst, Prompt.MIN_LATENCY))
                    .totalLatency();
            assertThat(g.trialObjective()).isEqualTo(local);
            assertThat(g.expertObjective()).isEqualTo(best);
            assertThat(g.gap()).isEqualTo((local - best) / best).isPositive();
        }
        assertThat(ExpertComparison.meanGap(gaps))
                .isEqualTo(gaps.stream()
                        .mapToDouble(ExpertComparison.SlotGap::gap)
                        .average()
                        .orElseThrow());
    }

    @Test
    void aSlotWithAFailedTaskIsNotComparedAndTheRunFolderSaysSo() throws Exception {
        List<ExpertComparison.SlotGap> gaps = ExpertComparison.compare(
                trialOf(new LocalPolicy(), 3, 1), new SlotSource(scenario, 5), mip, Prompt.MIN_LATENCY);
        assertThat(gaps.get(1).gap()).isNaN();
        assertThat(ExpertComparison.meanGap(gaps))
                .isEqualTo((gaps.get(0).gap() + gaps.get(2).gap()) / 2);
        Files.writeString(dir.resolve("summary.md"), "# Trial\n");
        ExpertComparison.write(gaps, "local", "mip", Prompt.MIN_LATENCY, dir);
        assertThat(Files.readString(dir.resolve("summary.md")))
                .startsWith("# Trial\n")
                .contains("## Gap to mip")
                .contains(String.format(
                        java.util.Locale.ROOT,
                        "mean gap: %.3f %% over 2 of 3 slots",
                        100 * ExpertComparison.meanGap(gaps)));
        assertThat(Files.readAllLines(dir.resolve("gap.csv")))
                .hasSize(4)
                .element(2)
                .asString()
                .startsWith("1,,");
        assertThat(javax.imageio.ImageIO.read(dir.resolve("gap.png").toFile()).getWidth())
                .isEqualTo(800);
    }
}
