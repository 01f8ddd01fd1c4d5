package org.lambo.aed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambo.io.InputException;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/** Warming the policy up when it is built leaves no trace in its decisions, sampled ones included. */
class AedWarmUpTest {
    @Test
    void aWarmedUpPolicyDecidesEverySlotAsAColdOneDoes() {
        Map<String, String> base = Map.of("aed.checkpoint", "builtin:aed-paper-lambo-s", "aed.samples", "3");
        World world = new World(ScenarioLoader.load("paper"), 777);
        try (AedPolicy cold = AedPolicy.fromSettings(new PolicySettings(5, with(base, "0")));
                AedPolicy warm = AedPolicy.fromSettings(new PolicySettings(5, with(base, "4")))) {
            for (int s = 0; s < 3; s++) {
                Instance inst = world.next();
                for (Prompt p : new Prompt[] {Prompt.MIN_LATENCY, Prompt.MIN_ENERGY}) {
                    assertThat(warm.decideTraced(inst, p)).isEqualTo(cold.decideTraced(inst, p));
                }
            }
        }
    }

    @Test
    void aNegativeWarmUpIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> AedPolicy.fromSettings(new PolicySettings(1, Map.of("aed.warmup", "-1"))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("aed.warmup");
    }

    private static Map<String, String> with(Map<String, String> base, String warmup) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>(base);
        m.put(AedPolicy.WARMUP_OPTION, warmup);
        return m;
    }
}
