package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambo.agents.orchestrator.LinkLog;
import org.lambo.agents.platform.ContainerDropout;
import org.lambo.mec.Prompt;
import org.lambo.ontology.TaskReport;

class TrialResultTest {
    private static SlotRecord slot(int t) {
        return new SlotRecord(
                t,
                List.of(TaskReport.builder(t, "ue-0", 0, "t" + t + "-u0")
                        .decision(0, 1, 1.0, 1.0)
                        .completed(1.0, 1.0)
                        .build()),
                3);
    }

    @Test
    void aResultGivenOnlyItsPolicyAndPromptHasTheDocumentedDefaults() {
        TrialResult r = TrialResult.builder("greedy", Prompt.MIN_LATENCY).build();
        assertThat(r.policy()).isEqualTo("greedy");
        assertThat(r.prompt()).isEqualTo(Prompt.MIN_LATENCY);
        assertThat(r.slots()).isEmpty();
        assertThat(r.wallS()).isZero();
        assertThat(r.devices()).isNull();
        assertThat(r.alef()).isNull();
        assertThat(r.dropouts()).isEmpty();
        assertThat(r.links()).isSameAs(LinkLog.Seen.NONE);
        assertThat(r.tasks()).isZero();
    }

    @Test
    void theBuilderCarriesEveryValueGivenAndTheResultKeepsItsOwnCopies() {
        List<SlotRecord> slots = new ArrayList<>(List.of(slot(0), slot(1)));
        List<ContainerDropout> lost = new ArrayList<>();
        TrialResult r = TrialResult.builder("aed", Prompt.MIN_ENERGY)
                .slots(slots)
                .wallS(2.5)
                .dropouts(lost)
                .links(null)
                .build();
        slots.clear();
        assertThat(r.slots()).extracting(SlotRecord::slot).containsExactly(0, 1);
        assertThat(r.wallS()).isEqualTo(2.5);
        assertThat(r.tasks()).isEqualTo(2);
        assertThat(r.completed()).isEqualTo(2);
        assertThat(r.links()).as("null links read as not known").isSameAs(LinkLog.Seen.NONE);
    }

    @Test
    void aBadValueFailsNamingTheFieldAndTheValue() {
        assertThatThrownBy(() -> TrialResult.builder("greedy", Prompt.MIN_LATENCY)
                        .wallS(-1)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wallS")
                .hasMessageContaining("-1.0");
        assertThatThrownBy(() -> TrialResult.builder("greedy", Prompt.MIN_LATENCY)
                        .wallS(Double.NaN)
                        .build())
                .hasMessageContaining("wallS")
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> TrialResult.builder("greedy", Prompt.MIN_LATENCY)
                        .wallS(Double.POSITIVE_INFINITY)
                        .build())
                .hasMessageContaining("Infinity");
        assertThatThrownBy(() -> TrialResult.builder(" ", Prompt.MIN_LATENCY).build())
                .hasMessageContaining("policy")
                .hasMessageContaining("' '");
        assertThatThrownBy(() -> TrialResult.builder(null, Prompt.MIN_LATENCY).build())
                .hasMessageContaining("policy");
        assertThatThrownBy(() -> TrialResult.builder("greedy", null).build()).hasMessageContaining("prompt");
        assertThatThrownBy(() -> TrialResult.builder("greedy", Prompt.MIN_LATENCY)
                        .slots(null)
                        .build())
                .hasMessageContaining("slots");
        assertThatThrownBy(() -> TrialResult.builder("greedy", Prompt.MIN_LATENCY)
                        .dropouts(null)
                        .build())
                .hasMessageContaining("dropouts");
    }
}
