package org.lambo.expert.de;

import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;

/**
 * A cheap proven lower bound on the optimum: every UE alone, on its cheapest option with a whole server to itself
 * (share 1) and no deadline. Relaxing capacity and deadlines only lowers the minimum, and each UE's cost is then
 * separable, so sum_i min_j cost_i(j, s = 1) is a valid bound for both prompts. It is far from tight when servers are
 * crowded; the {@code mip} expert proves better ones.
 */
public final class IndependentBound {
    private IndependentBound() {}

    public static double of(Instance inst, Prompt prompt) {
        double bound = 0;
        for (int i = 0; i < inst.n(); i++) {
            double best = CostModel.cost(inst, i, Decision.LOCAL, 0, prompt);
            for (int j = 1; j <= inst.m(); j++) {
                if (inst.server(j).up()) best = Math.min(best, CostModel.cost(inst, i, j, 1.0, prompt));
            }
            bound += best;
        }
        return bound;
    }
}
