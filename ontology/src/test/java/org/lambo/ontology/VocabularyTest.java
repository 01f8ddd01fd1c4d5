package org.lambo.ontology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambo.io.PromptId;

class VocabularyTest {
    @Test
    void aLocalDecisionHasNoServerAndNoShare() {
        var d = new OffloadingDecision(0, "ue-0", "t0", 0, null, 0, 10, 10, null);
        assertThat(d.isLocal()).isTrue();
        assertThat(d.server()).isEmpty();
        assertThatThrownBy(() -> new OffloadingDecision(0, "ue-0", "t0", 0, "", 0.5, 10, 10, ""))
                .hasMessageContaining("share must be 0 when option is 0");
        assertThatThrownBy(() -> new OffloadingDecision(0, "ue-0", "t0", 1, "", 0.5, 10, 10, ""))
                .hasMessageContaining("server must not be blank");
    }

    @Test
    void anAllocationNeverGivesOutMoreThanTheWholeServer() {
        assertThatThrownBy(() -> new ServerAllocation(
                        0, "server-1", 1, List.of(new ShareGrant("ue-0", "a", 0.6), new ShareGrant("ue-1", "b", 0.5))))
                .hasMessageContaining("sum to at most 1, got 1.1");
    }

    @Test
    void aCompletedReportHasRealisedCostsAndAFailedOneHasAReason() {
        assertThatThrownBy(() -> TaskReport.builder(0, "ue-0", 0, "t0")
                        .decision(0, 0, 1.0, 1.0)
                        .completed(null, 1.0)
                        .build())
                .hasMessageContaining("realisedLatencyS is missing");
        assertThatThrownBy(() -> TaskReport.failed(0, "ue-0", 0, "t0", null, " "))
                .hasMessageContaining("reason must not be blank");
    }

    @Test
    void listsAreCopiedSoAValueCannotChangeAfterwards() {
        List<Double> gains = new ArrayList<>(List.of(0.5, 0.25));
        UeState ue = new UeState("ue-0", 0, 0, 0, 1e9, 1, 1, gains);
        gains.set(0, 99.0);
        assertThat(ue.gain(1)).isEqualTo(0.5);
        assertThatThrownBy(() -> ue.gains().add(1.0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aLabelRequestNumbersItsServersInOrderAndEveryUeMeasuresEachOfThem() {
        var channel = new ChannelInfo(1e6, 1e-12, 1, 2);
        assertThatThrownBy(() -> new LabelRequest(
                        "r", 0, PromptId.MIN_LATENCY, channel, List.of(Samples.server(2)), List.of(Samples.request())))
                .hasMessageContaining("servers[0].number must be 1, got 2");
        assertThatThrownBy(() -> new LabelRequest(
                        "r", 0, PromptId.MIN_LATENCY, channel, List.of(Samples.server(1)), List.of(Samples.request())))
                .hasMessageContaining("requests[0].ue.gains must have 1 entries, got 2");
        assertThatThrownBy(() -> new LabelRequest("r", 0, null, channel, List.of(Samples.server(1)), List.of()))
                .hasMessageContaining("prompt is missing");
    }

    @Test
    void aLabelRequestsPromptIsItsIdOnTheWireReadOnceIntoAValueAndABadOneIsNamedWithItsValue() {
        LabelRequest sample = (LabelRequest) Samples.everyType().get(9);
        assertThat(sample.prompt()).isEqualTo(PromptId.weighted(0.3));
        String json = LamboJson.write(sample);
        assertThat(json).contains("\"prompt\":\"weighted:0.3\"");
        assertThat(LamboJson.read(json, LabelRequest.class).prompt()).isEqualTo(PromptId.weighted(0.3));
        assertThat(LamboJson.read(json.replace("weighted:0.3", "min-energy"), LabelRequest.class)
                        .prompt())
                .isSameAs(PromptId.MIN_ENERGY);
        // the forms PromptId.parse refuses are PromptIdTest's; here: the reader refuses them naming the field and value
        for (String bad : new String[] {"fastest", "weighted:1.5", "minimize 0.3 latency + 0.7 energy"}) {
            assertThatThrownBy(() -> LamboJson.read(json.replace("weighted:0.3", bad), LabelRequest.class))
                    .as(bad)
                    .isInstanceOf(MalformedMessageException.class)
                    .hasMessage(
                            "field 'body.prompt' must be min-latency, min-energy or weighted:W with W in [0, 1], got '"
                                    + bad + "'");
        }
        assertThatThrownBy(() -> LamboJson.read(
                        json.replace("weighted:0.3", "weighted:0." + "3".repeat(100)), LabelRequest.class))
                .hasMessageContaining("'body.prompt'")
                .hasMessageContaining("(111 characters)");
        assertThatThrownBy(() -> LamboJson.read(json.replace("\"weighted:0.3\"", "0.3"), LabelRequest.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("field 'body.prompt' must be a string");
    }

    @Test
    void aReportsRoundTripsAreBoundedAndItsContainerIsPrintable() {
        TaskReport r = TaskReport.failed(4, "ue-5", 5, "t4-ue5", null, "no decision");
        assertThat(r.decisionMs()).isNull();
        assertThat(r.resends()).isZero();
        assertThat(r.container()).isEmpty();
        assertThatThrownBy(() -> r.withRoundTrips(-1, null, 0, "")).hasMessageContaining("decisionMs");
        assertThatThrownBy(() -> r.withRoundTrips(null, null, 1_001, "")).hasMessageContaining("resends");
        assertThatThrownBy(() -> r.withRoundTrips(null, null, 0, "a\nb"))
                .hasMessageContaining("container must be at most 200 printable characters");
        assertThatThrownBy(() -> r.withRoundTrips(null, null, 0, "c".repeat(201)))
                .hasMessageContaining("container must be at most 200");
        assertThat(r.withRoundTrips(5, 6, 2, null).container()).isEmpty();
    }
}
