package org.lambo.aed.alef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambo.mec.Prompt;

class PromptwiseSelectionTest {
    private static final Prompt LAT = Prompt.MIN_LATENCY;
    private static final Prompt EN = Prompt.MIN_ENERGY;

    @Test
    void aCandidateThatLowersTheMeanByRaisingOnePromptsGapIsRefused() {
        // latency 0.4 %, energy 3 %: 100 labels each
        PromptwiseSelection s = new PromptwiseSelection(Map.of(LAT, 0.004, EN, 0.03), Map.of(LAT, 100, EN, 100));
        // the mean falls from 1.7 % to 1.0 %, but latency rises: the old mean-only selection took it
        assertThat(s.offer(Map.of(LAT, 0.006, EN, 0.014))).isFalse();
        assertThat(s.chosen()).isZero();
        // both no worse and the mean lower: kept
        assertThat(s.offer(Map.of(LAT, 0.004, EN, 0.02))).isTrue();
        assertThat(s.chosen()).isEqualTo(2);
        // admissible but not better than the best so far
        assertThat(s.offer(Map.of(LAT, 0.003, EN, 0.025))).isFalse();
        assertThat(s.chosen()).isEqualTo(2);
        assertThat(s.offer(Map.of(LAT, 0.001, EN, 0.01))).isTrue();
        assertThat(s.chosen()).isEqualTo(4);
    }

    @Test
    void aPromptWithNoGapMustStayAtNoGap() {
        PromptwiseSelection s = new PromptwiseSelection(Map.of(LAT, 0.0, EN, 0.05), Map.of(LAT, 10, EN, 10));
        assertThat(s.offer(Map.of(LAT, 1e-6, EN, 0.0))).isFalse();
        assertThat(s.offer(Map.of(LAT, 0.0, EN, 0.04))).isTrue();
        // round-off is no loss
        assertThat(s.admissible(Map.of(LAT, 1e-13, EN, 0.05))).isTrue();
    }

    @Test
    void theMeanWeighsEachPromptByItsLabels() {
        PromptwiseSelection s = new PromptwiseSelection(Map.of(LAT, 0.01, EN, 0.02), Map.of(LAT, 3, EN, 1));
        assertThat(s.mean(Map.of(LAT, 0.01, EN, 0.02))).isCloseTo(0.0125, org.assertj.core.data.Offset.offset(1e-15));
        // equal to the start's mean: the start wins the tie
        assertThat(s.offer(Map.of(LAT, 0.01, EN, 0.02))).isFalse();
        assertThat(s.chosen()).isZero();
    }

    @Test
    void aNotANumberGapOrAMissingPromptIsNeverKept() {
        PromptwiseSelection s = new PromptwiseSelection(Map.of(LAT, 0.01, EN, 0.02), Map.of(LAT, 1, EN, 1));
        assertThat(s.offer(Map.of(LAT, Double.NaN, EN, 0.0))).isFalse();
        assertThatThrownBy(() -> s.offer(Map.of(EN, 0.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min-latency");
        assertThatThrownBy(() -> new PromptwiseSelection(Map.of(LAT, 0.0), Map.of(EN, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
