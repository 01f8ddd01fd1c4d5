package org.lambo.agents.testing;

import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;
import org.lambo.mec.ShareAllocation;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.PolicyProvider;
import org.lambo.policy.PolicySettings;

/**
 * A real, simple policy for the agent tests, so that they exercise offloading while the project's own baselines are
 * written elsewhere: UE by UE, take the feasible option with the lowest cost if it had all that is left of the server,
 * reserve its minimum share, then give every server's UEs their best shares by water-filling. Registered as
 * {@code nearest-fit} in the test class path only.
 */
public final class NearestFitPolicy implements OffloadingPolicy {
    @Override
    public String name() {
        return "nearest-fit";
    }

    @Override
    public Decision decide(Instance inst, Prompt prompt) {
        SequentialState state = new SequentialState(inst);
        for (int i = 0; i < inst.n(); i++) {
            int best = Decision.LOCAL;
            double bestCost = CostModel.cost(inst, i, Decision.LOCAL, 0, prompt);
            for (int j = 1; j <= inst.m(); j++) {
                if (!state.feasible(i, j)) continue;
                double c = CostModel.cost(inst, i, j, state.remaining(j), prompt);
                if (c < bestCost) {
                    best = j;
                    bestCost = c;
                }
            }
            state.assign(i, best, 0);
        }
        return ShareAllocation.require(inst, state.toDecision().options());
    }

    public static final class Provider implements PolicyProvider {
        @Override
        public String name() {
            return "nearest-fit";
        }

        @Override
        public String description() {
            return "test policy: cheapest feasible option on what is left, minimum shares, then water-filling";
        }

        @Override
        public OffloadingPolicy create(PolicySettings settings) {
            return new NearestFitPolicy();
        }
    }
}
