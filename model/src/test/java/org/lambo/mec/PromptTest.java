package org.lambo.mec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.lambo.io.PromptId;

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
                .hasMessageContaining("'maximize fun'")
                .hasMessageContaining("min-latency");
        assertThatThrownBy(() -> Prompt.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsAWeightedPromptAsAnIdOrAsAPhraseInEitherOrderAndInChinese() {
        assertThat(Prompt.parse("weighted:0.3")).isEqualTo(Prompt.weighted(0.3));
        assertThat(Prompt.parse(" Weighted:1E-1 ")).isEqualTo(Prompt.weighted(0.1));
        assertThat(Prompt.parse("minimize 0.3 latency + 0.7 energy")).isEqualTo(Prompt.weighted(0.3));
        assertThat(Prompt.parse("Minimise 0.7*energy + 0.3*latency")).isEqualTo(Prompt.weighted(0.3));
        assertThat(Prompt.parse("0.3 latency + 0.7 energy")).isEqualTo(Prompt.weighted(0.3));
        assertThat(Prompt.parse("最小化 0.3 延迟 + 0.7 能量")).isEqualTo(Prompt.weighted(0.3));
        // weights that do not sum to 1 are scaled to (scaling an objective keeps its optimum)
        assertThat(Prompt.parse("minimize 1 latency + 3 energy")).isEqualTo(Prompt.weighted(0.25));
        assertThat(Prompt.parse("weighted:0")).isEqualTo(Prompt.weighted(0)).isNotEqualTo(Prompt.MIN_ENERGY);
    }

    @Test
    void aWeightedPromptHasACanonicalIdPhraseAndFileName() {
        Prompt p = Prompt.weighted(0.3);
        assertThat(p.id()).isEqualTo("weighted:0.3");
        assertThat(p.phrase()).isEqualTo("minimize 0.3 latency + 0.7 energy");
        assertThat(p.fileName()).isEqualTo("weighted-0.3");
        assertThat(p).hasToString("weighted:0.3");
        assertThat(Prompt.weighted(1).id()).isEqualTo("weighted:1");
        assertThat(Prompt.weighted(0).id()).isEqualTo("weighted:0");
        for (double w : new double[] {0, 0.1, 1.0 / 3, 0.5, 0.9, 1}) {
            assertThat(Prompt.parse(Prompt.weighted(w).id())).isEqualTo(Prompt.weighted(w));
            assertThat(Prompt.parse(Prompt.weighted(w).phrase()).latencyWeight())
                    .isCloseTo(w, org.assertj.core.api.Assertions.within(1e-15));
        }
        for (double w : new double[] {1e-100, Double.MIN_VALUE, 1 - 1e-16, 0.30000000000000004}) {
            Prompt p2 = Prompt.weighted(w);
            assertThat(p2.id().length()).as(p2.id()).isLessThanOrEqualTo(Prompt.MAX_TEXT);
            assertThat(Prompt.parse(p2.id())).as(p2.id()).isEqualTo(p2);
        }
        assertThat(Prompt.MIN_LATENCY.id()).isEqualTo("min-latency");
        assertThat(Prompt.MIN_ENERGY.phrase()).isEqualTo("minimize energy");
    }

    @Test
    void badWeightsAreClearErrors() {
        for (String bad : new String[] {
            "weighted:1.5",
            "weighted:-0.1",
            "weighted:abc",
            "weighted:",
            "weighted:NaN",
            "weighted:Infinity",
            "weighted:0.3,0.7",
            "minimize 0 latency + 0 energy",
            "minimize 0.3 latency + 0.7 latency",
            "minimize -1 latency + 2 energy"
        }) {
            assertThatThrownBy(() -> Prompt.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("prompt");
        }
        assertThatThrownBy(() -> Prompt.parse("weighted:2"))
                .hasMessageContaining("must be a number in [0, 1], got '2'");
        assertThatThrownBy(() -> Prompt.parse("weighted:0." + "1".repeat(10_000)))
                .hasMessageContaining("10011 characters");
        assertThatThrownBy(() -> Prompt.weighted(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new Prompt(0.5, false)).hasMessageContaining("named prompt");
    }

    @Test
    void theNamedPromptsKeepTheirEnumOrderAndAWeightedOneHasNoOrdinal() {
        assertThat(Prompt.values()).containsExactly(Prompt.MIN_LATENCY, Prompt.MIN_ENERGY);
        assertThat(Prompt.MIN_LATENCY.ordinal()).isZero();
        assertThat(Prompt.MIN_ENERGY.ordinal()).isOne();
        assertThatThrownBy(() -> Prompt.weighted(0.3).ordinal())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("weighted:0.3");
        assertThat(new java.util.TreeSet<>(java.util.List.of(
                        Prompt.weighted(0.7), Prompt.MIN_ENERGY, Prompt.weighted(0.2), Prompt.MIN_LATENCY)))
                .containsExactly(Prompt.MIN_LATENCY, Prompt.MIN_ENERGY, Prompt.weighted(0.2), Prompt.weighted(0.7));
    }

    @Test
    void aPromptAndTheIdAMessageCarriesAreTheSameValueBothWays() {
        for (Prompt p : new Prompt[] {
            Prompt.MIN_LATENCY,
            Prompt.MIN_ENERGY,
            Prompt.weighted(0),
            Prompt.weighted(1),
            Prompt.weighted(0.3),
            Prompt.weighted(1e-300),
            Prompt.parse("minimize 1 latency + 3 energy")
        }) {
            PromptId id = p.toId();
            assertThat(id.id()).as(p.id()).isEqualTo(p.id());
            assertThat(Prompt.of(id)).isEqualTo(p);
            assertThat(Prompt.of(PromptId.parse(p.id()))).isEqualTo(p);
        }
        assertThat(Prompt.of(PromptId.MIN_ENERGY)).isSameAs(Prompt.MIN_ENERGY);
    }
}
