package org.lambo.aed.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.lambo.io.InputException;

/**
 * The learning curve of a training run: one row per step, written as CSV and drawn as PNG (XChart, headless). Costs are
 * relative to all-local (1 = no better than running every task locally); validation gaps are relative to the reference
 * policy and present only on validation steps. A run trained on weighted prompts is validated at the middle weight
 * ({@code weighted:0.5}) too, in an eighth column {@value #MID_COLUMN}, which curves without it (named runs) leave out.
 */
public final class LearningCurve {
    static final String HEADER = "step,loss,costLatency,costEnergy,valGapLatency,valGapEnergy,seconds";
    /** The validation gap at the middle weight, after the seven columns of {@link #HEADER}. */
    static final String MID_COLUMN = "valGapMid";

    /**
     * One step. The validation gaps are NaN on steps without validation; {@code valGapMid}, the gap under
     * {@code weighted:0.5}, also on every step of a run trained on the named prompts only.
     */
    public record Row(
            long step,
            double loss,
            double costLatency,
            double costEnergy,
            double valGapLatency,
            double valGapEnergy,
            double seconds,
            double valGapMid) {
        /** A row without a gap at the middle weight. */
        public Row(
                long step,
                double loss,
                double costLatency,
                double costEnergy,
                double valGapLatency,
                double valGapEnergy,
                double seconds) {
            this(step, loss, costLatency, costEnergy, valGapLatency, valGapEnergy, seconds, Double.NaN);
        }

        String csv(boolean mid) {
            String seven = String.format(
                    Locale.ROOT,
                    "%d,%.6g,%.6g,%.6g,%s,%s,%.3f",
                    step,
                    loss,
                    costLatency,
                    costEnergy,
                    gap(valGapLatency),
                    gap(valGapEnergy),
                    seconds);
            return mid ? seven + "," + gap(valGapMid) : seven;
        }

        private static String gap(double g) {
            return Double.isNaN(g) ? "" : String.format(Locale.ROOT, "%.6g", g);
        }
    }

    private final List<Row> rows = new ArrayList<>();

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public void add(Row row) {
        rows.add(row);
    }

    /** Reads a curve written by {@link #writeCsv}, keeping the rows up to {@code lastStep} (a resumed run's start). */
    public static LearningCurve read(Path csv, long lastStep) throws IOException {
        LearningCurve c = new LearningCurve();
        if (!Files.exists(csv)) return c;
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        int columns = !lines.isEmpty() && lines.get(0).equals(HEADER + "," + MID_COLUMN) ? 8 : 7;
        for (int k = 1; k < lines.size(); k++) {
            String[] f = lines.get(k).split(",", -1);
            if (f.length != columns)
                throw new InputException(
                        csv + ":" + (k + 1),
                        "",
                        "has " + f.length + " columns, expected " + columns + " (" + lines.get(0) + ")");
            long step = Long.parseLong(f[0]);
            if (step > lastStep) break;
            c.add(new Row(
                    step,
                    Double.parseDouble(f[1]),
                    Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]),
                    parse(f[4]),
                    parse(f[5]),
                    Double.parseDouble(f[6]),
                    columns == 8 ? parse(f[7]) : Double.NaN));
        }
        return c;
    }

    private static double parse(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    /** Whether any row has a validation gap at the middle weight. */
    boolean hasMid() {
        return rows.stream().anyMatch(r -> !Double.isNaN(r.valGapMid()));
    }

    /** The rows as CSV: the seven columns of {@link #HEADER}, and {@value #MID_COLUMN} when any row has it. */
    public void writeCsv(Path csv) throws IOException {
        boolean mid = hasMid();
        StringBuilder sb =
                new StringBuilder(HEADER).append(mid ? "," + MID_COLUMN : "").append('\n');
        for (Row r : rows) sb.append(r.csv(mid)).append('\n');
        Files.writeString(csv, sb.toString(), StandardCharsets.UTF_8);
    }

    /** Two panels: training cost relative to all-local, and the validation gap to the reference, per prompt. */
    public void writePng(Path png, String reference) throws IOException {
        if (rows.isEmpty()) return;
        XYChart cost = org.lambo.chart.Charts.xy(
                800, 400, "ACRL training cost (objective / all-local)", "step", "relative cost");
        XYChart gap = org.lambo.chart.Charts.xy(
                800, 400, "validation gap to " + reference + " (greedy decoding)", "step", "gap, %");
        for (XYChart c : List.of(cost, gap)) {
            c.getStyler().setXAxisTickMarkSpacingHint(90);
        }
        List<Double> steps = new ArrayList<>();
        List<Double> enSteps = new ArrayList<>();
        List<Double> lat = new ArrayList<>();
        List<Double> en = new ArrayList<>();
        List<Double> vSteps = new ArrayList<>();
        List<Double> vLat = new ArrayList<>();
        List<Double> vEn = new ArrayList<>();
        List<Double> mSteps = new ArrayList<>();
        List<Double> vMid = new ArrayList<>();
        for (Row r : rows) {
            // a step of weighted prompts may have none at an end (NaN): no point there
            if (!Double.isNaN(r.costLatency())) {
                steps.add((double) r.step());
                lat.add(r.costLatency());
            }
            if (!Double.isNaN(r.costEnergy())) {
                enSteps.add((double) r.step());
                en.add(r.costEnergy());
            }
            if (!Double.isNaN(r.valGapLatency())) {
                vSteps.add((double) r.step());
                vLat.add(100 * r.valGapLatency());
                vEn.add(100 * r.valGapEnergy());
            }
            if (!Double.isNaN(r.valGapMid())) {
                mSteps.add((double) r.step());
                vMid.add(100 * r.valGapMid());
            }
        }
        if (!lat.isEmpty())
            cost.addSeries("min-latency", steps, lat).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        if (!en.isEmpty())
            cost.addSeries("min-energy", enSteps, en).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        if (!vSteps.isEmpty()) {
            gap.addSeries("min-latency", vSteps, vLat).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            gap.addSeries("min-energy", vSteps, vEn).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
        if (!mSteps.isEmpty())
            gap.addSeries("weighted:0.5", mSteps, vMid).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        // one validation point (or a flat curve) would make XChart tick a zero range in 15-digit steps: Charts rounds
        // the labels to the data's range
        org.lambo.chart.Charts.pngStacked(vSteps.isEmpty() ? List.of(cost) : List.of(cost, gap), png);
    }
}
