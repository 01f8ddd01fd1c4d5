package org.lambo.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.lambo.chart.Charts;
import org.lambo.mec.Prompt;

/**
 * PNG charts of the bench tables, drawn headless with XChart: per prompt a bar per policy of the reported figure (mean
 * latency per UE, or total energy) with its 95 % confidence interval as an error bar ({@code <prompt>.png}), the median
 * decision time per policy and prompt on a log axis ({@code decide-ms.png}, policies only: given decisions take no
 * time) and, with a reference, the mean gap per policy and prompt ({@code gap.png}).
 */
public final class BenchCharts {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;

    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private BenchCharts() {}

    /** Writes every chart into the folder; returns the files written. */
    public static List<Path> write(BenchResult result, Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Prompt p : result.plan().prompts()) out.add(save(reported(result, p), dir.resolve(p.fileName() + ".png")));
        boolean timed =
                result.plan().policies().stream().anyMatch(p -> !result.plan().isLabel(p));
        if (timed) out.add(save(decideTimes(result), dir.resolve("decide-ms.png"))); // given decisions take no time
        if (result.plan().hasReference()) out.add(save(gaps(result), dir.resolve("gap.png")));
        return out;
    }

    /** Bars of the prompt's reported figure per policy, CI95 as error bars. */
    public static CategoryChart reported(BenchResult result, Prompt prompt) {
        BenchPlan plan = result.plan();
        boolean latency = prompt.equals(Prompt.MIN_LATENCY);
        String what = prompt.weighted()
                ? "weighted objective (all-local = 1)"
                : latency ? "mean latency per UE" : "total energy";
        CategoryChart chart = Charts.bars(
                WIDTH,
                HEIGHT,
                prompt.id() + ": " + what + " on " + plan.sourceName() + " (" + plan.instances() + " instances x "
                        + plan.runs() + " runs, 95 % CI)",
                "policy",
                prompt.weighted() ? what : latency ? "mean latency per UE (s)" : "total energy (J)");
        style(chart);
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        for (PolicySummary s : result.summaries(prompt)) {
            names.add(s.violations() > 0 ? s.policy() + " (invalid)" : s.policy());
            values.add(finiteOr(s.reportedMean(), 0));
            errors.add(finiteOr(s.reportedCi95(), 0));
        }
        chart.addSeries(prompt.id(), names, values, errors);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setErrorBarsColor(java.awt.Color.BLACK);
        chart.getStyler().setYAxisMin(0.0); // costs are positive; a wide interval must not drag the axis below 0
        return chart;
    }

    /** Mean gap to the reference per policy, one series per prompt (the p95 is in the table). */
    public static CategoryChart gaps(BenchResult result) {
        CategoryChart chart = Charts.bars(
                WIDTH,
                HEIGHT,
                "Gap to " + result.plan().reference() + " on " + result.plan().sourceName() + " (mean over instances)",
                "policy",
                "gap (%)");
        style(chart);
        for (Prompt p : result.plan().prompts()) {
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (PolicySummary s : result.summaries(p)) {
                names.add(s.policy());
                values.add(100 * finiteOr(s.gapMean(), 0));
            }
            chart.addSeries(p.id(), names, values);
        }
        valueLabels(chart, "0.00");
        return chart;
    }

    /** Median decision time per policy, one series per prompt, log axis. */
    public static CategoryChart decideTimes(BenchResult result) {
        CategoryChart chart = Charts.bars(
                WIDTH,
                HEIGHT,
                "Decision time per instance (median) on " + result.plan().sourceName(),
                "policy",
                "ms (log scale)");
        style(chart);
        chart.getStyler().setYAxisLogarithmic(true);
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Prompt p : result.plan().prompts()) {
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (PolicySummary s : result.summaries(p)) {
                if (result.plan().isLabel(s.policy())) continue;
                names.add(s.policy());
                double v = Math.max(1e-3, finiteOr(s.decideMedianMs(), 1e-3));
                values.add(v);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            chart.addSeries(p.id(), names, values);
        }
        // bars grow from the axis minimum: a log axis needs it positive, at the decade below the fastest policy
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
        chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(max) + 1e-9)));
        return chart;
    }

    /**
     * Bars of a prompt's reported figure, one per summary in order, CI95 as error bars, under the given title: for
     * tables whose rows are not a bench plan's policies ({@code ArticleFigures}' labels).
     */
    public static CategoryChart reported(String title, Prompt prompt, List<PolicySummary> summaries) {
        boolean latency = prompt.equals(Prompt.MIN_LATENCY);
        CategoryChart chart =
                Charts.bars(WIDTH, HEIGHT, title, "policy", latency ? "mean latency per UE (s)" : "total energy (J)");
        style(chart);
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        for (PolicySummary s : summaries) {
            names.add(s.violations() > 0 ? s.policy() + " (invalid)" : s.policy());
            values.add(finiteOr(s.reportedMean(), 0));
            errors.add(finiteOr(s.reportedCi95(), 0));
        }
        chart.addSeries(prompt.id(), names, values, errors);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setErrorBarsColor(java.awt.Color.BLACK);
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }

    private static void style(CategoryChart chart) {
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setAvailableSpaceFill(0.6);
        chart.getStyler().setLabelsVisible(false);
    }

    /** Each bar's value printed at its top, so that small differences (a 0.3 % gap) can still be read. */
    private static void valueLabels(CategoryChart chart, String pattern) {
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setYAxisDecimalPattern(pattern); // XChart formats the bar labels with the y axis's pattern
        chart.getStyler().setLabelsPosition(0.98);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setLabelsFontColor(java.awt.Color.BLACK);
        chart.getStyler().setLabelsRotation(0);
    }

    /** Writes a chart as a PNG file. */
    public static Path save(CategoryChart chart, Path file) throws IOException {
        return Charts.png(chart, file);
    }

    private static double finiteOr(double v, double dflt) {
        return Double.isFinite(v) ? v : dflt;
    }
}
