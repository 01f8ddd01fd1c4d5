package org.lambo.aed.alef;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.lambo.aed.infer.DecisionEntropy;
import org.lambo.chart.Charts;
import org.lambo.mec.Prompt;

/**
 * ALEF's curve: one row per round (round 0 is the pre-trained model before any label), the labels used so far against
 * the mean held-out gap to the reference per prompt, on the drifted slots and on the same slots without the drift.
 * Written as {@code alef.csv} and drawn as {@code alef.png} (XChart, headless). Gaps are fractions (0.05 = 5 %); a
 * prompt that was not run has empty cells.
 */
public final class AlefCurve {
    public static final String HEADER =
            "round,labels,gapLatency,gapEnergy,undriftedGapLatency,undriftedGapEnergy,poolEntropy,queriedEntropy,loss,skipped,seconds,"
                    + "trainedGapLatency,trainedGapEnergy,validationGapLatency,validationGapEnergy";

    /**
     * One round.
     *
     * @param gap mean held-out gap per prompt ordinal, drifted slots
     * @param undriftedGap the same on the slots without the drift
     * @param poolEntropy mean {@link DecisionEntropy} over the pool's candidates when this round queried (NaN in round
     *     0)
     * @param queriedEntropy mean entropy of the candidates this round queried (NaN in round 0)
     * @param loss mean training loss of this round's last epoch (NaN in round 0)
     * @param skipped labels so far whose expert decision could not be replayed (round-off)
     * @param trainedGap per prompt ordinal, the kept weights' mean gap to the expert on the labels trained on so far
     *     (in-sample: how closely the decoder fits them; NaN in round 0)
     * @param validationGap the same on the validation slots, never trained on (NaN in round 0 and without a validation
     *     share): a trained gap far below it is over-fitting, a trained gap as high is a decoder that cannot fit
     */
    public record Row(
            int round,
            int labels,
            double[] gap,
            double[] undriftedGap,
            double poolEntropy,
            double queriedEntropy,
            double loss,
            int skipped,
            double seconds,
            double[] trainedGap,
            double[] validationGap) {
        public Row {
            gap = gap.clone();
            undriftedGap = undriftedGap.clone();
            trainedGap = trainedGap.clone();
            validationGap = validationGap.clone();
        }

        /** A row without in-sample and validation gaps (round 0). */
        static double[] none() {
            double[] v = new double[Prompt.values().length];
            java.util.Arrays.fill(v, Double.NaN);
            return v;
        }

        public double gap(Prompt p) {
            return gap[p.ordinal()];
        }

        public double undriftedGap(Prompt p) {
            return undriftedGap[p.ordinal()];
        }

        String csv() {
            return String.join(
                    ",",
                    Integer.toString(round),
                    Integer.toString(labels),
                    cell(gap(Prompt.MIN_LATENCY)),
                    cell(gap(Prompt.MIN_ENERGY)),
                    cell(undriftedGap(Prompt.MIN_LATENCY)),
                    cell(undriftedGap(Prompt.MIN_ENERGY)),
                    cell(poolEntropy),
                    cell(queriedEntropy),
                    cell(loss),
                    Integer.toString(skipped),
                    String.format(Locale.ROOT, "%.3f", seconds),
                    cell(trainedGap[Prompt.MIN_LATENCY.ordinal()]),
                    cell(trainedGap[Prompt.MIN_ENERGY.ordinal()]),
                    cell(validationGap[Prompt.MIN_LATENCY.ordinal()]),
                    cell(validationGap[Prompt.MIN_ENERGY.ordinal()]));
        }

        private static String cell(double v) {
            return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
        }
    }

    private static final Color LATENCY = new Color(31, 119, 180);
    private static final Color ENERGY = new Color(214, 39, 40);

    private final List<Row> rows = new ArrayList<>();

    public void add(Row row) {
        rows.add(row);
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public Row first() {
        return rows.get(0);
    }

    public Row last() {
        return rows.get(rows.size() - 1);
    }

    public void writeCsv(Path csv) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) sb.append(r.csv()).append('\n');
        Files.writeString(csv, sb.toString(), StandardCharsets.UTF_8);
    }

    /**
     * Held-out gap (%) against labels used, per prompt, with the pre-trained model's gap before the drift (round 0,
     * undrifted twins) as a dashed line.
     */
    public void writePng(Path png, String reference, String expert) throws IOException {
        if (rows.isEmpty()) return;
        XYChart chart = Charts.xy(
                900, 480, "ALEF: held-out gap to " + reference + " vs " + expert + " labels", "labels", "gap, %");
        for (Prompt p : Prompt.values()) {
            if (Double.isNaN(first().gap(p))) continue;
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Row r : rows) {
                x.add((double) r.labels());
                y.add(100 * r.gap(p));
            }
            Color color = p.equals(Prompt.MIN_LATENCY) ? LATENCY : ENERGY;
            XYSeries drifted = chart.addSeries(p.id() + ", drifted", x, y);
            drifted.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            drifted.setLineColor(color);
            drifted.setMarkerColor(color);
            double before = 100 * first().undriftedGap(p);
            XYSeries base = chart.addSeries(
                    p.id() + ", before the drift", List.of(x.get(0), x.get(x.size() - 1)), List.of(before, before));
            base.setMarker(SeriesMarkers.NONE);
            base.setLineStyle(SeriesLines.DASH_DASH);
            base.setLineColor(color);
        }
        Charts.png(chart, png);
    }
}
