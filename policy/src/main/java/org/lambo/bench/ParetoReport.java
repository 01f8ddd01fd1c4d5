package org.lambo.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.lambo.chart.Charts;
import org.lambo.mec.Prompt;

/**
 * The latency-energy fronts of a bench whose prompts include weighted ones ({@code lambo bench --pareto}): for every
 * policy and weight w, the mean latency per UE and the mean total energy of its decisions under {@code weighted:w}, its
 * mean weighted objective and its gap to the reference at that weight. The reference's points ({@code mip}: exact at
 * every weight) are the exact front that every other policy's front is drawn beside. Writes {@code pareto.csv},
 * {@code pareto.md} and {@code pareto.png}.
 */
public final class ParetoReport {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 620;

    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private ParetoReport() {}

    /** One policy at one weight: means over every run and instance. */
    public record Point(
            String policy,
            Prompt prompt,
            double meanLatencyS,
            double totalEnergyJ,
            double objective,
            double gapMean,
            double gapP95,
            long violations,
            int decisions) {}

    /** Whether the bench has a front to draw: at least one weighted prompt. */
    public static boolean applies(BenchPlan plan) {
        return plan.prompts().stream().anyMatch(Prompt::weighted);
    }

    /** The weighted prompts of the plan, by weight of latency (from energy-only to latency-only). */
    public static List<Prompt> weights(BenchPlan plan) {
        return plan.prompts().stream().filter(Prompt::weighted).sorted().toList();
    }

    /** Every policy's points, in the plan's policy order, each by weight. */
    public static List<Point> points(BenchResult result) {
        List<Point> out = new ArrayList<>();
        for (String policy : result.plan().policies()) {
            for (Prompt p : weights(result.plan())) {
                List<BenchRow> rows = result.rows().stream()
                        .filter(r -> r.policy().equals(policy) && r.prompt().equals(p))
                        .toList();
                PolicySummary s = PolicySummary.of(policy, p, rows);
                out.add(new Point(
                        policy,
                        p,
                        mean(rows, BenchRow::meanLatencyS),
                        mean(rows, BenchRow::totalEnergyJ),
                        mean(rows, BenchRow::objective),
                        s.gapMean(),
                        s.gapP95(),
                        rows.stream().mapToLong(BenchRow::violations).sum(),
                        rows.size()));
            }
        }
        return out;
    }

    /** Writes pareto.csv, pareto.md and pareto.png into the folder; returns them. */
    public static List<Path> write(BenchResult result, Path dir) throws IOException {
        List<Point> points = points(result);
        Path csv = dir.resolve("pareto.csv");
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write(
                    "policy,prompt,weight,mean_latency_s,total_energy_j,objective,gap_mean,gap_p95,violations,decisions\n");
            for (Point q : points) {
                w.write(String.join(
                        ",",
                        q.policy(),
                        q.prompt().id(),
                        num(q.prompt().latencyWeight()),
                        num(q.meanLatencyS()),
                        num(q.totalEnergyJ()),
                        num(q.objective()),
                        num(q.gapMean()),
                        num(q.gapP95()),
                        Long.toString(q.violations()),
                        Integer.toString(q.decisions())));
                w.write('\n');
            }
        }
        Path md = dir.resolve("pareto.md");
        Files.writeString(md, render(result, points), StandardCharsets.UTF_8);
        Path png = Charts.png(chart(result, points), dir.resolve("pareto.png"));
        return List.of(csv, md, png);
    }

    /**
     * The Markdown table: per policy and weight, mean latency per UE, total energy, objective and gap to the exact
     * front.
     */
    public static String render(BenchResult result, List<Point> points) {
        BenchPlan plan = result.plan();
        StringBuilder md = new StringBuilder("### Latency-energy fronts (weighted prompts)\n\n");
        md.append(
                "weighted:w minimises w L / L_local + (1 - w) E / E_local (L_local, E_local: the instance's all-local totals). ");
        md.append(
                plan.hasReference()
                        ? "Gaps are to `" + plan.reference() + "` at the same weight"
                                + (plan.reference().equals("mip") ? " (the exact front)" : "") + ". "
                        : "No reference: no gaps. ");
        md.append(String.format(
                Locale.ROOT,
                "Means over %d instance%s x %d run%s of %s (%s).%n%n",
                plan.instances(),
                plan.instances() == 1 ? "" : "s",
                plan.runs(),
                plan.runs() == 1 ? "" : "s",
                plan.sourceName(),
                plan.sizes()));
        md.append(
                "| policy | w | mean latency per UE (s) | total energy (J) | objective | gap mean (%) | gap p95 (%) | violations |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Point q : points) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.4f | %.3f | %.5f | %s | %s | %d |%n",
                    q.policy(),
                    trim(q.prompt().latencyWeight()),
                    q.meanLatencyS(),
                    q.totalEnergyJ(),
                    q.objective(),
                    pct(q.gapMean()),
                    pct(q.gapP95()),
                    q.violations()));
        }
        md.append('\n');
        return md.toString();
    }

    /**
     * Each policy's front (mean latency per UE against total energy, one point per weight), the reference's drawn as
     * the exact front.
     */
    public static XYChart chart(BenchResult result, List<Point> points) {
        BenchPlan plan = result.plan();
        XYChart chart = Charts.xy(
                WIDTH,
                HEIGHT,
                "Latency-energy fronts on " + plan.sourceName() + " (" + plan.sizes() + ", " + plan.instances()
                        + " instances x " + plan.runs() + (plan.runs() == 1 ? " run" : " runs") + ", weights "
                        + String.join(
                                ", ",
                                weights(plan).stream()
                                        .map(p -> trim(p.latencyWeight()))
                                        .toList()) + ")",
                "mean latency per UE (s)",
                "total energy (J)");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        for (String policy : plan.policies()) {
            List<Point> mine = points.stream()
                    .filter(q -> q.policy().equals(policy)
                            && Double.isFinite(q.meanLatencyS())
                            && Double.isFinite(q.totalEnergyJ()))
                    .sorted((a, b) -> Double.compare(a.meanLatencyS(), b.meanLatencyS()))
                    .toList();
            if (mine.isEmpty()) continue;
            boolean exact = policy.equals(plan.reference());
            boolean invalid = mine.stream().anyMatch(q -> q.violations() > 0);
            String name = policy + (exact ? " (exact front)" : "") + (invalid ? " (invalid)" : "");
            XYSeries s = chart.addSeries(
                    name,
                    mine.stream().mapToDouble(Point::meanLatencyS).toArray(),
                    mine.stream().mapToDouble(Point::totalEnergyJ).toArray());
            if (exact) {
                s.setLineColor(Color.BLACK);
                s.setMarkerColor(Color.BLACK);
                s.setLineStyle(new BasicStroke(3f));
                s.setMarker(SeriesMarkers.DIAMOND);
            } else {
                s.setLineStyle(new BasicStroke(
                        1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f));
            }
        }
        return chart;
    }

    private interface Field {
        double of(BenchRow r);
    }

    private static double mean(List<BenchRow> rows, Field f) {
        if (rows.isEmpty()) return Double.NaN;
        double sum = 0;
        for (BenchRow r : rows) sum += f.of(r);
        return sum / rows.size();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", 100 * v);
    }

    private static String trim(double w) {
        return java.math.BigDecimal.valueOf(w).stripTrailingZeros().toPlainString();
    }
}
