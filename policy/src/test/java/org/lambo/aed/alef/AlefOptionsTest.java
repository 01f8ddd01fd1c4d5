package org.lambo.aed.alef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambo.mec.Prompt;

class AlefOptionsTest {

    @Test
    void theBudgetIsSpreadOverTheRoundsWithTheRemainderFirst() {
        AlefOptions o = AlefOptions.builder().labels(10).rounds(4).build();
        assertThat(List.of(o.budget(1), o.budget(2), o.budget(3), o.budget(4))).containsExactly(3, 3, 2, 2);
        assertThat(AlefOptions.builder().build().budget(1)).isEqualTo(50);
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
