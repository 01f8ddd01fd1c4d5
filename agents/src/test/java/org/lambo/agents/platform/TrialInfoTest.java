package org.lambo.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.lambo.scenario.ScenarioLoader;

/** A trial's scenario fingerprint and seed, as published and compared at join. */
class TrialInfoTest {
    @Test
    void theSameScenarioAndSeedMakeTheSameWorld() {
        TrialInfo a = TrialInfo.of(ScenarioLoader.load("small"), 5);
        TrialInfo b = TrialInfo.of(ScenarioLoader.load("small"), 5);
        assertThat(a).isEqualTo(b);
        assertThat(a.sameWorld(b)).isTrue();
        // the scenario's own seed does not count, only the seed the world is unrolled with
        assertThat(TrialInfo.of(ScenarioLoader.load("small").withSeed(99), 5).sameWorld(a))
                .isTrue();
    }

    @Test
    void anotherSeedOrScenarioIsNamedWithBoth() {
        TrialInfo trial = TrialInfo.of(ScenarioLoader.load("small"), 5);
        TrialInfo seven = TrialInfo.of(ScenarioLoader.load("small"), 7);
        TrialInfo paper = TrialInfo.of(ScenarioLoader.load("paper"), 5);
        assertThat(seven.sameWorld(trial)).isFalse();
        assertThat(paper.sameWorld(trial)).isFalse();
        assertThat(paper.sha()).isNotEqualTo(trial.sha());
        assertThat(seven.mismatch(trial))
                .isEqualTo("scenario small (sha " + trial.sha() + ") seed 7 here, trial has small (sha " + trial.sha()
                        + ") seed 5");
        assertThat(paper.mismatch(trial))
                .startsWith("scenario paper (sha " + paper.sha() + ") seed 5 here, trial has small");
    }

    @Test
    void itTravelsThroughTheDfServiceNameIntact() {
        TrialInfo a = new TrialInfo("my scenario with spaces", "0123456789ab", -3);
        assertThat(TrialInfo.decode(a.encode())).isEqualTo(a);
        assertThat(TrialInfo.decode("garbage")).isNull();
        assertThat(TrialInfo.decode("nothex12chars 5 x")).isNull();
        assertThatThrownBy(() -> new TrialInfo("s", "short", 1)).hasMessageContaining("short");
    }
}
