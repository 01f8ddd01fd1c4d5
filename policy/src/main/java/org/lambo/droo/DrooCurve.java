package org.lambo.droo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.lambo.chart.Charts;
import org.lambo.mec.Prompt;

/**
 * The learning curve of a DROO training run: {@code learning-curve.csv} (one line per report and prompt; appended to
 * when a run resumes) and {@code learning-curve.png} (the held-out gap to greedy and the online ratio, per prompt,
 * against frames), drawn headless with XChart.
 */
public final class DrooCurve {
    public static final String CSV = "learning-curve.csv";
    public static final String PNG = "learning-curve.png";
    static final String HEADER = "frame,prompt,train_ratio_vs_greedy,val_gap_vs_greedy,loss,k,seconds";

    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private DrooCurve() {}

    /** Appends rows to the CSV, writing the header first when the file is new. */
    public static void append(Path dir, List<DrooTrainer.Row> rows) throws IOException {
        Path file = dir.resolve(CSV);
        StringBuilder sb = new StringBuilder();
        if (!Files.exists(file)) sb.append(HEADER).append('\n');
        for (DrooTrainer.Row r : rows) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%d,%s,%.6f,%.6f,%.6f,%d,%.3f%n",
                    r.frame(),
                    r.prompt().id(),
                    r.trainRatio(),
                    r.valGap(),
                    r.loss(),
                    r.candidates(),
                    r.seconds()));
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Draws the PNG from the whole CSV (so a resumed run's chart covers every run). */
    public static Path plot(Path dir) throws IOException {
        XYChart chart = chart(Files.readAllLines(dir.resolve(CSV), StandardCharsets.UTF_8));
        return Charts.png(chart, dir.resolve(PNG));
    }

    /** The chart of the CSV's lines (its header first): two series per prompt, the legend below the plot. */
    static XYChart chart(List<String> lines) {
        XYChart chart = Charts.xy(900, 540, "DROO online training", "frame", "cost vs greedy (%)");
        for (Prompt p : Prompt.values()) {
            List<Double> frame = new ArrayList<>();
            List<Double> gap = new ArrayList<>();
            List<Double> online = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                if (f.length < 7 || !f[1].equals(p.id())) continue;
                frame.add(Double.parseDouble(f[0]));
                online.add(100 * (Double.parseDouble(f[2]) - 1));
                gap.add(100 * Double.parseDouble(f[3]));
            }
            if (frame.isEmpty()) continue;
            chart.addSeries(p.id() + " held-out gap", frame, gap).setMarker(SeriesMarkers.NONE);
            chart.addSeries(p.id() + " online", frame, online).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }
}
