package org.lambo.agents.trial;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.lambo.agents.SlotSource;
import org.lambo.chart.Charts;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Evaluation;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.ontology.TaskReport;
import org.lambo.policy.OffloadingPolicy;

/**
 * The trial's policy beside an expert ({@code mip}, the exact optimum, by default in {@code lambo trial --compare}):
 * each slot's instance, as the world had it, is solved by the expert too, and the slot's gap is (trial objective -
 * expert objective) / expert objective, both objectives evaluated by {@link CostModel} (total latency L for
 * min-latency, total energy E for min-energy). The trial's objective is that of the decisions the UEs ran under (their
 * options and shares from their reports), which in simulation is also what they realised.
 *
 * <p>A slot with a failed task has no trial objective to compare (its gap is NaN, and it is left out of the mean). The
 * expert sees the world: a server that was down for the trial only because its agent died is up for the expert, so
 * faults can make a slot's gap large.
 */
public final class ExpertComparison {
    /**
     * One slot's comparison.
     *
     * @param gap (trialObjective - expertObjective) / expertObjective; NaN when a task of the slot failed
     */
    public record SlotGap(int slot, double trialObjective, double expertObjective, double gap) {}

    private ExpertComparison() {}

    /**
     * Solves every slot of the trial with {@code expert} on the world of {@code scenario} and seed.
     *
     * @param world a fresh world of the trial's scenario and seed (slots are read in order)
     */
    public static List<SlotGap> compare(TrialResult trial, SlotSource world, OffloadingPolicy expert, Prompt prompt) {
        List<SlotGap> out = new ArrayList<>(trial.slots().size());
        for (SlotRecord s : trial.slots()) {
            Instance inst = world.slot(s.slot());
            Evaluation best = CostModel.evaluate(inst, expert.decide(inst, prompt));
            double bestObjective = best.objective(prompt);
            Decision ran = decisionRun(s, inst.n());
            if (ran == null) {
                out.add(new SlotGap(s.slot(), Double.NaN, bestObjective, Double.NaN));
            } else {
                double objective = CostModel.evaluate(inst, ran).objective(prompt);
                out.add(new SlotGap(s.slot(), objective, bestObjective, Evaluation.gap(objective, bestObjective)));
            }
        }
        return out;
    }

    /**
     * The options and shares the slot's UEs ran under; null when a task failed or the slot's UEs do not match the
     * world's.
     */
    static Decision decisionRun(SlotRecord s, int n) {
        if (s.reports().size() != n) return null;
        int[] options = new int[n];
        double[] shares = new double[n];
        for (TaskReport t : s.reports()) {
            if (!t.completed() || t.index() < 0 || t.index() >= n) return null;
            options[t.index()] = t.option();
            shares[t.index()] = t.share();
        }
        return new Decision(options, shares);
    }

    /** The mean gap over the comparable slots (NaN when none is). */
    public static double meanGap(List<SlotGap> gaps) {
        return gaps.stream()
                .mapToDouble(SlotGap::gap)
                .filter(g -> !Double.isNaN(g))
                .average()
                .orElse(Double.NaN);
    }

    /**
     * Writes {@code gap.csv} and {@code gap.png} (the gap per slot, in percent) into the run folder and adds a section
     * to its {@code summary.md}.
     */
    public static void write(List<SlotGap> gaps, String policy, String expert, Prompt prompt, Path dir)
            throws IOException {
        write(gaps, policy, expert, prompt, List.of(), dir);
    }

    /** As {@link #write(List, String, String, Prompt, Path)}, with the scenario's drift events marked on gap.png. */
    public static void write(
            List<SlotGap> gaps,
            String policy,
            String expert,
            Prompt prompt,
            List<org.lambo.scenario.DriftEvent> drift,
            Path dir)
            throws IOException {
        try (Writer w = Files.newBufferedWriter(dir.resolve("gap.csv"), StandardCharsets.UTF_8)) {
            w.write("slot,trial_objective,expert_objective,gap\n");
            for (SlotGap g : gaps) {
                w.write(String.format(
                        Locale.ROOT,
                        "%d,%s,%s,%s%n",
                        g.slot(),
                        num(g.trialObjective()),
                        num(g.expertObjective()),
                        num(g.gap())));
            }
        }
        XYChart c = Charts.xy(
                800, 500, "Gap of " + policy + " to " + expert + " per slot (" + prompt.id() + ")", "slot", "gap (%)");
        List<SlotGap> comparable =
                gaps.stream().filter(g -> !Double.isNaN(g.gap())).toList();
        double[] x = comparable.stream().mapToDouble(SlotGap::slot).toArray();
        double[] y = comparable.stream().mapToDouble(g -> 100 * g.gap()).toArray();
        if (x.length == 0) {
            x = new double[] {0};
            y = new double[] {0};
        }
        c.addSeries(policy + " vs " + expert, x, y).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        if (!gaps.isEmpty()) {
            DriftMarks.markXy(
                    c,
                    drift,
                    gaps.stream().mapToInt(SlotGap::slot).min().orElse(0),
                    gaps.stream().mapToInt(SlotGap::slot).max().orElse(0),
                    java.util.Arrays.stream(y).min().orElse(0),
                    java.util.Arrays.stream(y).max().orElse(0));
        }
        Charts.png(c, dir.resolve("gap.png"));
        String section = String.format(
                Locale.ROOT,
                "%n## Gap to %s%n%n- %s solved each slot's instance beside the trial (objective: %s)%n"
                        + "- mean gap: %.3f %% over %d of %d slots (a slot with a failed task is not compared); per slot in gap.csv and gap.png%n",
                expert,
                expert,
                prompt.objectiveName(),
                100 * meanGap(gaps),
                comparable.size(),
                gaps.size());
        Files.writeString(dir.resolve("summary.md"), section, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
