package org.lambo.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequireTest {
    @Test
    void goodValuesComeBackAsGiven() {
        assertThat(Require.positive("f", 2.5)).isEqualTo(2.5);
        assertThat(Require.nonNegative("f", 0)).isZero();
        assertThat(Require.finite("f", -3)).isEqualTo(-3);
        assertThat(Require.probability("p", 1)).isEqualTo(1);
        assertThat(Require.share("s", 1 + 1e-12)).isEqualTo(1 + 1e-12);
        assertThat(Require.atLeast("n", 4, 1)).isEqualTo(4);
        assertThat(Require.between("n", 4, 1, 4)).isEqualTo(4);
        assertThat(Require.name("id", "ue-1")).isEqualTo("ue-1");
        assertThat(Require.list("xs", List.of(1, 2), 2)).containsExactly(1, 2);
    }

    @Test
    void everyRefusalNamesTheFieldAndTheValue() {
        assertThatThrownBy(() -> Require.positive("cpuHz", 0)).hasMessage("cpuHz must be a finite number > 0, got 0.0");
        assertThatThrownBy(() -> Require.positive("cpuHz", Double.POSITIVE_INFINITY))
                .hasMessage("cpuHz must be a finite number > 0, got Infinity");
        assertThatThrownBy(() -> Require.nonNegative("bits", Double.NaN))
                .hasMessage("bits must be a finite number >= 0, got NaN");
        assertThatThrownBy(() -> Require.finite("x", Double.NaN)).hasMessage("x must be a finite number, got NaN");
        assertThatThrownBy(() -> Require.probability("p", 1 + 1e-12))
                .hasMessage("p must be in [0, 1], got 1.000000000001");
        assertThatThrownBy(() -> Require.share("share", 1.01)).hasMessage("share must be in [0, 1], got 1.01");
        assertThatThrownBy(() -> Require.atLeast("ues", 0, 1)).hasMessage("ues must be >= 1, got 0");
        assertThatThrownBy(() -> Require.between("server", 9, 1, 8))
                .hasMessage("server must be <= 8 (the limit), got 9");
        assertThatThrownBy(() -> Require.name("agent", " ")).hasMessage("agent must not be blank, got ' '");
        assertThatThrownBy(() -> Require.name("agent", null)).hasMessage("agent must not be blank, got null");
        assertThatThrownBy(() -> Require.present("decision", null)).hasMessage("decision is missing");
        assertThatThrownBy(() -> Require.list("xs", Arrays.asList(1, null))).hasMessage("xs[1] is missing");
        assertThatThrownBy(() -> Require.list("xs", List.of(1, 2, 3), 2))
                .hasMessage("xs must list at most 2 entries, got 3");
    }
}
