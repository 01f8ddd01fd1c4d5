package org.lambo.device.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lambo.io.StrictJson;
import org.lambo.mqtt.payload.BodyType;
import org.lambo.mqtt.payload.EnvelopeCodec;
import org.lambo.mqtt.payload.PayloadException;
import org.lambo.mqtt.payload.RejectReason;
import org.lambo.ontology.LamboJson;
import org.lambo.ontology.MalformedMessageException;
import org.lambo.ontology.ServerState;

/**
 * ACL content ({@link LamboJson}) and MQTT payloads ({@link EnvelopeCodec}) are read by one strict reader
 * ({@link StrictJson}): the same body, hostile in the same way, is refused by both, naming the same field. The body is
 * one record of the vocabulary ({@link ServerState}) in each envelope.
 */
class OneStrictReaderTest {
    private static final String VALID = "{\"server\":\"server-1\",\"number\":1,\"slot\":0,\"x\":1.5,\"y\":2.0,"
            + "\"cpuHz\":1.5E10,\"up\":true,\"load\":0.25,\"tasks\":2}";

    private static final EnvelopeCodec MQTT = EnvelopeCodec.builder()
            .register(BodyType.jackson("server-state", ServerState.class, StrictJson.mapper()))
            .build();

    private static String acl(String body) {
        return "{\"schema\":1,\"type\":\"server-state\",\"body\":" + body + "}";
    }

    private static byte[] mqtt(String body) {
        return ("{\"schema\":1,\"type\":\"server-state\",\"deviceId\":\"pi-07\",\"seq\":1,"
                        + "\"sentAt\":\"2026-11-22T11:09:24.123Z\",\"body\":" + body + "}")
                .getBytes(UTF_8);
    }

    private static String with(String from, String to) {
        assertThat(VALID).contains(from);
        return VALID.replace(from, to);
    }

    @Test
    void theValidBodyReadsAsTheSameRecordBothWays() {
        ServerState viaAcl = LamboJson.read(acl(VALID), ServerState.class);
        Object viaMqtt = MQTT.decode(mqtt(VALID)).body();
        assertThat(viaMqtt).isEqualTo(viaAcl);
        assertThat(viaAcl.cpuHz()).isEqualTo(1.5e10);
    }

    /** Each hostile body, and what both refusals must name. */
    static Stream<Arguments> hostile() {
        String deep = "[".repeat(StrictJson.MAX_DEPTH + 2) + "]".repeat(StrictJson.MAX_DEPTH + 2);
        return Stream.of(
                Arguments.of("NaN", with("\"cpuHz\":1.5E10", "\"cpuHz\":NaN"), "cpuHz"),
                Arguments.of("Infinity", with("\"x\":1.5", "\"x\":-Infinity"), "x"),
                Arguments.of("a number too large for a double", with("\"cpuHz\":1.5E10", "\"cpuHz\":1e400"), "cpuHz"),
                Arguments.of("a string for a number", with("\"slot\":0", "\"slot\":\"0\""), "slot"),
                Arguments.of("a fraction for an integer", with("\"slot\":0", "\"slot\":0.5"), "slot"),
                Arguments.of("a number for a boolean", with("\"up\":true", "\"up\":1"), "up"),
                Arguments.of("a number for a name", with("\"server\":\"server-1\"", "\"server\":7"), "server"),
                Arguments.of("a boolean for a name", with("\"server\":\"server-1\"", "\"server\":true"), "server"),
                Arguments.of("null for a name", with("\"server\":\"server-1\"", "\"server\":null"), "server"),
                Arguments.of("a missing field", with(",\"tasks\":2", ""), "tasks"),
                Arguments.of("an unknown field", with("\"tasks\":2", "\"tasks\":2,\"admin\":true"), "admin"),
                Arguments.of("a key twice", with("\"tasks\":2", "\"tasks\":2,\"slot\":3"), "slot"),
                Arguments.of("nesting past the limit", with("\"tasks\":2", "\"tasks\":" + deep), ""),
                Arguments.of("a number past the length limit", with("\"slot\":0", "\"slot\":1" + "0".repeat(120)), ""),
                Arguments.of("content after the body", VALID + " {}", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void aHostileBodyIsRefusedByBothNamingTheSameField(String what, String body, String field) {
        Throwable acl = catchThrowable(() -> LamboJson.read(acl(body), ServerState.class));
        Throwable mqtt = catchThrowable(() -> MQTT.decode(mqtt(body)));

        assertThat(acl).as("ACL content: " + what).isInstanceOf(MalformedMessageException.class);
        assertThat(mqtt).as("MQTT payload: " + what).isInstanceOf(PayloadException.class);
        assertThat(acl.getMessage()).as("ACL content: " + what).contains(field);
        assertThat(mqtt.getMessage()).as("MQTT payload: " + what).contains(field);
    }

    @Test
    void everyNonFiniteNumberIsRefusedAsSuchByBoth() {
        for (String bad : new String[] {"NaN", "Infinity", "-Infinity", "1e400", "-1e400"}) {
            String body = with("\"load\":0.25", "\"load\":" + bad);
            Throwable acl = catchThrowable(() -> LamboJson.read(acl(body), ServerState.class));
            PayloadException mqtt = (PayloadException) catchThrowable(() -> MQTT.decode(mqtt(body)));
            assertThat(acl).as(bad).isInstanceOf(MalformedMessageException.class);
            assertThat(((MalformedMessageException) acl).field()).as(bad).isEqualTo("body.load");
            assertThat(acl.getMessage()).as(bad).contains("must be a finite number");
            assertThat(mqtt.reason()).as(bad).isEqualTo(RejectReason.NOT_FINITE);
            assertThat(mqtt.field()).as(bad).isEqualTo("body.load");
        }
    }

    /**
     * A whole message's size is its caller's limit, checked before reading (an MQTT payload's bytes here, ACL content's
     * characters in {@code LamboAcl.read} and an agent's queue); a string longer than that limit is refused by the
     * reader itself, so even a caller with a larger limit (an expert's label requests) never holds one.
     */
    @Test
    void aStringOverTheMessageLimitIsRefusedByBoth() {
        String huge = with("\"server\":\"server-1\"", "\"server\":\"" + "s".repeat(StrictJson.MAX_MESSAGE + 1) + "\"");
        assertThat(catchThrowable(() -> LamboJson.read(acl(huge), ServerState.class)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("String value length");
        assertThat(((PayloadException) catchThrowable(() -> MQTT.decode(mqtt(huge)))).reason())
                .isEqualTo(RejectReason.TOO_LARGE);
    }
}
