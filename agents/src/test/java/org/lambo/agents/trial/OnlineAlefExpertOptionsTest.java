package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambo.aed.alef.OnlineAlef;
import org.lambo.scenario.ScenarioLoader;

/** The online-ALEF expert is given a time limit that fits its label deadline, unless the user gave one. */
class OnlineAlefExpertOptionsTest {
    private static TrialSettings.Builder trial() {
        return TrialSettings.builder(ScenarioLoader.load("tiny")).policy("aed").onlineAlef(OnlineAlef.Options.DEFAULTS);
    }

    @Test
    void anExactExpertWithATimeLimitGetsAThirdOfTheLabelTime() {
        assertThat(TrialRunner.expertOptions(trial().alefExpert("mip").build()))
                .isEqualTo(Map.of("mip.timeLimitS", "10.000"));
    }

    @Test
    void theUsersOwnLimitAndOptionsOfTheExpertAreKept() {
        TrialSettings s = trial().alefExpert("mip")
                .policyOptions(Map.of("mip.timeLimitS", "3", "mip.gap", "0.01", "aed.samples", "2"))
                .build();
        assertThat(TrialRunner.expertOptions(s)).isEqualTo(Map.of("mip.timeLimitS", "3", "mip.gap", "0.01"));
    }

    @Test
    void anExpertWithoutATimeLimitOptionGetsNone() {
        assertThat(TrialRunner.expertOptions(trial().alefExpert("exhaustive").build()))
                .isEmpty();
    }
}
