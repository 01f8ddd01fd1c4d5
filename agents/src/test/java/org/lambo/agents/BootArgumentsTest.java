package org.lambo.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BootArgumentsTest {
    @Test
    void agentsOfOneJvmShareTheWorldOfAScenarioAndSeed() {
        SlotSource a = BootArguments.world("ue-0", "tiny", "5");
        assertThat(BootArguments.world("server-1", "tiny", " 5")).isSameAs(a);
        assertThat(BootArguments.world("ue-1", "tiny", "6")).isNotSameAs(a);
        assertThat(a.seed()).isEqualTo(5);
        assertThat(a.slot(0).gain(0, 1))
                .isEqualTo(new SlotSource(a.scenario(), 5).slot(0).gain(0, 1));
    }

    @Test
    void onlyAllStringArgumentsComeFromBoot() {
        assertThat(BootArguments.fromBoot(new Object[] {"tiny", "5", "1"})).isTrue();
        assertThat(BootArguments.fromBoot(new Object[] {"tiny", 5})).isFalse();
        assertThat(BootArguments.fromBoot(null)).isFalse();
    }

    @Test
    void aBadArgumentIsNamedWithItsAgent() {
        assertThatThrownBy(() -> BootArguments.intArg("server-2", "server number", "two"))
                .hasMessage("server-2: server number must be an integer, got 'two'");
        assertThatThrownBy(() -> BootArguments.world("ue-3", "no-such-scenario", "5"))
                .hasMessageStartingWith("ue-3: scenario 'no-such-scenario' cannot be loaded");
        assertThatThrownBy(() -> BootArguments.world("ue-3", "tiny", "x"))
                .hasMessage("ue-3: seed must be an integer, got 'x'");
    }
}
