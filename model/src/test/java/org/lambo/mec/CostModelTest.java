package org.lambo.mec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CostModelTest {
    private final Instance inst = Fixtures.twoUesOneServer();

    @Test
    void uplinkRateFollowsShannonWithMeasuredGain() {
        // r = B log2(1 + p h / sigma2) = 1e6 * log2(1 + 3) = 2e6 bit/s
        assertThat(inst.rate(0, 1)).isCloseTo(2e6, within(1e-6));
    }

    @Test
    void distanceModelClampsBelowOneMetre() {
        EdgeServer s = new EdgeServer(new Point(0, 0), 1e10, true);
        UserEquipment near = new UserEquipment(new Point(0.3, 0.4), 1e9, 1, 1, new Task(1e6, 1e9, 2));
        UserEquipment far = new UserEquipment(new Point(3, 4), 1e9, 1, 1, new Task(1e6, 1e9, 2));
        Instance i = new Instance("d", List.of(s), List.of(near, far), Fixtures.CHANNEL);
        // d = 0.5 m is clamped to 1 m: h = g0 = 1; at d = 5 m, h = 1 / 25
        assertThat(i.gain(0, 1)).isEqualTo(1.0);
        assertThat(i.gain(1, 1)).isCloseTo(0.04, within(1e-15));
        assertThat(i.rate(1, 1)).isCloseTo(1e6 * Math.log(1 + 0.04 / 1e-12) / Math.log(2), within(1e-3));
    }

    @Test
    void localCostsAreWorkloadOverLocalCpu() {
        assertThat(CostModel.localLatency(inst, 0)).isCloseTo(10.0, within(1e-12)); // 1e10 / 1e9
        assertThat(CostModel.localEnergy(inst, 0)).isCloseTo(20.0, within(1e-12)); // 2 W * 10 s
        assertThat(CostModel.localLatency(inst, 1)).isCloseTo(2.5, within(1e-12));
        assertThat(CostModel.localEnergy(inst, 1)).isCloseTo(2.5, within(1e-12));
    }

    @Test
    void offloadCostsAreUploadPlusSharedCompute() {
        assertThat(CostModel.uploadTime(inst, 0, 1)).isCloseTo(2.0, within(1e-9)); // 4e6 / 2e6
        assertThat(CostModel.uploadEnergy(inst, 0, 1)).isCloseTo(2.0, within(1e-9)); // 1 W * 2 s
        // share 0.5 of 5e10: 1e10 / 2.5e10 = 0.4 s
        assertThat(CostModel.offloadLatency(inst, 0, 1, 0.5)).isCloseTo(2.4, within(1e-9));
    }

    @Test
    void minShareMeetsTheDeadlineExactly() {
        // F / (f (T - D/r)) = 1e10 / (5e10 * (12 - 2)) = 0.02
        double s = CostModel.minShare(inst, 0, 1);
        assertThat(s).isCloseTo(0.02, within(1e-12));
        assertThat(CostModel.offloadLatency(inst, 0, 1, s)).isCloseTo(12.0, within(1e-9));
    }

    @Test
    void minShareIsInfiniteWhenTheUploadAloneMissesTheDeadline() {
        UserEquipment slow = new UserEquipment(new Point(1, 1), 1e9, 1, 1, new Task(2e7, 1e9, 5)); // upload 10 s > 5 s
        Instance i = new Instance("slow", inst.servers(), List.of(slow), Fixtures.CHANNEL, new double[][] {{3e-12}});
        assertThat(CostModel.minShare(i, 0, 1)).isInfinite();
    }

    @Test
    void evaluationSumsTheUesAndReportsPerPrompt() {
        Decision d = new Decision(new int[] {1, 0}, new double[] {0.5, 0});
        Evaluation e = CostModel.evaluate(inst, d);
        assertThat(e.totalLatency()).isCloseTo(2.4 + 2.5, within(1e-9));
        assertThat(e.meanLatency()).isCloseTo((2.4 + 2.5) / 2, within(1e-9));
        assertThat(e.totalEnergy()).isCloseTo(2.0 + 2.5, within(1e-9));
        assertThat(e.objective(Prompt.MIN_LATENCY)).isEqualTo(e.totalLatency());
        assertThat(e.objective(Prompt.MIN_ENERGY)).isEqualTo(e.totalEnergy());
        assertThat(e.reported(Prompt.MIN_LATENCY)).isEqualTo(e.meanLatency());
        assertThat(Evaluation.gap(101, 100)).isCloseTo(0.01, within(1e-12));
    }

    /** L_local = 10 + 2.5 s, E_local = 2 W x 10 s + 1 W x 2.5 s = 22.5 J (worked out on paper). */
    @Test
    void theWeightedPromptScalesBothTermsByTheInstancesAllLocalTotals() {
        assertThat(inst.allLocalLatency()).isCloseTo(12.5, within(1e-12));
        assertThat(inst.allLocalEnergy()).isCloseTo(22.5, within(1e-12));
        Prompt w = Prompt.weighted(0.3);
        // UE 0 on the server with the whole of it: T = 2 + 0.2 s, E = 2 J; UE 1 local: T = 2.5 s, E = 2.5 J.
        Evaluation e = CostModel.evaluate(inst, new Decision(new int[] {1, 0}, new double[] {1.0, 0}));
        assertThat(e.objective(w)).isCloseTo(0.3 * 4.7 / 12.5 + 0.7 * 4.5 / 22.5, within(1e-12));
        assertThat(e.reported(w)).isEqualTo(e.objective(w));
        assertThat(CostModel.cost(inst, 0, 1, 1.0, w)).isCloseTo(0.3 * 2.2 / 12.5 + 0.7 * 2.0 / 22.5, within(1e-12));
        assertThat(CostModel.cost(inst, 1, 0, 0, w)).isCloseTo(0.3 * 2.5 / 12.5 + 0.7 * 2.5 / 22.5, within(1e-12));
        // all-local is worth exactly 1 at every weight
        for (double x : new double[] {0, 0.3, 1}) {
            assertThat(CostModel.evaluate(inst, Decision.allLocal(2)).objective(Prompt.weighted(x)))
                    .isCloseTo(1.0, within(1e-12));
        }
    }

    @Test
    void theNamedPromptsCostExactlyTheirLatencyOrEnergyAndTheEndWeightsAreThemScaled() {
        Decision d = new Decision(new int[] {1, 1}, new double[] {0.6, 0.4});
        Evaluation e = CostModel.evaluate(inst, d);
        for (int i = 0; i < 2; i++) {
            assertThat(CostModel.cost(inst, i, 1, d.share(i), Prompt.MIN_LATENCY))
                    .isEqualTo(CostModel.latency(inst, i, 1, d.share(i)));
            assertThat(CostModel.cost(inst, i, 1, d.share(i), Prompt.MIN_ENERGY))
                    .isEqualTo(CostModel.energy(inst, i, 1));
        }
        assertThat(e.objective(Prompt.weighted(1))).isCloseTo(e.totalLatency() / 12.5, within(1e-12));
        assertThat(e.objective(Prompt.weighted(0))).isCloseTo(e.totalEnergy() / 22.5, within(1e-12));
        // an offload with no share is infinitely slow, which min-energy and weighted:0 do not look at
        assertThat(CostModel.cost(inst, 0, 1, 0, Prompt.weighted(0))).isCloseTo(2.0 / 22.5, within(1e-12));
        assertThat(CostModel.cost(inst, 0, 1, 0, Prompt.weighted(0.5))).isInfinite();
    }

    /** cost on a server = offloadFixedCost + offloadShareCost / s, for every prompt and share (within rounding). */
    @Test
    void theCostOnAServerSplitsIntoAFixedPartAndOneTheShareDivides() {
        for (Prompt p : new Prompt[] {
            Prompt.MIN_LATENCY, Prompt.MIN_ENERGY, Prompt.weighted(0), Prompt.weighted(0.3), Prompt.weighted(1)
        }) {
            for (int i = 0; i < 2; i++) {
                for (double share : new double[] {1.0, 0.6, 0.05}) {
                    double split = CostModel.offloadFixedCost(inst, i, 1, p)
                            + CostModel.offloadShareCost(inst, i, 1, p) / share;
                    double whole = CostModel.cost(inst, i, 1, share, p);
                    assertThat(split).as("%s, UE %d, share %s", p, i, share).isCloseTo(whole, within(whole * 1e-14));
                }
            }
            if (p.energyOnly())
                assertThat(CostModel.offloadShareCost(inst, 0, 1, p)).isZero();
        }
        // the fixed part is the upload alone: 2 s and 2 J for UE 0 (worked out on paper)
        assertThat(CostModel.offloadFixedCost(inst, 0, 1, Prompt.MIN_LATENCY)).isCloseTo(2.0, within(1e-12));
        assertThat(CostModel.offloadFixedCost(inst, 0, 1, Prompt.MIN_ENERGY)).isCloseTo(2.0, within(1e-12));
    }
}
