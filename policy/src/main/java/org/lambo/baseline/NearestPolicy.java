package org.lambo.baseline;

import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;
import org.lambo.mec.ShareAllocation;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.PolicyProvider;
import org.lambo.policy.PolicySettings;
import org.lambo.policy.Stateless;

/**
 * Best-channel association, what a UE does without a coordinator: UE by UE in index order, each UE offloads to the up
 * server of largest power gain h_ij (with the distance model: the nearest one), falling back to local when that server
 * is infeasible for it (the upload alone misses the deadline, or its minimum share no longer fits beside the UEs placed
 * before it). Shares are then water-filled by {@link ShareAllocation#best}. Ignores the prompt; deterministic.
 */
public final class NearestPolicy implements OffloadingPolicy, Stateless {
    @Override
    public String name() {
        return "nearest";
    }

    @Override
    public Decision decide(Instance instance, Prompt prompt) {
        SequentialState state = new SequentialState(instance);
        for (int i = 0; i < instance.n(); i++) {
            int j = bestChannel(instance, i);
            state.assign(i, j != Decision.LOCAL && state.feasible(i, j) ? j : Decision.LOCAL, 0.0);
        }
        return ShareAllocation.require(instance, state.options());
    }

    /** The up server of largest gain for UE i (lowest number on a tie), or local when every server is down. */
    public static int bestChannel(Instance instance, int i) {
        int best = Decision.LOCAL;
        for (int j = 1; j <= instance.m(); j++) {
            if (instance.server(j).up() && (best == Decision.LOCAL || instance.gain(i, j) > instance.gain(i, best)))
                best = j;
        }
        return best;
    }

    public static final class Provider implements PolicyProvider {
        @Override
        public String name() {
            return "nearest";
        }

        @Override
        public String description() {
            return "each UE to its best-channel server (local where infeasible); water-filled shares";
        }

        @Override
        public OffloadingPolicy create(PolicySettings settings) {
            return new NearestPolicy();
        }
    }
}
