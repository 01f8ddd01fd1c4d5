package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.lambo.io.InputException;

/**
 * {@code lambo container --ue-range A..B}: a container's share of a trial's UEs, or a refusal naming the flag and the
 * value.
 */
class PopulationRangeTest {
    @Test
    void aRangeWithinTheTrialsUesIsTaken() {
        assertThat(Population.range("--ue-range", "0..49", 50)).containsExactly(0, 49);
        assertThat(Population.range("--ue-range", " 10 .. 10 ", 50)).containsExactly(10, 10);
    }

    @Test
    void aRangeOutsideTheTrialsUesOrNotARangeIsRefusedNamingTheFlagAndTheValue() {
        for (String bad : new String[] {"0..50", "-1..3", "5..4", "7", "a..b", "1..2..3", ""}) {
            assertThatThrownBy(() -> Population.range("--ue-range", bad, 50))
                    .as(bad)
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("--ue-range")
                    .hasMessageContaining("'" + bad + "'")
                    .hasMessageContaining("0 <= A <= B <= 49");
        }
    }
}
