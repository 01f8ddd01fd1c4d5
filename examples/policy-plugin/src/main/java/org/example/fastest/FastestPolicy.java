package org.example.fastest;

import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.EdgeServer;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;
import org.lambo.mec.ShareAllocation;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.PolicyProvider;
import org.lambo.policy.PolicySettings;

/**
 * {@code fastest}: UE by UE in index order, each UE takes the fastest up server (largest f_j) that
 * still has room for its minimum share, unless running locally costs it less than even that whole
 * server would; the shares are then water-filled. Deterministic, and a valid decision on every
 * instance: the {@link SequentialState} keeps every pick feasible and {@link ShareAllocation} gives
 * the shares.
 */
public final class FastestPolicy implements OffloadingPolicy {
    public static final String NAME = "fastest";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Decision decide(Instance inst, Prompt prompt) {
        SequentialState state = new SequentialState(inst);
        for (int i = 0; i < inst.n(); i++) {
            int fastest = Decision.LOCAL;
            for (int j = 1; j <= inst.m(); j++) {
                EdgeServer s = inst.server(j);
                if (state.feasible(i, j) && (fastest == Decision.LOCAL || s.cpuHz() > inst.server(fastest).cpuHz())) fastest = j;
            }
            boolean worthIt = fastest != Decision.LOCAL
                    && CostModel.cost(inst, i, fastest, 1.0, prompt) < CostModel.cost(inst, i, Decision.LOCAL, 0.0, prompt);
            state.assign(i, worthIt ? fastest : Decision.LOCAL, 0.0);
        }
        return ShareAllocation.require(inst, state.options());
    }

    /** Found by lambo through META-INF/services/org.lambo.policy.PolicyProvider in this jar. */
    public static final class Provider implements PolicyProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "each UE to the fastest server with room, unless local is cheaper; an example plug-in";
        }

        @Override
        public OffloadingPolicy create(PolicySettings settings) {
            return new FastestPolicy();
        }
    }
}
