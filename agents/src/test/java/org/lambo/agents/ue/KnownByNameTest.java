package org.lambo.agents.ue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.lambo.scenario.ScenarioLoader;

class KnownByNameTest {
    @Test
    void aTrialOfAtMostOneHundredUesFindsThemInTheDirectory() {
        assertThat(KnownByName.ues(ScenarioLoader.load("paper"))).isFalse();
        assertThat(KnownByName.ues(ScenarioLoader.load("paper").withUes(KnownByName.MOST_IN_DIRECTORY)))
                .isFalse();
        assertThat(KnownByName.ues(0)).isFalse();
    }

    @Test
    void aLargerTrialKnowsItsUesByName() {
        assertThat(KnownByName.ues(ScenarioLoader.load("paper").withUes(KnownByName.MOST_IN_DIRECTORY + 1)))
                .isTrue();
        assertThat(KnownByName.ues(10_000)).isTrue();
    }

    @Test
    void aNegativeCountIsRefusedNamingIt() {
        assertThatThrownBy(() -> KnownByName.ues(-1)).hasMessageContaining("-1");
    }
}
