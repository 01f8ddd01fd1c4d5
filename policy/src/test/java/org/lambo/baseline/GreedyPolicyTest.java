package org.lambo.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;
import org.lambo.mec.ShareAllocation;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.OffloadingPolicyContract;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;

class GreedyPolicyTest extends OffloadingPolicyContract {
    @Override
    protected OffloadingPolicy create(long seed) {
        return Policies.create("greedy", PolicySettings.ofSeed(seed));
    }

    /** With one UE, the marginal cost of a server is its whole-server cost: greedy is exact. */
    @ParameterizedTest
    @MethodSource("org.lambo.mec.Prompt#values")
    void aLoneUeTakesItsCheapestFeasibleOption(Prompt prompt) {
        for (Instance inst : instances()) {
            Instance one =
                    new Instance(inst.id() + "-one", inst.servers(), inst.ues().subList(0, 1), inst.channel());
            SequentialState fresh = new SequentialState(one);
            int expected = Decision.LOCAL;
            double best = CostModel.cost(one, 0, Decision.LOCAL, 0, prompt);
            for (int j = 1; j <= one.m(); j++) {
                double c = CostModel.cost(one, 0, j, 1.0, prompt);
                if (fresh.feasible(0, j) && c < best) {
                    best = c;
                    expected = j;
                }
            }
            assertThat(create(1).decide(one, prompt).option(0)).as(one.id()).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @MethodSource("org.lambo.mec.Prompt#values")
    void finalSharesAreTheWaterFilledOnes(Prompt prompt) {
        for (Instance inst : instances()) {
            Decision d = create(1).decide(inst, prompt);
            assertThat(d).isEqualTo(ShareAllocation.require(inst, d.options()));
        }
    }

    /** The rule, replayed: at its turn each UE's option had the least marginal cost among the feasible ones. */
    @ParameterizedTest
    @MethodSource("org.lambo.mec.Prompt#values")
    void everyUeTookAnOptionOfLeastMarginalCostAtItsTurn(Prompt prompt) {
        for (Instance inst : instances()) {
            Decision d = create(1).decide(inst, prompt);
            SequentialState state = new SequentialState(inst);
            ServerLoads loads = new ServerLoads(inst);
            for (int i = 0; i < inst.n(); i++) {
                double chosen = loads.marginalCost(i, d.option(i), prompt);
                for (int j = 0; j <= inst.m(); j++) {
                    if (state.feasible(i, j)) assertThat(chosen).isLessThanOrEqualTo(loads.marginalCost(i, j, prompt));
                }
                state.assign(i, d.option(i), 0.0);
                loads.add(i, d.option(i));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.lambo.mec.Prompt#values")
    void offloadsSomethingOnThePaperTradeOff(Prompt prompt) {
        // small: local takes about 10 s and offloading about 7 s plus compute, so greedy must offload someone
        Instance inst = instances().get(instances().size() - 1);
        int[] counts = create(1).decide(inst, prompt).countsPerOption(inst.m());
        assertThat(counts[Decision.LOCAL]).isLessThan(inst.n());
    }
}
