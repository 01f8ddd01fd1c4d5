package org.lambo.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambo.mec.Instance;
import org.lambo.scenario.DriftEvent;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class SlotSourceTest {
    private final Scenario tiny = ScenarioLoader.load("tiny");

    @Test
    void seesTheWorldOfTheScenarioAndSeedSlotBySlot() {
        SlotSource source = new SlotSource(tiny, 21);
        World world = new World(tiny, 21);
        for (int t = 0; t < 5; t++) {
            Instance expected = world.next();
            Instance got = source.slot(t);
            assertThat(got.id()).isEqualTo(expected.id());
            assertThat(got.ue(3).position()).isEqualTo(expected.ue(3).position());
            assertThat(got.ue(3).task()).isEqualTo(expected.ue(3).task());
            assertThat(source.slot(t)).isSameAs(got);
        }
    }

    @Test
    void twoSourcesWithTheSameSeedAgreeAsContainersInOtherJvmsMust() {
        assertThat(new SlotSource(tiny, 4).slot(3).ue(0).position())
                .isEqualTo(new SlotSource(tiny, 4).slot(3).ue(0).position());
    }

    @Test
    void forgetsOldSlotsAndSaysSo() {
        SlotSource source = new SlotSource(tiny, 1);
        source.slot(SlotSource.KEEP + 3);
        assertThat(source.kept()).hasSize(SlotSource.KEEP);
        assertThatThrownBy(() -> source.slot(0)).hasMessageContaining("older than");
    }

    @Test
    void theActiveUesFollowTheUeCountDrift() {
        Scenario s = tiny.withDrift(List.of(new DriftEvent.UeCount(2, 9), new DriftEvent.UeCount(4, 3)));
        assertThat(SlotSource.activeUes(s, 0)).isEqualTo(6);
        assertThat(SlotSource.activeUes(s, 2)).isEqualTo(9);
        assertThat(SlotSource.activeUes(s, 5)).isEqualTo(3);
        assertThat(SlotSource.maxActiveUes(s, 6)).isEqualTo(9);
        SlotSource source = new SlotSource(s, 1);
        for (int t = 0; t < 6; t++) assertThat(source.slot(t).n()).isEqualTo(SlotSource.activeUes(s, t));
    }

    @Test
    void aSlotFarPastTheWorldIsRefusedAtOnceAndTheWorldStaysWhereItWas() {
        SlotSource source = new SlotSource(tiny, 1);
        source.slot(3);
        long t0 = System.nanoTime();
        SlotSource.Lookup far = source.lookup(2_000_000_000);
        assertThat(far.found()).isFalse();
        assertThat(far.refusal()).contains("slot 2000000000 is past the last slot a world unrolls to");
        assertThat(source.lookup(3 + SlotSource.HORIZON + 1).refusal())
                .contains("more than " + SlotSource.HORIZON + " slots past the world's latest slot 3");
        assertThat(source.lookup(-1).refusal()).contains("slot must be >= 0, got -1");
        assertThat((System.nanoTime() - t0) / 1e9)
                .as("refused without unrolling")
                .isLessThan(1.0);
        assertThat(source.kept().keySet()).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThatThrownBy(() -> source.slot(500))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("past the world's latest slot");
        assertThat(source.lookup(3 + SlotSource.HORIZON).found()).isTrue();
    }

    @Test
    void theFirstSlotAskedOfAFreshWorldMayLieFarAheadAsAResumedTrialsDoes() {
        SlotSource source = new SlotSource(tiny, 1);
        SlotSource.Lookup first = source.lookup(1_000);
        assertThat(first.found()).isTrue();
        assertThat(first.instance().id())
                .isEqualTo(new SlotSource(tiny, 1).slot(1_000).id());
    }

    @Test
    void aTrialsSourceUnrollsTheNextSlotAheadAndSeesTheSameWorld() {
        SlotSource ahead = SlotSource.unrollingAhead(tiny, 21);
        SlotSource plain = new SlotSource(tiny, 21);
        for (int t = 0; t < SlotSource.KEEP + 4; t++) {
            Instance got = ahead.slot(t);
            assertThat(got.id()).isEqualTo(plain.slot(t).id());
            assertThat(got.ue(2).position()).isEqualTo(plain.slot(t).ue(2).position());
            int next = t + 1;
            // the slot after the one asked for is unrolled without anyone asking
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> ahead.kept().containsKey(next));
            assertThat(ahead.kept().get(next).ue(2).position())
                    .isEqualTo(plain.slot(next).ue(2).position());
        }
        // the last KEEP asked for are kept beside the one unrolled ahead; older ones are refused as before
        assertThat(ahead.kept()).hasSize(SlotSource.KEEP + 1);
        int last = SlotSource.KEEP + 3;
        assertThat(ahead.lookup(last - SlotSource.KEEP + 1).found()).isTrue();
        assertThat(ahead.lookup(last - SlotSource.KEEP).refusal()).contains("older than");
    }
}
