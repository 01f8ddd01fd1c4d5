package org.lambo.aed;

import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.OffloadingPolicyContract;

/**
 * The contract for the AED with one (greedy) decoding, the default: the case that a policy saying it is
 * {@code Stateless} decides a slot as a fresh one does runs here (with samples > 1, {@link AedPolicyTest}, it is
 * skipped).
 */
class AedGreedyDecodingContractTest extends OffloadingPolicyContract {
    @Override
    protected OffloadingPolicy create(long seed) {
        return new AedPolicy(AedModel.create(TestModels.tiny(), seed), 1, true, seed);
    }

    /** Untrained weights promise validity, not quality. */
    @Override
    protected boolean beatsLocal() {
        return false;
    }
}
