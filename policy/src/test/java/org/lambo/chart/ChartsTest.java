package org.lambo.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

class ChartsTest {
    @TempDir
    Path dir;

    @Test
    void aLineChartIsWrittenAsAPngOfItsSizeUnderTheNameGiven() throws IOException {
        XYChart c = Charts.xy(640, 400, "title", "x", "y");
        c.addSeries("a", new double[] {1, 2, 3}, new double[] {1, 4, 9});
        Path file = Charts.png(c, dir.resolve("curve.png"));
        assertThat(file).isEqualTo(dir.resolve("curve.png")).isRegularFile();
        assertThat(Files.list(dir).toList()).containsExactly(file); // no "curve.png.png" beside it
        BufferedImage img = ImageIO.read(file.toFile());
        assertThat(img.getWidth()).isEqualTo(640);
        assertThat(img.getHeight()).isEqualTo(400);
        assertThat(img.getRGB(2, 2) & 0xFFFFFF).as("white background").isEqualTo(0xFFFFFF);
    }

    @Test
    void everyChartHasTheLegendBelowThePlotInOneRow() {
        XYChart xy = Charts.xy(100, 100, "t", "x", "y");
        CategoryChart bars = Charts.bars(100, 100, "t", "x", "y");
        for (Styler s : List.<Styler>of(xy.getStyler(), bars.getStyler())) {
            assertThat(s.getLegendPosition()).isEqualTo(Styler.LegendPosition.OutsideS);
            assertThat(s.getLegendLayout()).isEqualTo(Styler.LegendLayout.Horizontal);
        }
        assertThat(xy.getTitle()).isEqualTo("t");
        assertThat(xy.getXAxisTitle()).isEqualTo("x");
        assertThat(bars.getYAxisTitle()).isEqualTo("y");
    }

    @Test
    void aFileThatCannotBeWrittenIsAnIoError() {
        XYChart c = Charts.xy(100, 100, "t", "x", "y");
        c.addSeries("a", new double[] {1}, new double[] {1});
        assertThatThrownBy(() -> Charts.png(c, dir.resolve("missing/folder/c.png")))
                .isInstanceOf(IOException.class);
    }

    private static String tick(String pattern, double v) {
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
    }

    @Test
    void onePointOrAFlatRangeTicksWithAFewDecimalsNotFifteen() {
        String p = Charts.tickPattern(3.2440000000000002, 3.2440000000000002);
        assertThat(tick(p, 3.2440000000000002)).isEqualTo("3.24");
        assertThat(tick(p, 3.2440000000000002 + 1e-13)).isEqualTo("3.24");
        assertThat(tick(Charts.tickPattern(3.244, 6.035), 4.000000000000001)).isEqualTo("4");
        assertThat(tick(Charts.tickPattern(0.5, 0.5), 0.5 + 1e-15)).isEqualTo("0.5");
    }

    @Test
    void ticksOfAWideRangeNeedNoDecimalsAndANarrowOneKeepsTicksApart() {
        assertThat(Charts.tickPattern(0, 250)).isEqualTo("0");
        String narrow = Charts.tickPattern(0.91, 0.93);
        assertThat(tick(narrow, 0.912)).isNotEqualTo(tick(narrow, 0.914));
        assertThat(narrow.length() - 2).isLessThanOrEqualTo(6);
        assertThat(Charts.tickPattern(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY))
                .as("no finite value")
                .isEqualTo("0.##");
    }

    @Test
    void everyChartWrittenTicksItsAxesByItsDataUnlessTheCallerChoseAPattern() throws IOException {
        XYChart one = Charts.xy(400, 300, "one point", "step", "gap");
        one.addSeries("gap", new double[] {50}, new double[] {3.2440000000000002});
        Charts.png(one, dir.resolve("one.png"));
        assertThat(tick(one.getStyler().getYAxisDecimalPattern(), 3.2440000000000002 + 1e-13))
                .isEqualTo("3.24");
        assertThat(tick(one.getStyler().getXAxisDecimalPattern(), 50.000000000001))
                .isEqualTo("50");

        XYChart own = Charts.xy(400, 300, "own", "x", "y");
        own.getStyler().setYAxisDecimalPattern("0.000");
        own.addSeries("a", new double[] {1, 2}, new double[] {1, 1});
        Charts.pngStacked(List.of(own), dir.resolve("own.png"));
        assertThat(own.getStyler().getYAxisDecimalPattern()).isEqualTo("0.000");

        CategoryChart bars = Charts.bars(400, 300, "bars", "slot", "UEs");
        bars.addSeries("local", List.of("0", "1"), List.of(2.0000000000000004, 2.0));
        Charts.png(bars, dir.resolve("bars.png"));
        assertThat(tick(bars.getStyler().getYAxisDecimalPattern(), 2.0000000000000004))
                .isEqualTo("2");
        assertThat(ImageIO.read(dir.resolve("bars.png").toFile()).getWidth()).isEqualTo(400);
    }

    /** Pure enough red: a line's pixels (anti-aliased edges aside). */
    private static boolean red(int rgb) {
        Color c = new Color(rgb);
        return c.getRed() > 200 && c.getGreen() < 60 && c.getBlue() < 60;
    }

    @Test
    void theLegendCoversNoLineAcrossThePlot() throws IOException {
        // a line along the top of the plot, where a legend inside the plot (XChart's default corner) would sit
        XYChart c = Charts.xy(500, 320, "t", "x", "y");
        XYSeries top = c.addSeries("a series with a long name", new double[] {0, 10}, new double[] {1, 1});
        top.setMarker(SeriesMarkers.NONE);
        top.setLineColor(Color.RED);
        XYSeries low = c.addSeries("another series", new double[] {0, 10}, new double[] {0, 0.2});
        low.setMarker(SeriesMarkers.NONE);
        low.setLineColor(Color.BLUE);
        BufferedImage img =
                ImageIO.read(Charts.png(c, dir.resolve("legend.png")).toFile());
        int bestRow = -1;
        int bestCount = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            int n = 0;
            for (int x = 0; x < img.getWidth(); x++) if (red(img.getRGB(x, y))) n++;
            if (n > bestCount) {
                bestCount = n;
                bestRow = y;
            }
        }
        assertThat(bestCount).as("the red line is drawn").isGreaterThan(img.getWidth() / 2);
        int first = -1;
        int last = -1;
        for (int x = 0; x < img.getWidth(); x++) {
            if (red(img.getRGB(x, bestRow))) {
                if (first < 0) first = x;
                last = x;
            }
        }
        assertThat(last - first + 1).as("the line's row is one unbroken run").isEqualTo(bestCount);
        assertThat(bestRow)
                .as("the legend is below the plot, not over the line")
                .isLessThan(img.getHeight() / 2);
    }
}
