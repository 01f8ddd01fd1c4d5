package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class UeRollTest {
    @Test
    void isCompleteOnlyOnceTheAmsSaysEveryUeLives() {
        UeRoll some = UeRoll.of(4, n -> !n.equals("ue-2"), Set.of(), Set.of());
        assertThat(some.complete()).isFalse();
        assertThat(some.missing()).isEqualTo(1);
        assertThat(some.firstMissing()).isEqualTo(2);
        assertThat(some.present()).containsExactly(0, 1, 3);

        UeRoll all = UeRoll.of(4, n -> true, Set.of(), Set.of());
        assertThat(all.complete()).isTrue();
        assertThat(all.firstMissing()).isEqualTo(-1);
        assertThat(all.present()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aUeThatCouldNotSetUpOrDiedIsAccountedForButNotPresent() {
        UeRoll r = UeRoll.of(5, n -> n.equals("ue-0") || n.equals("ue-4"), Set.of("ue-1", "ue-3"), Set.of(2));
        assertThat(r.complete()).isTrue();
        assertThat(r.present()).containsExactly(0, 4);
    }

    @Test
    void aUeThatSaidItCouldNotSetUpIsNotAddressedEvenIfItsAgentStillLives() {
        // it ends after telling the clock: no slot-start goes to it, no report is taken from it
        UeRoll r = UeRoll.of(2, n -> true, Set.of("ue-1"), Set.of());
        assertThat(r.complete()).isTrue();
        assertThat(r.present()).containsExactly(0);
    }

    @Test
    void onlyTheFirstWantedUesCount() {
        // agents of larger indices (a stranger named ue-9 in a 3-UE trial) are not on the roll
        UeRoll r = UeRoll.of(3, n -> true, Set.of(), Set.of());
        assertThat(r.present()).containsExactly(0, 1, 2);
        assertThat(UeRoll.of(0, n -> false, Set.of(), Set.of()).complete()).isTrue();
    }

    @Test
    void badCountsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> UeRoll.of(-2, n -> true, Set.of(), Set.of())).hasMessageContaining("-2");
        assertThatThrownBy(() -> new UeRoll(new TreeSet<>(), 1, -1)).hasMessageContaining("firstMissing");
    }
}
