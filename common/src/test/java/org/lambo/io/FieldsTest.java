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
    void numericTextIsANumberButOtherTextIsNot() throws Exception {
        Fields f = parse("{\"a\": \"1e9\", \"b\": \"lots\"}");
        assertThat(f.requireDouble("a")).isEqualTo(1e9);
        assertThatThrownBy(() -> f.requireDouble("b")).isInstanceOf(InputException.class)
                .hasMessage("src: field 'b' must be a number, got 'lots'");
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
        assertThatThrownBy(() -> Fields.root("src", new ObjectMapper().readTree("[1]"))).hasMessageContaining("must be an object");
    }
}
