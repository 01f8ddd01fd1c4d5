package org.lambo.region;

import java.util.Map;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.OffloadingPolicyContract;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;

/** {@code greedy} split into two regions, as {@code --option greedy.regions=2} makes it, holds to the contract. */
class RegionalGreedyContractTest extends OffloadingPolicyContract {
    @Override
    protected OffloadingPolicy create(long seed) {
        return Policies.create("greedy", new PolicySettings(seed, Map.of("greedy.regions", "2")));
    }
}
