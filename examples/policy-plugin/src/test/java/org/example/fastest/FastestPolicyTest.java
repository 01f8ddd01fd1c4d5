package org.example.fastest;

import static org.assertj.core.api.Assertions.assertThat;

import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.OffloadingPolicyContract;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The policy passes the contract every LAMBO policy passes (from lambo-policy-testkit), and does what
 * its name says. It is made by name, through the registry, so the test also shows that the provider is
 * registered in META-INF/services.
 */
class FastestPolicyTest extends OffloadingPolicyContract {
    @Override
    protected OffloadingPolicy create(long seed) {
        return Policies.create("fastest", PolicySettings.ofSeed(seed));
    }

    /** The rule, replayed: at its turn, no server open to an offloaded UE was faster than the one it took. */
    @ParameterizedTest
    @MethodSource("org.lambo.mec.Prompt#values")
    void anOffloadedUeTookTheFastestServerStillOpenToIt(Prompt prompt) {
        int offloaded = 0;
        for (Instance inst : instances()) {
            Decision d = create(1).decide(inst, prompt);
            SequentialState state = new SequentialState(inst);
            for (int i = 0; i < inst.n(); i++) {
                int took = d.option(i);
                if (took != Decision.LOCAL) {
                    offloaded++;
                    for (int j = 1; j <= inst.m(); j++) {
                        if (state.feasible(i, j)) {
                            assertThat(inst.server(j).cpuHz()).as("%s UE %d", inst.id(), i).isLessThanOrEqualTo(inst.server(took).cpuHz());
                        }
                    }
                }
                state.assign(i, took, 0.0);
            }
        }
        assertThat(offloaded).as("UEs offloaded over all instances").isPositive();
    }
}
