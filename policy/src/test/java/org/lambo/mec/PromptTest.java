package org.lambo.mec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromptTest {
    @Test
    void readsIdsPhrasesAndTheArticlesChinese() {
        assertThat(Prompt.parse("min-latency")).isEqualTo(Prompt.MIN_LATENCY);
        assertThat(Prompt.parse("  Minimize Latency ")).isEqualTo(Prompt.MIN_LATENCY);
        assertThat(Prompt.parse("minimise energy")).isEqualTo(Prompt.MIN_ENERGY);
        assertThat(Prompt.parse("最小能量")).isEqualTo(Prompt.MIN_ENERGY);
        assertThat(Prompt.parse("MIN_ENERGY")).isEqualTo(Prompt.MIN_ENERGY);
    }

    @Test
    void anUnknownPromptIsAClearError() {
        assertThatThrownBy(() -> Prompt.parse("maximize fun"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maximize fun'").hasMessageContaining("min-latency");
        assertThatThrownBy(() -> Prompt.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
