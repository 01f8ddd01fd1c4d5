package org.lambo.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;
import org.lambo.mec.ShareAllocation;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.OffloadingPolicyContract;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.junit.jupiter.api.Test;

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
        for (int k = 0; k < draws; k++) counts[p.decide(inst, Prompt.MIN_LATENCY).option(0)]++;
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
