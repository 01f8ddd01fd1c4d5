package org.lambo.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

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
}
