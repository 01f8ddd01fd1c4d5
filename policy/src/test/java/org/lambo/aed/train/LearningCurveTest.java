package org.lambo.aed.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class LearningCurveTest {
    private static String tick(String pattern, double v) {
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
    }

    @Test
    void oneValidationPointTicksWithAFewDecimalsNotFifteen() {
        String p = LearningCurve.tickPattern(List.of(3.2440000000000002), List.of());
        assertThat(tick(p, 3.2440000000000002)).isEqualTo("3.24");
        assertThat(tick(p, 3.2440000000000002 + 1e-13)).isEqualTo("3.24");
        assertThat(tick(LearningCurve.tickPattern(List.of(3.244), List.of(6.035)), 4.000000000000001))
                .isEqualTo("4");
        String flat = LearningCurve.tickPattern(List.of(0.5, 0.5), List.of(0.5));
        assertThat(tick(flat, 0.5 + 1e-15)).isEqualTo("0.5");
    }

    @Test
    void ticksOfAWideRangeNeedNoDecimalsAndANarrowOneKeepsTicksApart() {
        assertThat(LearningCurve.tickPattern(List.of(0.0, 250.0), List.of(10.0)))
                .isEqualTo("0");
        String narrow = LearningCurve.tickPattern(List.of(0.91, 0.93), List.of(0.92));
        assertThat(tick(narrow, 0.912)).isNotEqualTo(tick(narrow, 0.914));
        assertThat(narrow.length() - 2).isLessThanOrEqualTo(6);
    }

    @Test
    void noFiniteValueGivesAPlainPattern() {
        assertThat(LearningCurve.tickPattern(List.of(Double.NaN), List.of())).isEqualTo("0.##");
    }
}
