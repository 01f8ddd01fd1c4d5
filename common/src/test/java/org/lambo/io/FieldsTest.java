package org.lambo.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class FieldsTest {
    private static Fields parse(String json) throws Exception {
        return Fields.root("src", new ObjectMapper().readTree(json));
    }

    @Test
    void readsTypedValuesAndDefaults() throws Exception {
        Fields f = parse("{\"a\": 1.5, \"n\": 3, \"s\": \"x\", \"b\": true, \"o\": {\"k\": 2}}");
        assertThat(f.requireDouble("a")).isEqualTo(1.5);
        assertThat(f.requireInt("n", 0, 10)).isEqualTo(3);
        assertThat(f.requireString("s")).isEqualTo("x");
        assertThat(f.optBoolean("b", false)).isTrue();
        assertThat(f.optDouble("missing", 7.0)).isEqualTo(7.0);
        Fields o = f.requireObject("o");
        assertThat(o.path()).isEqualTo("o");
        assertThat(o.requireDouble("k")).isEqualTo(2.0);
        o.rejectUnknown();
        f.rejectUnknown();
    }

    @Test
    void textIsNeverANumberEvenWhenItReadsLikeOne() throws Exception {
        Fields f = parse("{\"a\": \"1e9\", \"b\": \"5\", \"c\": \"lots\"}");
        assertThatThrownBy(() -> f.requireDouble("a"))
                .isInstanceOf(InputException.class)
                .hasMessage("src: field 'a' must be a number, got '1e9'");
        assertThatThrownBy(() -> f.requireInt("b", 0, 9)).hasMessage("src: field 'b' must be an integer, got '5'");
        assertThatThrownBy(() -> f.requireDouble("c")).hasMessage("src: field 'c' must be a number, got 'lots'");
    }

    @Test
    void anIntegerMustBeWrittenAsOneAndWithinItsLimits() throws Exception {
        Fields f = parse("{\"frac\": 5.0, \"exp\": 1e3, \"huge\": 99999999999999999999, \"n\": 10001}");
        assertThatThrownBy(() -> f.requireInt("frac", 0, 9))
                .hasMessage("src: field 'frac' must be an integer, got 5.0");
        assertThatThrownBy(() -> f.requireInt("exp", 0, 10_000))
                .hasMessage("src: field 'exp' must be an integer, got 1000.0");
        assertThatThrownBy(() -> f.requireInt("huge", 1, 10_000))
                .hasMessage("src: field 'huge' must be in [1, 10000], got 99999999999999999999");
        assertThatThrownBy(() -> f.requireLong("huge")).hasMessageContaining("field 'huge' must be an integer in [");
        assertThatThrownBy(() -> f.requireInt("n", 1, 10_000))
                .hasMessage("src: field 'n' must be in [1, 10000], got 10001");
    }

    @Test
    void aNumberTooLargeForADoubleIsNotInfinity() throws Exception {
        Fields f = parse("{\"a\": 1" + "0".repeat(400) + "}");
        assertThatThrownBy(() -> f.requireDouble("a"))
                .hasMessageContaining("field 'a' must be a finite number")
                .hasMessageContaining("too large");
    }

    @Test
    void anExplicitNullIsRefusedNotTakenForTheDefault() throws Exception {
        Fields f = parse("{\"up\": null, \"w\": null, \"s\": null}");
        assertThatThrownBy(() -> f.optBoolean("up", true))
                .hasMessage("src: field 'up' is null: give a value, or leave the field out where it has a default");
        assertThatThrownBy(() -> f.optDouble("w", 1.0)).hasMessageContaining("field 'w' is null");
        assertThatThrownBy(() -> f.requireString("s")).hasMessageContaining("field 's' is null");
    }

    @Test
    void aListBeyondItsLimitIsRefusedNamingTheLimit() throws Exception {
        Fields f = parse("{\"l\": [1, 2, 3]}");
        assertThat(f.requireArray("l", 3)).hasSize(3);
        assertThatThrownBy(() -> f.requireArray("l", 2))
                .hasMessage("src: field 'l' must list at most 2 entries, got 3");
    }

    @Test
    void errorsNameTheNestedPathAndTheValue() throws Exception {
        Fields f = parse("{\"list\": [{\"v\": -2}]}");
        Fields e = f.element("list", 0, f.requireArray("list").get(0));
        assertThatThrownBy(() -> e.requirePositive("v")).hasMessage("src: field 'list[0].v' must be > 0, got -2.0");
        assertThatThrownBy(() -> e.requireInt("w", 0, 1)).hasMessage("src: field 'list[0].w' is missing");
    }

    @Test
    void rangesAndIntegersAreChecked() throws Exception {
        Fields f = parse("{\"p\": 1.5, \"i\": 2.5, \"big\": 99}");
        assertThatThrownBy(() -> f.requireRange("p", 0, 1)).hasMessageContaining("'p' must be in [0.0, 1.0], got 1.5");
        assertThatThrownBy(() -> f.requireInt("i", 0, 9)).hasMessageContaining("'i' must be an integer, got 2.5");
        assertThatThrownBy(() -> f.requireInt("big", 0, 9)).hasMessageContaining("got 99");
    }

    @Test
    void unknownFieldsAreRefusedAndTheKnownOnesListed() throws Exception {
        Fields f = parse("{\"speed\": 1, \"sped\": 2}");
        f.requireDouble("speed");
        assertThatThrownBy(f::rejectUnknown).hasMessageContaining("'sped' is not a known field (known here: speed)");
    }

    @Test
    void aNonObjectRootIsRefused() throws Exception {
        assertThatThrownBy(() -> Fields.root("src", new ObjectMapper().readTree("[1]")))
                .hasMessageContaining("must be an object");
    }
}
