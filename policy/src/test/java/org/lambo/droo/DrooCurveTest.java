package org.lambo.droo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

class DrooCurveTest {
    @Test
    void theLegendSitsBelowThePlotSoItCoversNoLine(@TempDir Path dir) throws Exception {
        List<String> csv = List.of(
                DrooCurve.HEADER,
                "100,min-latency,1.2,0.05,0.3,4,1.0",
                "200,min-latency,1.1,0.03,0.2,4,2.0",
                "100,min-energy,1.3,0.07,0.3,4,1.0",
                "200,min-energy,1.15,0.04,0.2,4,2.0");
        XYChart chart = DrooCurve.chart(csv);
        assertThat(chart.getSeriesCollection()).hasSize(4);
        assertThat(chart.getStyler().getLegendPosition())
                .isIn(Styler.LegendPosition.OutsideS, Styler.LegendPosition.OutsideE);

        Files.write(dir.resolve(DrooCurve.CSV), csv);
        assertThat(Files.size(DrooCurve.plot(dir))).isPositive();
    }
}
