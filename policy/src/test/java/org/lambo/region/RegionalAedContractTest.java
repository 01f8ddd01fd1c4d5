package org.lambo.region;

import org.lambo.aed.AedModel;
import org.lambo.aed.AedPolicy;
import org.lambo.aed.TestModels;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.OffloadingPolicyContract;

/**
 * An AED (the tests' tiny model) split into two regions and deciding them on two threads, one copy each, holds to the
 * contract: valid, deterministic for a seed, its trace the same decision as its twin's.
 */
class RegionalAedContractTest extends OffloadingPolicyContract {
    @Override
    protected OffloadingPolicy create(long seed) {
        return new RegionalPolicy(
                new RegionCount(2), 2, () -> new AedPolicy(AedModel.create(TestModels.tiny(), seed), 1, true, seed));
    }

    @Override
    protected boolean beatsLocal() {
        return false; // an untrained model
    }
}
