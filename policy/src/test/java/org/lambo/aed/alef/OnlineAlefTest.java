package org.lambo.aed.alef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
import org.lambo.aed.AedPolicy;
import org.lambo.aed.model.AedConfig;
import org.lambo.aed.online.FineTunableAed;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/** Online ALEF's trigger, buffer and background fine-tune, without a JADE container. */
class OnlineAlefTest {
    private static final Prompt PROMPT = Prompt.MIN_LATENCY;
    private FineTunableAed policy;
    private OnlineAlef alef;
    private final List<Instance> slots = new ArrayList<>();

    @BeforeEach
    void tinyAedAndSlots() {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null)
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        policy = new FineTunableAed(
                new AedPolicy(AedModel.create(new AedConfig("test-tiny", 16, 2, 2, 32, 10.0, 0.3), 3), 1, true, 3));
        World w = new World(ScenarioLoader.load("tiny"), 11);
        for (int k = 0; k < 8; k++) slots.add(w.next());
    }

    @AfterEach
    void close() {
        if (alef != null) alef.close();
        policy.close();
    }

    private OnlineAlef alef(double threshold, int k) {
        alef = new OnlineAlef(
                policy,
                OnlineAlef.Options.DEFAULTS
                        .withEntropyThreshold(threshold)
                        .withBatch(k)
                        .withEpochs(3),
                5);
        return alef;
    }

    private Decision expert(Instance inst) {
        try (OffloadingPolicy exhaustive = Policies.create("exhaustive", new PolicySettings(1, Map.of()))) {
            return exhaustive.decide(inst, PROMPT);
        }
    }

    @Test
    void onlySlotsAboveTheThresholdAreQueried() {
        OnlineAlef a = alef(0.5, 4);
        assertThat(a.slotDecided(0, 0.49)).isFalse();
        assertThat(a.slotDecided(1, 0.5)).isFalse();
        assertThat(a.slotDecided(2, 0.51)).isTrue();
        assertThat(a.summary().slotsSeen()).isEqualTo(3);
        assertThat(a.summary().slotsQueried()).isEqualTo(1);
        assertThat(a.summary().labelsPending()).isEqualTo(1);
        a.labelFailed("slot 2: no expert proposed within 2000 ms (0 answers)");
        assertThat(a.summary().labelsPending()).isZero();
        assertThat(a.summary().labelsFailed()).isEqualTo(1);
    }

    @Test
    void aSlotAboveTheThresholdIsSkippedWhileMaxPendingLabelsAreAwaited() {
        alef = new OnlineAlef(
                policy, OnlineAlef.Options.DEFAULTS.withEntropyThreshold(0).withMaxPending(2), 5);
        assertThat(alef.slotDecided(0, 1.0)).isTrue();
        assertThat(alef.slotDecided(1, 1.0)).isTrue();
        assertThat(alef.slotDecided(2, 1.0)).as("two labels are awaited").isFalse();
        assertThat(alef.slotDecided(3, 0.0))
                .as("below the threshold: not a skip")
                .isFalse();
        alef.labelFailed("slot 0: expert-mip failed");
        assertThat(alef.slotDecided(4, 1.0)).isTrue();
        OnlineAlef.Summary sum = alef.summary();
        assertThat(sum.slotsSeen()).isEqualTo(5);
        assertThat(sum.slotsQueried()).isEqualTo(3);
        assertThat(sum.slotsSkippedBusy()).isEqualTo(1);
        assertThat(sum.labelsPending()).isEqualTo(2);
        assertThatThrownBy(() -> OnlineAlef.Options.DEFAULTS.withMaxPending(0))
                .hasMessageContaining("maxPending must be >= 1, got 0");
    }

    @Test
    void theSummaryGroupsWhyLabelsFailedMostFrequentFirst() {
        OnlineAlef a = alef(0, 4);
        for (int s = 0; s < 4; s++) a.slotDecided(s, 1.0);
        a.labelFailed("slot 0: no label within 30000 ms of the acceptance");
        a.labelFailed("slot 1: expert-mip failed: mip cannot label: out of memory");
        a.labelFailed("slot 2: no label within 30000 ms of the acceptance");
        a.labelFailed(null);
        OnlineAlef.Summary sum = a.summary();
        assertThat(sum.labelsFailed()).isEqualTo(4);
        assertThat(sum.failures())
                .containsEntry("no label within 30000 ms of the acceptance", 2)
                .containsEntry("expert-mip failed: mip cannot label: out of memory", 1)
                .containsEntry("no reason given", 1);
        assertThat(sum.failureReasons()).startsWith("2 × no label within 30000 ms of the acceptance; ");
    }

    @Test
    void aPolicyThatCannotLearnOnlineIsRefusedByName() {
        try (OffloadingPolicy greedy = Policies.create("greedy", PolicySettings.ofSeed(1))) {
            assertThatThrownBy(() -> new OnlineAlef(greedy, OnlineAlef.Options.DEFAULTS, 1))
                    .hasMessageContaining("policy greedy cannot learn online");
        }
    }

    @Test
    void theLabelDeadlineGrowsWithTheBidOfTheAcceptedExpert() {
        OnlineAlef.Options o = OnlineAlef.Options.DEFAULTS;
        assertThat(o.labelDeadlineMs(0.5)).isEqualTo(1_000 + o.labelMs());
        assertThat(o.labelDeadlineMs(Double.NaN)).isEqualTo(o.labelMs());
        assertThat(o.labelDeadlineMs(40)).isEqualTo(80_000 + o.labelMs());
    }

    @Test
    void fewerThanKLabelsStartNoFineTune() throws InterruptedException {
        OnlineAlef a = alef(0, 3);
        Decision before = policy.decide(slots.get(7), PROMPT);
        a.labelled(slots.get(0), PROMPT, expert(slots.get(0)));
        a.labelled(slots.get(1), PROMPT, expert(slots.get(1)));
        assertThat(a.awaitIdle(10_000)).isTrue();
        assertThat(a.summary().fineTunes()).isEmpty();
        assertThat(a.buffered()).isEqualTo(2);
        assertThat(policy.decideTraced(slots.get(7), PROMPT).decision()).isEqualTo(before);
    }

    @Test
    void kLabelsFineTuneTheDecoderInTheBackgroundAndSwapItForTheFollowingSlots() throws InterruptedException {
        OnlineAlef a = alef(0, 3);
        double entropyBefore = policy.decideTraced(slots.get(7), PROMPT).entropy();
        for (int s = 0; s < 4; s++) {
            a.slotDecided(s, 1.0);
            a.labelled(slots.get(s), PROMPT, expert(slots.get(s)));
        }
        assertThat(a.awaitIdle(60_000)).isTrue();
        OnlineAlef.Summary sum = a.summary();
        assertThat(sum.error()).isNull();
        assertThat(sum.labelsReceived()).isEqualTo(4);
        assertThat(sum.fineTunes()).hasSize(1);
        OnlineAlef.FineTune ft = sum.fineTunes().get(0);
        assertThat(ft.labels()).isEqualTo(3);
        assertThat(ft.afterSlot()).isBetween(2, 3); // the swap came after the third label at the earliest
        assertThat(ft.lossAfter()).isLessThan(ft.lossBefore());
        assertThat(a.buffered()).isEqualTo(1); // the fourth waits for the next K
        assertThat(policy.decideTraced(slots.get(7), PROMPT).entropy()).isNotEqualTo(entropyBefore);
    }

    @Test
    void badOptionsAreRefusedWithTheirValue() {
        assertThatThrownBy(() -> OnlineAlef.Options.DEFAULTS.withBatch(0))
                .hasMessageContaining("batch must be >= 1, got 0");
        assertThatThrownBy(() -> OnlineAlef.Options.DEFAULTS.withEntropyThreshold(-1))
                .hasMessageContaining("got -1.0");
    }
}
