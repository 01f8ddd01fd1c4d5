package org.lambo.ontology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class LamboJsonTest {
    @Test
    @SuppressWarnings("deprecation")
    void aReportBuiltInStepsIsTheRecordWithNoRoundTripsAndTheSameWireText() {
        TaskReport built = TaskReport.builder(4, "ue-3", 3, "t4-ue3")
                .decision(2, 0.3, 9.2, 6.9)
                .completed(9.2, 6.9)
                .build();
        TaskReport canonical = new TaskReport(
                4, "ue-3", 3, "t4-ue3", 2, 0.3, 9.2, 6.9, 9.2, 6.9, Outcome.COMPLETED, "", null, null, 0, "");
        assertThat(LamboJson.write(built)).isEqualTo(LamboJson.write(canonical));
        TaskReport failed =
                TaskReport.builder(4, "ue-5", 5, "t4-ue5").failed("lost").build();
        assertThat(LamboJson.write(failed))
                .as("no decision: option -1, share 0, no predictions")
                .isEqualTo(LamboJson.write(new TaskReport(
                        4,
                        "ue-5",
                        5,
                        "t4-ue5",
                        -1,
                        0,
                        null,
                        null,
                        null,
                        null,
                        Outcome.FAILED,
                        "lost",
                        null,
                        null,
                        0,
                        "")));
        TaskReport measured = built.withRoundTrips(812, 41, 2, "ues@pi-lab");
        assertThat(LamboJson.write(measured.toBuilder().build())).isEqualTo(LamboJson.write(measured));
        // a builder checks as the record does: completed needs a decision's option
        assertThatThrownBy(() -> TaskReport.builder(0, "ue-0", 0, "t0")
                        .completed(1.0, 1.0)
                        .build())
                .hasMessageContaining("option must be >= 0 for a completed task, got -1");
    }

    static List<LamboMessage> everyType() {
        return Samples.everyType();
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void everyMessageReadsBackEqualToWhatWasWritten(LamboMessage message) {
        String json = LamboJson.write(message);
        assertThat(LamboJson.read(json)).isEqualTo(message);
        assertThat(LamboJson.read(json, message.getClass())).isEqualTo(message);
        assertThat(LamboJson.peekType(json)).isEqualTo(MessageType.of(message));
    }

    @Test
    void everyTypeOfTheVocabularyHasASample() {
        assertThat(Samples.everyType().stream().map(MessageType::of).distinct())
                .containsExactlyInAnyOrder(MessageType.values());
    }

    @Test
    void aReportsRoundTripsTravelThoughTheyAreNoPartOfItsEquality() {
        TaskReport plain = TaskReport.builder(4, "ue-3", 3, "t4-ue3")
                .decision(2, 0.3, 9.2, 6.9)
                .completed(9.2, 6.9)
                .build();
        TaskReport measured = plain.withRoundTrips(812, 41, 2, "ues@pi-lab");
        TaskReport back = LamboJson.read(LamboJson.write(measured), TaskReport.class);
        assertThat(List.of(back.decisionMs(), back.resultMs(), back.resends())).containsExactly(812, 41, 2);
        assertThat(back.container()).isEqualTo("ues@pi-lab");
        assertThat(LamboJson.write(measured))
                .contains("\"decisionMs\":812", "\"resultMs\":41", "\"resends\":2", "\"container\":\"ues@pi-lab\"");
        assertThat(measured)
                .as("the same task's outcome, measured over another network")
                .isEqualTo(plain)
                .hasSameHashCodeAs(plain);
        assertThat(measured).isNotEqualTo(TaskReport.failed(4, "ue-3", 3, "t4-ue3", null, "no decision"));
    }

    @Test
    void doublesTravelBitForBit() {
        double share = 0.1 + 0.2; // 0.30000000000000004
        var d = new OffloadingDecision(0, "ue-0", "t0", 1, "server-1", share, Math.PI, Math.E / 3, "");
        var back = LamboJson.read(LamboJson.write(d), OffloadingDecision.class);
        assertThat(Double.doubleToLongBits(back.share())).isEqualTo(Double.doubleToLongBits(share));
        assertThat(back.predictedEnergyJ()).isEqualTo(Math.E / 3);
    }

    @Test
    void doublesAreWrittenInTheirShortestFormAndReadBackBitForBit() {
        // JDK 17's Double.toString writes these three as 9.999999999999999E22, 2.82879384806159008E17 and
        // 4.8726570056999995E288 (the same doubles, longer); the Schubfach writer the codec uses writes the shortest
        double[] values = {1.0E23, 2.82879384806159E17, 4.8726570057E288, 0.1 + 0.2, Double.MIN_VALUE, 15.6};
        String[] shortest = {
            "1.0E23", "2.82879384806159E17", "4.8726570057E288", "0.30000000000000004", "4.9E-324", "15.6"
        };
        for (int i = 0; i < values.length; i++) {
            var d = new OffloadingDecision(0, "ue-0", "t0", 1, "server-1", 0.5, values[i], 1.0, "");
            String json = LamboJson.write(d);
            assertThat(json).contains("\"predictedLatencyS\":" + shortest[i] + ",");
            var back = LamboJson.read(json, OffloadingDecision.class);
            assertThat(Double.doubleToLongBits(back.predictedLatencyS()))
                    .as(shortest[i])
                    .isEqualTo(Double.doubleToLongBits(values[i]));
            // the strict reader (the tree, for an envelope in another order) reads it to the same double
            String reordered = "{\"type\":\"offloading-decision\"," + json.substring(json.indexOf("\"body\""));
            reordered = reordered.substring(0, reordered.length() - 1) + ",\"schema\":1}";
            assertThat(LamboJson.readInOnePass(reordered, null)).isNull();
            assertThat(LamboJson.read(reordered)).isEqualTo(back);
        }
    }

    @Test
    void theEnvelopeCarriesSchemaAndType() {
        String json = LamboJson.write(new SlotStart(1, 2, 3));
        assertThat(json)
                .isEqualTo("{\"schema\":1,\"type\":\"slot-start\",\"body\":{\"slot\":1,\"ues\":2,\"servers\":3}}");
    }

    @Test
    void anotherSchemaIsRefused() {
        assertThatThrownBy(() -> LamboJson.read(
                        "{\"schema\":2,\"type\":\"slot-start\",\"body\":{\"slot\":1,\"ues\":2,\"servers\":3}}"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("'schema'")
                .hasMessageContaining("must be 1, got 2");
    }

    @Test
    void anUnknownTypeIsNamed() {
        assertThatThrownBy(() -> LamboJson.read("{\"schema\":1,\"type\":\"hello\",\"body\":{}}"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("'type'")
                .hasMessageContaining("'hello'");
    }

    @Test
    void aMessageOfAnotherTypeThanExpectedIsRefused() {
        String json = LamboJson.write(new SlotStart(1, 2, 3));
        assertThatThrownBy(() -> LamboJson.read(json, OffloadingRequest.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("must be 'offloading-request', got 'slot-start'");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "OPTIMAL|OPTIMAL",
                "optimal|OPTIMAL",
                "TIME_LIMIT|TIME_LIMIT",
                "GAP_LIMIT|GAP_LIMIT",
                "STALLED|STALLED",
                "HEURISTIC|HEURISTIC",
                "heuristic: stopped by generations after 300 generations, 9000 evaluations|HEURISTIC"
            })
    void aLabelsStatusReadsFromEveryWordMessagesCarried(String word, Label.Status status) {
        String json = LamboJson.write(Samples.label()).replace("\"status\":\"OPTIMAL\"", "\"status\":\"" + word + "\"");
        Label read = LamboJson.read(json, Label.class);
        assertThat(read.status()).isEqualTo(status);
        assertThat(LamboJson.write(read)).contains("\"status\":\"" + status.name() + "\"");
    }

    @Test
    void aLabelWithAStatusOfNoKnownWordIsRefusedNamingTheFieldAndTheWord() {
        String json = LamboJson.write(Samples.label()).replace("\"status\":\"OPTIMAL\"", "\"status\":\"SOLVED\"");
        assertThatThrownBy(() -> LamboJson.read(json))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("status")
                .hasMessageContaining("'SOLVED'")
                .hasMessageContaining("OPTIMAL, GAP_LIMIT, TIME_LIMIT, STALLED, HEURISTIC");
        String number = json.replace("\"status\":\"SOLVED\"", "\"status\":3");
        assertThatThrownBy(() -> LamboJson.read(number))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("status");
    }

    @Test
    void aMissingFieldIsNamed() {
        assertThatThrownBy(
                        () -> LamboJson.read("{\"schema\":1,\"type\":\"slot-start\",\"body\":{\"slot\":1,\"ues\":2}}"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("servers");
    }

    @Test
    void anUnknownFieldIsNamed() {
        assertThatThrownBy(
                        () -> LamboJson.read(
                                "{\"schema\":1,\"type\":\"slot-start\",\"body\":{\"slot\":1,\"ues\":2,\"servers\":3,\"colour\":\"red\"}}"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("colour");
    }

    @Test
    void aStringForANumberIsRefusedNotCoerced() {
        assertThatThrownBy(() -> LamboJson.read(
                        "{\"schema\":1,\"type\":\"slot-start\",\"body\":{\"slot\":\"1\",\"ues\":2,\"servers\":3}}"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("body.slot");
    }

    @Test
    void aFractionForAnIntegerIsRefused() {
        assertThatThrownBy(() -> LamboJson.read(
                        "{\"schema\":1,\"type\":\"slot-start\",\"body\":{\"slot\":1.5,\"ues\":2,\"servers\":3}}"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("body.slot");
    }

    @Test
    void aNestedOutOfRangeValueIsNamedWithItsPath() {
        String good = LamboJson.write(Samples.request());
        String bad = good.replace("\"transmitPowerW\":1.0", "\"transmitPowerW\":-1.0");
        assertThat(bad).isNotEqualTo(good);
        assertThatThrownBy(() -> LamboJson.read(bad))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("body.ue")
                .hasMessageContaining("transmitPowerW must be a finite number > 0, got -1.0");
    }

    @Test
    void aNullElementOfAListIsNamed() {
        String bad = LamboJson.write(Samples.request()).replaceFirst("\"gains\":\\[[^]]*]", "\"gains\":[0.5,null]");
        assertThatThrownBy(() -> LamboJson.read(bad))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("gains[1]");
    }

    @Test
    void notJsonIsRefusedWithoutAStackTraceWorthOfText() {
        assertThatThrownBy(() -> LamboJson.read("(request :content \"hello\")"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageStartingWith("is not valid JSON");
        assertThatThrownBy(() -> LamboJson.read(""))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("is empty");
        assertThatThrownBy(() -> LamboJson.read("[1,2]"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("must be a JSON object");
    }

    @Test
    void extraEnvelopeFieldsAndTrailingTokensAreRefused() {
        assertThatThrownBy(() -> LamboJson.read(
                        "{\"schema\":1,\"type\":\"slot-start\",\"body\":{\"slot\":1,\"ues\":2,\"servers\":3},\"x\":1}"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("'x'");
        assertThatThrownBy(() -> LamboJson.read(
                        "{\"schema\":1,\"type\":\"slot-start\",\"body\":{\"slot\":1,\"ues\":2,\"servers\":3}} {}"))
                .isInstanceOf(MalformedMessageException.class);
    }
}
