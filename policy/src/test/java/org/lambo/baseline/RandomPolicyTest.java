package org.lambo.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;
import org.lambo.mec.ShareAllocation;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.OffloadingPolicyContract;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;

class RandomPolicyTest extends OffloadingPolicyContract {
    @Override
    protected OffloadingPolicy create(long seed) {
        return Policies.create("random", PolicySettings.ofSeed(seed));
    }

    @Override
    protected boolean beatsLocal() {
        return false;
    }

    /** The first UE sees a fresh state: its option must be uniform over its feasible options (chi-square). */
    @Test
    void firstUeOptionIsUniformOverItsFeasibleOptions() {
        Instance inst = instances().get(instances().size() - 1); // small: 3 servers
        boolean[] mask = new SequentialState(inst).mask(0);
        int feasible = 0;
        for (boolean b : mask) if (b) feasible++;
        assertThat(feasible).as("the test needs a UE with a choice").isGreaterThanOrEqualTo(3);
        OffloadingPolicy p = create(2024);
        int draws = 4000;
        long[] counts = new long[inst.m() + 1];
        for (int k = 0; k < draws; k++)
            counts[p.decide(inst, Prompt.MIN_LATENCY).option(0)]++;
        long[] observed = new long[feasible];
        double[] expected = new double[feasible];
        int q = 0;
        for (int j = 0; j <= inst.m(); j++) {
            if (mask[j]) {
                observed[q] = counts[j];
                expected[q++] = (double) draws / feasible;
            } else {
                assertThat(counts[j]).as("infeasible option %d drawn", j).isZero();
            }
        }
        // a fixed seed makes this deterministic; the level keeps a wrong distribution from passing by chance
        assertThat(new ChiSquareTest().chiSquareTest(expected, observed)).isGreaterThan(0.001);
    }

    /**
     * Replaying each decision through a fresh state, every UE's option must be uniform over the options feasible at its
     * turn: the rank of the chosen option among them, grouped by how many there were, passes a chi-square test of
     * uniformity.
     */
    @Test
    void everyUeDrawsUniformlyAmongTheOptionsFeasibleAtItsTurn() {
        Instance inst = instances().get(instances().size() - 1);
        OffloadingPolicy p = create(77);
        int m = inst.m();
        long[][] rankCounts = new long[m + 2][m + 1]; // [feasible count][rank]
        for (int k = 0; k < 600; k++) {
            Decision d = p.decide(inst, Prompt.MIN_ENERGY);
            SequentialState state = new SequentialState(inst);
            for (int i = 0; i < inst.n(); i++) {
                int count = 0;
                int rank = -1;
                for (int j = 0; j <= m; j++) {
                    if (!state.feasible(i, j)) continue;
                    if (j == d.option(i)) rank = count;
                    count++;
                }
                assertThat(rank).as("UE %d chose an infeasible option", i).isNotNegative();
                rankCounts[count][rank]++;
                state.assign(i, d.option(i), 0.0);
            }
        }
        int groupsTested = 0;
        for (int count = 2; count <= m + 1; count++) {
            long total = 0;
            for (int r = 0; r < count; r++) total += rankCounts[count][r];
            if (total < 50 * count) continue; // too few draws for the chi-square approximation
            long[] observed = java.util.Arrays.copyOf(rankCounts[count], count);
            double[] expected = new double[count];
            java.util.Arrays.fill(expected, (double) total / count);
            assertThat(new ChiSquareTest().chiSquareTest(expected, observed))
                    .as("%d feasible options", count)
                    .isGreaterThan(0.001);
            groupsTested++;
        }
        assertThat(groupsTested).isPositive();
    }

    @Test
    void differentSeedsGiveDifferentDecisions() {
        Instance inst = instances().get(instances().size() - 1);
        Set<Decision> seen = new HashSet<>();
        for (long s = 0; s < 10; s++) seen.add(create(s).decide(inst, Prompt.MIN_LATENCY));
        assertThat(seen.size()).isGreaterThan(5);
    }

    @Test
    void sharesAreWaterFilled() {
        for (Instance inst : instances()) {
            Decision d = create(9).decide(inst, Prompt.MIN_ENERGY);
            assertThat(d).isEqualTo(ShareAllocation.require(inst, d.options()));
        }
    }
}
