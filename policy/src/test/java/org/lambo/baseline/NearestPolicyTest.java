package org.lambo.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;
import org.lambo.mec.ShareAllocation;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.OffloadingPolicyContract;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;

class NearestPolicyTest extends OffloadingPolicyContract {
    @Override
    protected OffloadingPolicy create(long seed) {
        return Policies.create("nearest", PolicySettings.ofSeed(seed));
    }

    @Test
    void everyUeGoesToItsLargestGainServerOrStaysLocalOnlyWhenThatIsInfeasible() {
        for (Instance inst : instances()) {
            Decision d = create(1).decide(inst, Prompt.MIN_LATENCY);
            SequentialState replay = new SequentialState(inst);
            for (int i = 0; i < inst.n(); i++) {
                int best = 1;
                for (int j = 2; j <= inst.m(); j++) if (inst.gain(i, j) > inst.gain(i, best)) best = j;
                if (d.option(i) == Decision.LOCAL) {
                    assertThat(replay.feasible(i, best))
                            .as("UE %d of %s stayed local with server %d feasible", i, inst.id(), best)
                            .isFalse();
                } else {
                    assertThat(d.option(i)).isEqualTo(best);
                }
                replay.assign(i, d.option(i), 0.0);
            }
            assertThat(d).isEqualTo(ShareAllocation.require(inst, d.options()));
        }
    }

    @Test
    void ignoresThePrompt() {
        Instance inst = instances().get(0);
        assertThat(create(1).decide(inst, Prompt.MIN_ENERGY))
                .isEqualTo(create(1).decide(inst, Prompt.MIN_LATENCY));
    }
}
