package org.lambo.ontology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.lambo.io.Limits;

/** Hostile ACL content in the lambo-json language: every rule refused, naming the field and the value. */
class LamboJsonHostileInputTest {
    private final String request = LamboJson.write(Samples.request());

    private String mutate(String regex, String to) {
        String bad = request.replaceFirst(regex, Matcher.quoteReplacement(to));
        assertThat(bad).isNotEqualTo(request);
        return bad;
    }

    private static MalformedMessageException refused(String json) {
        try {
            LamboJson.read(json);
        } catch (MalformedMessageException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void aNumberWrittenAsTextIsRefused() {
        MalformedMessageException e = refused(mutate("\"bits\":[0-9.E+-]+", "\"bits\":\"5\""));
        assertThat(e.field()).isEqualTo("body.task.bits");
        assertThat(e).hasMessageContaining("'5'");
        assertThat(refused(mutate("\"localCpuHz\":[0-9.E+-]+", "\"localCpuHz\":\"1.5e10\""))
                        .field())
                .isEqualTo("body.ue.localCpuHz");
    }

    @Test
    void aDuplicateKeyIsRefused() {
        MalformedMessageException body = refused(mutate("\"task\":\\{", "\"task\":{\"bits\":1,"));
        assertThat(body.field()).isEqualTo("body.task.bits");
        assertThat(body).hasMessageContaining("appears twice");
        MalformedMessageException envelope = refused(request.replace("{\"schema\":1,", "{\"schema\":1,\"schema\":1,"));
        assertThat(envelope.field()).isEqualTo("schema");
        assertThat(refused(request.replace("{\"schema\":1,", "{\"schema\":1,\"body\":{},"))
                        .field())
                .isEqualTo("body");
    }

    @Test
    void contentAfterTheObjectIsRefused() {
        assertThat(refused(request + " x")).hasMessageStartingWith("has content after its JSON value");
        assertThat(refused(request + request)).hasMessageStartingWith("has content after its JSON value");
    }

    @Test
    void notANumberAndInfinityAreRefusedNamingTheField() {
        MalformedMessageException nan = refused(mutate("\"x\":[0-9.E+-]+", "\"x\":NaN"));
        assertThat(nan.field()).isEqualTo("body.ue.x");
        assertThat(nan).hasMessageContaining("must be a finite number, got NaN");
        MalformedMessageException inf = refused(mutate("\"gains\":\\[[0-9.E+-]+", "\"gains\":[Infinity"));
        assertThat(inf.field()).isEqualTo("body.ue.gains[0]");
        assertThat(inf).hasMessageContaining("must be a finite number, got Infinity");
        assertThat(refused(mutate("\"cycles\":[0-9.E+-]+", "\"cycles\":1e999")))
                .hasMessageContaining("cycles")
                .hasMessageContaining("Infinity");
    }

    @Test
    void sizesBeyondTheLimitsAreRefusedNamingTheLimit() {
        String ues = "{\"schema\":1,\"type\":\"slot-start\",\"body\":{\"slot\":1,\"ues\":" + (Limits.MAX_UES + 1)
                + ",\"servers\":3}}";
        assertThat(refused(ues))
                .hasMessageContaining("ues must be <= " + Limits.MAX_UES + " (the limit), got " + (Limits.MAX_UES + 1));
        String servers =
                "{\"schema\":1,\"type\":\"slot-start\",\"body\":{\"slot\":1,\"ues\":3,\"servers\":2000000000}}";
        assertThat(refused(servers))
                .hasMessageContaining("servers must be <= " + Limits.MAX_SERVERS + " (the limit), got 2000000000");
        StringBuilder gains = new StringBuilder("\"gains\":[");
        for (int k = 0; k <= Limits.MAX_SERVERS; k++)
            gains.append(k == 0 ? "" : ",").append("1e-9");
        assertThat(refused(mutate("\"gains\":\\[[^]]*", gains.toString())))
                .hasMessageContaining(
                        "gains must list at most " + Limits.MAX_SERVERS + " entries, got " + (Limits.MAX_SERVERS + 1));
        assertThat(refused(mutate("\"index\":[0-9]+", "\"index\":" + Limits.MAX_UES)))
                .hasMessageContaining("index must be <= 9999 (the limit)");
    }
}
