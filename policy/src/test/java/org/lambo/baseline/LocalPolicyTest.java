package org.lambo.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.OffloadingPolicyContract;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;

class LocalPolicyTest extends OffloadingPolicyContract {
    @Override
    protected OffloadingPolicy create(long seed) {
        return Policies.create("local", PolicySettings.ofSeed(seed));
    }

    @Override
    protected boolean beatsLocal() {
        return false;
    }

    @Test
    void keepsEveryTaskOnItsUe() {
        var inst = instances().get(0);
        var d = create(1).decide(inst, Prompt.MIN_LATENCY);
        for (int i = 0; i < inst.n(); i++) assertThat(d.isLocal(i)).isTrue();
    }
}
