package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.aed.alef.OnlineAlef;
import org.lambo.ontology.TaskReport;
import org.lambo.scenario.ScenarioLoader;

/**
 * Online ALEF in a whole in-process trial: an untrained AED decides, an {@code exhaustive} expert agent labels every
 * slot (threshold 0), and the decoder is fine-tuned after every K = 2 labels.
 */
class OnlineAlefTrialTest {
    @TempDir
    Path dir;

    private static TrialSettings.Builder trial() {
        return TrialSettings.builder(ScenarioLoader.load("tiny"))
                .slots(6)
                .policy("aed")
                .policyOptions(Map.of("aed.model", "lambo-s"))
                .collectMs(2_000)
                .decisionMs(5_000)
                .serverMs(2_000);
    }

    @Test
    void labelsArriveAFineTuneIsAppliedAndTheSlotsBeforeTheSwapAreDecidedAsWithoutIt() throws Exception {
        TrialResult plain = TrialRunner.run(trial().build(), dir.resolve("plain"), r -> {});
        TrialResult online = TrialRunner.run(
                trial().alefExpert("exhaustive")
                        .onlineAlef(OnlineAlef.Options.DEFAULTS
                                .withEntropyThreshold(0)
                                .withBatch(2)
                                .withEpochs(2))
                        .build(),
                dir.resolve("online"),
                r -> {});

        assertThat(plain.alef()).isNull();
        OnlineAlef.Summary alef = online.alef();
        assertThat(alef.error()).isNull();
        assertThat(alef.slotsQueried()).isPositive();
        assertThat(alef.labelsReceived()).isGreaterThanOrEqualTo(2);
        assertThat(alef.fineTunes()).isNotEmpty();
        for (TaskReport t : online.reports())
            assertThat(t.completed()).as("%s: %s", t.taskId(), t.reason()).isTrue();
        assertThat(online.tasks()).isEqualTo(plain.tasks());

        assertThat(TrialOutputs.onlineAlef(alef))
                .contains(
                        "## Online ALEF",
                        "labels received: " + alef.labelsReceived(),
                        "| 1 | 2 | " + alef.fineTunes().get(0).afterSlot() + " |");

        int swappedAfter = alef.fineTunes().get(0).afterSlot();
        for (int slot = 0; slot <= swappedAfter && slot < plain.slots().size(); slot++) {
            assertThat(options(online.slots().get(slot)))
                    .as("slot %d, before the first swap", slot)
                    .isEqualTo(options(plain.slots().get(slot)));
        }
    }

    private static List<Integer> options(SlotRecord r) {
        return r.reports().stream().map(TaskReport::option).toList();
    }
}
