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
 * Myopic greedy, the classic list-scheduling baseline. The rule:
 *
 * <ol>
 *   <li>UEs are taken in index order 0..N-1 (the order the AED decodes in), through a {@link SequentialState}; each
 *       offloaded UE reserves only its minimum share, so that as many later UEs as possible still fit.
 *   <li>Each UE takes, among the options the state marks feasible, the one of least marginal cost for the prompt
 *       ({@link ServerLoads#marginalCost}): for {@code min-latency} its upload time plus how much the server's
 *       water-filled compute time grows with it (local: F_i / f_L); for {@code min-energy} its own energy, ties broken
 *       by marginal latency. A remaining tie goes to the lower option number, local first.
 *   <li>The final shares are re-optimised for the whole assignment by {@link ShareAllocation#best}.
 * </ol>
 *
 * Deterministic; the seed is unused. O(N M N log N) per decision.
 */
public final class GreedyPolicy implements OffloadingPolicy, Stateless {
    @Override
    public String name() {
        return "greedy";
    }

    @Override
    public Decision decide(Instance instance, Prompt prompt) {
        SequentialState state = new SequentialState(instance);
        ServerLoads loads = new ServerLoads(instance);
        for (int i = 0; i < instance.n(); i++) {
            int option = bestOption(state, loads, i, prompt);
            state.assign(i, option, 0.0);
            loads.add(i, option);
        }
        return ShareAllocation.require(instance, state.options());
    }

    /**
     * The feasible option of least marginal cost for UE i given the UEs placed so far (ties: lower marginal latency,
     * then the lower option number). Local is always a candidate, so this never fails.
     */
    public static int bestOption(SequentialState state, ServerLoads loads, int i, Prompt prompt) {
        int best = Decision.LOCAL;
        double bestCost = loads.marginalCost(i, Decision.LOCAL, prompt);
        double bestLatency = loads.marginalLatency(i, Decision.LOCAL);
        for (int j = 1; j <= state.instance().m(); j++) {
            if (!state.feasible(i, j)) continue;
            double cost = loads.marginalCost(i, j, prompt);
            if (cost > bestCost) continue;
            double latency = prompt.equals(Prompt.MIN_LATENCY) ? cost : loads.marginalLatency(i, j);
            if (cost < bestCost || latency < bestLatency) {
                best = j;
                bestCost = cost;
                bestLatency = latency;
            }
        }
        return best;
    }

    public static final class Provider implements PolicyProvider {
        @Override
        public String name() {
            return "greedy";
        }

        @Override
        public String description() {
            return "UE by UE, the feasible option of least marginal cost; water-filled shares";
        }

        @Override
        public OffloadingPolicy create(PolicySettings settings) {
            return new GreedyPolicy();
        }
    }
}
