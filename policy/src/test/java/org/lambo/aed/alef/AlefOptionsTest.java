package org.lambo.aed.alef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambo.mec.Prompt;

class AlefOptionsTest {

    @Test
    void theBudgetIsSpreadOverTheRoundsWithTheRemainderFirst() {
        AlefOptions o =
                AlefOptions.builder().labels(10).rounds(4).validationShare(0).build();
        assertThat(List.of(o.budget(1), o.budget(2), o.budget(3), o.budget(4))).containsExactly(3, 3, 2, 2);
        // the default holds nothing back; a fifth of 200 labels is 20 slots under 2 prompts
        assertThat(AlefOptions.builder().build().budget(1)).isEqualTo(50);
        AlefOptions d = AlefOptions.builder().validationShare(0.2).build();
        assertThat(d.validationSlots()).isEqualTo(20);
        assertThat(d.queryLabels()).isEqualTo(160);
        assertThat(d.budget(1)).isEqualTo(40);
        // nothing is held back when nothing is selected
        assertThat(AlefOptions.builder()
                        .validationShare(0.2)
                        .select(false)
                        .build()
                        .budget(1))
                .isEqualTo(50);
    }

    @Test
    void aValidationShareOutsideZeroToOneOrLeavingTheQueriesNothingIsRefused() {
        assertThatThrownBy(() -> AlefOptions.builder().validationShare(1).build())
                .hasMessageStartingWith("validationShare must be >= 0 and < 1")
                .hasMessageContaining("got 1.0");
        assertThatThrownBy(() -> AlefOptions.builder().validationShare(-0.1).build())
                .hasMessageContaining("-0.1");
        assertThatThrownBy(
                        () -> AlefOptions.builder().validationShare(Double.NaN).build())
                .hasMessageContaining("NaN");
        // a budget too small to hold back a slot a prompt selects on the training labels (the summary says 0 held back)
        assertThat(AlefOptions.builder()
                        .labels(4)
                        .rounds(1)
                        .validationShare(0.1)
                        .build()
                        .validationSlots())
                .isZero();
        assertThatThrownBy(() ->
                        AlefOptions.builder().pool(10).validationShare(0.5).build())
                .hasMessageStartingWith("validationShare must leave the queries part of the pool")
                .hasMessageContaining("50 slots of a pool of 10");
        assertThatThrownBy(() -> AlefOptions.builder()
                        .labels(10)
                        .rounds(4)
                        .validationShare(0.8)
                        .build())
                .hasMessageStartingWith("validationShare must leave at least one label a round")
                .hasMessageContaining("leaves 2 for 4 rounds");
    }

    @Test
    void badSettingsNameTheirValue() {
        assertThatThrownBy(() -> AlefOptions.builder().labels(0).build())
                .hasMessageContaining("labels")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> AlefOptions.builder().labels(3).rounds(5).build())
                .hasMessageContaining("rounds")
                .hasMessageContaining("5");
        assertThatThrownBy(() -> AlefOptions.builder().learningRate(-1).build()).hasMessageContaining("-1");
        assertThatThrownBy(() -> AlefOptions.builder().shareWeight(Double.NaN).build())
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> AlefOptions.builder().fromSlot(-2).build()).hasMessageContaining("-2");
        assertThatThrownBy(() -> AlefOptions.builder()
                        .prompts(List.of(Prompt.MIN_ENERGY, Prompt.MIN_ENERGY))
                        .build())
                .hasMessageContaining("repeat");
        assertThatThrownBy(() -> AlefOptions.builder().build().budget(5)).hasMessageContaining("5");
    }
}
