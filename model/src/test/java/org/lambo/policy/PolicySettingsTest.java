package org.lambo.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Policy options as `--option KEY=VALUE` gives them: decimal numbers only, each key once. */
class PolicySettingsTest {
    private static PolicySettings of(String key, String value) {
        return new PolicySettings(1, Map.of(key, value));
    }

    @Test
    void aDecimalNumberIsRead() {
        assertThat(of("k", "30").doubleOption("k", 1, 0, 100)).isEqualTo(30.0);
        assertThat(of("k", "1e-4").doubleOption("k", 1, 0, 1)).isEqualTo(1e-4);
        assertThat(of("k", ".5").doubleOption("k", 1, 0, 1)).isEqualTo(0.5);
    }

    @Test
    void notANumberInfinityHexAndTypeSuffixesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> of("de.f", "NaN").doubleOption("de.f", 1, 0, 2))
                .hasMessage("option: field 'de.f' must be a decimal number, got 'NaN'");
        assertThatThrownBy(() -> of("de.f", "Infinity").doubleOption("de.f", 1, 0, Double.POSITIVE_INFINITY))
                .hasMessage("option: field 'de.f' must be a decimal number, got 'Infinity'");
        assertThatThrownBy(() -> of("t", "1e999").doubleOption("t", 1, 0, Double.POSITIVE_INFINITY))
                .hasMessage("option: field 't' must be a finite number, got '1e999'");
        assertThatThrownBy(() -> of("t", "0x1p3").doubleOption("t", 1, 0, 100)).hasMessageContaining("'0x1p3'");
        assertThatThrownBy(() -> of("t", "5d").doubleOption("t", 1, 0, 100)).hasMessageContaining("'5d'");
        assertThatThrownBy(() -> of("n", "5.0").intOption("n", 1, 0, 100))
                .hasMessage("option: field 'n' must be an integer, got '5.0'");
    }

    @Test
    void anOptionGivenTwiceIsRefused() {
        assertThatThrownBy(() -> PolicySettings.parsePairs(List.of("de.population=60", "de.population=80")))
                .hasMessage("--option: field 'de.population' is given twice: give each option once");
    }
}
