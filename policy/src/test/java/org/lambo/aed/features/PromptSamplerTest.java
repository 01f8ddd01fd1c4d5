package org.lambo.aed.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.lambo.mec.Prompt;
import org.lambo.rng.Seeds;

class PromptSamplerTest {
    @Test
    void theNamedSamplerAlternatesAsTheTrainerDoes() {
        RandomGenerator rng = Seeds.stream(1, "prompts");
        assertThat(PromptSampler.named().next(0, rng)).isEqualTo(Prompt.MIN_LATENCY);
        assertThat(PromptSampler.named().next(1, rng)).isEqualTo(Prompt.MIN_ENERGY);
        assertThat(PromptSampler.named().next(2, rng)).isEqualTo(Prompt.MIN_LATENCY);
    }

    @Test
    void theWeightSamplerDrawsBothEndsAndTheMiddleReproduciblyFromItsStream() {
        PromptSampler s = PromptSampler.weights(0.2);
        RandomGenerator a = Seeds.stream(7, "prompts");
        RandomGenerator b = Seeds.stream(7, "prompts");
        Set<Prompt> seen = new HashSet<>();
        int named = 0;
        for (int k = 0; k < 1000; k++) {
            Prompt p = s.next(k, a);
            assertThat(s.next(k, b)).isEqualTo(p);
            seen.add(p);
            if (!p.weighted()) named++;
            else
                assertThat(p.latencyWeight() * 100)
                        .isCloseTo(Math.rint(p.latencyWeight() * 100), org.assertj.core.api.Assertions.within(1e-9));
        }
        assertThat(named).isBetween(150, 250);
        assertThat(seen).contains(Prompt.MIN_LATENCY, Prompt.MIN_ENERGY);
        assertThat(seen.stream().filter(Prompt::weighted).count()).isGreaterThan(80);
        assertThatThrownBy(() -> PromptSampler.weights(1.5)).hasMessageContaining("1.5");
    }
}
