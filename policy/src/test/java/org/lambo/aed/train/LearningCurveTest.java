package org.lambo.aed.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LearningCurveTest {
    @Test
    void stepsOfWeightedPromptsWithoutAnEndAreLeftOutOfTheChartAndReadBack(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path csv = dir.resolve("learning-curve.csv");
        java.nio.file.Path png = dir.resolve("learning-curve.png");
        LearningCurve c = LearningCurve.read(csv, 0);
        c.add(new LearningCurve.Row(1, 0.5, 0.7, Double.NaN, Double.NaN, Double.NaN, 1));
        c.add(new LearningCurve.Row(2, 0.4, Double.NaN, 0.6, 0.01, -0.02, 2));
        c.add(new LearningCurve.Row(3, 0.3, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 3));
        c.writeCsv(csv);
        c.writePng(png, "greedy");
        assertThat(java.nio.file.Files.size(png)).isPositive();
        List<LearningCurve.Row> back = LearningCurve.read(csv, 3).rows();
        assertThat(back).hasSize(3);
        assertThat(back.get(0).costEnergy()).isNaN();
        assertThat(back.get(1).costLatency()).isNaN();
        assertThat(back.get(1).costEnergy()).isEqualTo(0.6);
        assertThat(back.get(2).loss()).isEqualTo(0.3);

        // --prompts 0.5: no step ever has an end, the chart still writes (without cost series)
        LearningCurve mid = LearningCurve.read(dir.resolve("none.csv"), 0);
        mid.add(new LearningCurve.Row(1, 0.5, Double.NaN, Double.NaN, 0.01, 0.02, 1));
        java.nio.file.Path midPng = dir.resolve("mid.png");
        mid.writePng(midPng, "greedy");
        assertThat(java.nio.file.Files.size(midPng)).isPositive();
    }
}
