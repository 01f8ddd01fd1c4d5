package org.lambo.chart;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.AxesChartSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * The one way the testbed draws a chart (bench figures, Pareto fronts, learning curves, ALEF and DROO curves, a trial's
 * plots and gap, bench-trial's round trip): a chart of a given size, titles on the chart and both axes, a white
 * background, the legend below the plot in one row (inside the plot it covered lines), tick labels with as many
 * decimals as the data's range needs ({@link #tickPattern}: never XChart's 15 digits of a one-point or flat series),
 * written as a PNG by {@link #png}. Each caller adds its series and whatever is its own (log axes, stacked bars, drift
 * marks, a pattern of its own, which {@link #png} keeps).
 */
public final class Charts {
    private Charts() {}

    /** A line/scatter chart in the testbed's style. */
    public static XYChart xy(int width, int height, String title, String xAxis, String yAxis) {
        XYChart chart = new XYChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .xAxisTitle(xAxis)
                .yAxisTitle(yAxis)
                .build();
        style(chart.getStyler());
        return chart;
    }

    /** A bar chart in the testbed's style. */
    public static CategoryChart bars(int width, int height, String title, String xAxis, String yAxis) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .xAxisTitle(xAxis)
                .yAxisTitle(yAxis)
                .build();
        style(chart.getStyler());
        return chart;
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    }

    /**
     * Writes a chart as a PNG file (rendered, then written by ImageIO: XChart's own {@code saveBitmap} is deprecated
     * and adds ".png" to a name that lacks it).
     *
     * @return the file
     */
    public static Path png(Chart<?, ?> chart, Path file) throws IOException {
        return png(render(chart), file);
    }

    /** The chart as an image, its numeric axes' tick patterns set from its data where the caller set none. */
    private static java.awt.image.BufferedImage render(Chart<?, ?> chart) {
        if (chart.getStyler() instanceof AxesChartStyler st) {
            double[] x = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            double[] y = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (Object o : chart.getSeriesCollection()) {
                if (!(o instanceof AxesChartSeries a)) continue;
                widen(x, a.getXMin(), a.getXMax());
                widen(y, a.getYMin(), a.getYMax());
            }
            if (st.getXAxisDecimalPattern() == null && !(chart instanceof CategoryChart) && !st.isXAxisLogarithmic())
                st.setXAxisDecimalPattern(tickPattern(x[0], x[1]));
            if (st.getYAxisDecimalPattern() == null && !st.isYAxisLogarithmic())
                st.setYAxisDecimalPattern(tickPattern(y[0], y[1]));
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    private static void widen(double[] range, double lo, double hi) {
        if (Double.isFinite(lo)) range[0] = Math.min(range[0], lo);
        if (Double.isFinite(hi)) range[1] = Math.max(range[1], hi);
    }

    /**
     * The tick label pattern for an axis over [{@code lo}, {@code hi}]: about two significant decimals of the span (a
     * hundredth of it tells ticks apart), at most six; a flat range (one point, or equal values) takes its span from
     * the value itself. No finite value: {@code 0.##}.
     */
    public static String tickPattern(double lo, double hi) {
        if (!(lo <= hi)) return "0.##";
        double span = hi - lo;
        if (span <= 1e-12 * Math.max(1, Math.abs(hi))) span = Math.max(Math.abs(hi), Math.abs(lo));
        if (span == 0) return "0";
        int decimals = (int) Math.max(0, Math.min(6, Math.ceil(-Math.log10(span / 100))));
        return decimals == 0 ? "0" : "0." + "#".repeat(decimals);
    }

    /**
     * Writes charts one above the other as one PNG file (each at its own size, on white).
     *
     * @return the file
     */
    public static Path pngStacked(java.util.List<? extends Chart<?, ?>> charts, Path file) throws IOException {
        if (charts.isEmpty()) throw new IllegalArgumentException("no chart to write to " + file);
        java.util.List<java.awt.image.BufferedImage> images = new java.util.ArrayList<>();
        for (Chart<?, ?> c : charts) images.add(render(c));
        int width = images.stream()
                .mapToInt(java.awt.image.BufferedImage::getWidth)
                .max()
                .orElseThrow();
        int height = images.stream()
                .mapToInt(java.awt.image.BufferedImage::getHeight)
                .sum();
        java.awt.image.BufferedImage all =
                new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = all.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int y = 0;
            for (java.awt.image.BufferedImage im : images) {
                g.drawImage(im, 0, y, null);
                y += im.getHeight();
            }
        } finally {
            g.dispose();
        }
        return png(all, file);
    }

    private static Path png(java.awt.image.BufferedImage image, Path file) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) throw new IOException("no PNG writer for " + file);
        return file;
    }
}
