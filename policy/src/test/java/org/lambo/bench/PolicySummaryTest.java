package org.lambo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambo.mec.Prompt;

class PolicySummaryTest {
    private static BenchRow row(int run, double latency, double energy, double gap, int violations, double ms) {
        return new BenchRow(
                "p",
                Prompt.MIN_LATENCY,
                run,
                "i" + run + "-" + latency,
                latency * 10,
                latency,
                energy,
                gap,
                violations,
                violations > 0 ? "CAPACITY: x" : null,
                ms);
    }

    @Test
    void summarisesKnownRowsOfTwoRunsWithTheIntervalOverRunMeans() {
        List<BenchRow> rows = List.of(
                row(0, 1, 100, 0.00, 0, 4),
                row(0, 3, 200, 0.10, 0, 1),
                row(1, 5, 300, 0.20, 2, 3),
                row(1, 7, 400, 0.30, 0, 2));
        PolicySummary s = PolicySummary.of("p", Prompt.MIN_LATENCY, rows);
        assertThat(s.decisions()).isEqualTo(4);
        assertThat(s.meanLatencyS()).isEqualTo(4.0);
        assertThat(s.totalEnergyJ()).isEqualTo(250.0);
        assertThat(s.reportedMean()).isEqualTo(4.0);
        assertThat(s.ciOverRuns()).isTrue();
        assertThat(s.reportedCi95()).isCloseTo(25.4124094, within(1e-6)); // run means 2 and 6
        assertThat(s.gapMean()).isCloseTo(0.15, within(1e-12));
        assertThat(s.gapP95()).isCloseTo(0.285, within(1e-12));
        assertThat(s.violations()).isEqualTo(2);
        assertThat(s.invalidDecisions()).isEqualTo(1);
        assertThat(s.decideMedianMs()).isEqualTo(2.5);
        assertThat(s.decideP95Ms()).isCloseTo(3.85, within(1e-12));
    }

    @Test
    void oneRunGivesTheIntervalOverSingleDecisionsAndNoGapWithoutReference() {
        List<BenchRow> rows = List.of(row(0, 1, 1, Double.NaN, 0, 1), row(0, 3, 1, Double.NaN, 0, 1));
        PolicySummary s = PolicySummary.of("p", Prompt.MIN_LATENCY, rows);
        assertThat(s.ciOverRuns()).isFalse();
        assertThat(s.reportedCi95()).isCloseTo(12.7062047, within(1e-6)); // sd sqrt 2, n 2
        assertThat(s.gapMean()).isNaN();
        assertThat(s.gapP95()).isNaN();
    }

    @Test
    void energyPromptReportsTotalEnergy() {
        BenchRow r1 = new BenchRow("p", Prompt.MIN_ENERGY, 0, "a", 100, 2, 100, 0, 0, null, 1);
        BenchRow r2 = new BenchRow("p", Prompt.MIN_ENERGY, 0, "b", 300, 4, 300, 0, 0, null, 1);
        assertThat(PolicySummary.of("p", Prompt.MIN_ENERGY, List.of(r1, r2)).reportedMean())
                .isEqualTo(200.0);
    }
}
