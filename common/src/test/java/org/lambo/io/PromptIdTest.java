package org.lambo.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PromptIdTest {
    @Test
    void theIdsReadBackAsTheValuesThatWriteThem() {
        assertThat(PromptId.parse("min-latency")).isSameAs(PromptId.MIN_LATENCY);
        assertThat(PromptId.parse("min-energy")).isSameAs(PromptId.MIN_ENERGY);
        PromptId w = PromptId.parse("weighted:0.3");
        assertThat(w.weighted()).isTrue();
        assertThat(w.latencyWeight()).isEqualTo(0.3);
        assertThat(w).isEqualTo(PromptId.weighted(0.3)).hasSameHashCodeAs(PromptId.weighted(0.3));
        for (PromptId p : new PromptId[] {
            PromptId.MIN_LATENCY,
            PromptId.MIN_ENERGY,
            PromptId.weighted(0),
            PromptId.weighted(1),
            PromptId.weighted(0.3),
            PromptId.weighted(1e-300),
            PromptId.weighted(-0.0)
        }) {
            assertThat(PromptId.parse(p.id())).as(p.id()).isEqualTo(p);
            assertThat(p.id().length()).isLessThanOrEqualTo(PromptId.MAX_TEXT);
        }
        // a weighted prompt is not a named one, even of the same weight
        assertThat(PromptId.parse("weighted:1")).isNotEqualTo(PromptId.MIN_LATENCY);
        assertThat(PromptId.parse("weighted:0.30").id()).isEqualTo("weighted:0.3");
    }

    @Test
    void aBadIdIsRefusedQuotingIt() {
        for (String bad : new String[] {
            "fastest",
            "weighted:1.5",
            "weighted:-0.1",
            "weighted:",
            "weighted:NaN",
            "weighted:0.3 ",
            "MIN-LATENCY",
            "minimize 0.3 latency + 0.7 energy"
        }) {
            assertThatThrownBy(() -> PromptId.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("must be min-latency, min-energy or weighted:W with W in [0, 1], got '" + bad + "'");
        }
        assertThatThrownBy(() -> PromptId.parse(null)).hasMessageEndingWith("got null");
        assertThatThrownBy(() -> PromptId.parse("weighted:0." + "3".repeat(100)))
                .hasMessageContaining("... (111 characters)");
        assertThatThrownBy(() -> PromptId.weighted(1.5)).hasMessageContaining("got 1.5");
    }

    @Test
    void inJsonItIsItsIdAsAString() throws Exception {
        ObjectMapper json = StrictJson.mapper(StrictJson.MAX_MESSAGE, StrictJson.Nulls.REFUSED);
        assertThat(json.writeValueAsString(PromptId.weighted(0.3))).isEqualTo("\"weighted:0.3\"");
        assertThat(json.readValue("\"min-energy\"", PromptId.class)).isSameAs(PromptId.MIN_ENERGY);
        assertThatThrownBy(() -> json.readValue("\"fastest\"", PromptId.class)).hasMessageContaining("got 'fastest'");
    }
}
