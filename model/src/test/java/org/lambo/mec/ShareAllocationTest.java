package org.lambo.mec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.lambo.rng.Seeds;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class ShareAllocationTest {
    private static double cost(double[] w, double[] s) {
        double c = 0;
        for (int i = 0; i < w.length; i++) c += w[i] * w[i] / s[i];
        return c;
    }

    @Test
    void withoutBindingMinimumsSharesAreProportionalToRootWorkload() {
        double[] w = {Math.sqrt(1e10), Math.sqrt(4e10), Math.sqrt(9e10)}; // 1 : 2 : 3
        double[] s = ShareAllocation.waterFill(w, new double[3], 1.0);
        assertThat(s[0]).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(s[1]).isCloseTo(2.0 / 6, within(1e-12));
        assertThat(s[2]).isCloseTo(3.0 / 6, within(1e-12));
    }

    @Test
    void aBindingMinimumIsHeldAndTheRestWaterFilled() {
        double[] w = {1, 1, 1};
        double[] min = {0.6, 0, 0};
        double[] s = ShareAllocation.waterFill(w, min, 1.0);
        assertThat(s).containsExactly(new double[] {0.6, 0.2, 0.2}, within(1e-12));
    }

    @Test
    void infeasibleMinimumsGiveNull() {
        assertThat(ShareAllocation.waterFill(new double[] {1, 1}, new double[] {0.7, 0.4}, 1.0))
                .isNull();
    }

    /** Against a numeric optimum: a fine grid over the simplex for three UEs with random minimums. */
    @RepeatedTest(20)
    void matchesAGridSearchOptimum(RepetitionInfo rep) {
        RandomGenerator rng = Seeds.stream(99, "wf", rep.getCurrentRepetition());
        double[] w = new double[3];
        double[] min = new double[3];
        for (int i = 0; i < 3; i++) {
            w[i] = 0.5 + rng.nextDouble();
            min[i] = rng.nextDouble() < 0.5 ? 0.4 * rng.nextDouble() : 0;
        }
        double[] s = ShareAllocation.waterFill(w, min, 1.0);
        assertThat(s).isNotNull();
        double best = Double.POSITIVE_INFINITY;
        int steps = 2000;
        for (int a = 1; a < steps; a++) {
            for (int b = 1; a + b < steps; b++) {
                double[] g = {a / (double) steps, b / (double) steps, (steps - a - b) / (double) steps};
                if (g[0] < min[0] || g[1] < min[1] || g[2] < min[2]) continue;
                best = Math.min(best, cost(w, g));
            }
        }
        double wf = cost(w, s);
        assertThat(wf).isLessThanOrEqualTo(best * (1 + 1e-12));
        assertThat(wf).isCloseTo(best, within(best * 2e-3)); // the grid is only 1/2000 fine
        for (int i = 0; i < 3; i++) assertThat(s[i]).isGreaterThanOrEqualTo(min[i]);
        assertThat(s[0] + s[1] + s[2]).isCloseTo(1.0, within(1e-12));
    }

    /** KKT check on larger cases: moving a little share between any two UEs never helps. */
    @RepeatedTest(10)
    void noPairwiseTransferImproves(RepetitionInfo rep) {
        RandomGenerator rng = Seeds.stream(7, "kkt", rep.getCurrentRepetition());
        int n = 12;
        double[] w = new double[n];
        double[] min = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.1 + rng.nextDouble();
            min[i] = rng.nextDouble() < 0.3 ? 0.1 * rng.nextDouble() : 0;
        }
        double[] s = ShareAllocation.waterFill(w, min, 1.0);
        double base = cost(w, s);
        double eps = 1e-6;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (a == b || s[a] - eps < min[a]) continue;
                double[] t = s.clone();
                t[a] -= eps;
                t[b] += eps;
                assertThat(cost(w, t)).isGreaterThanOrEqualTo(base - 1e-9 * base);
            }
        }
    }

    /**
     * The non-allocating water-filling (a local search's) gives the allocating one's shares bit for bit, on sets small
     * and large (the allocating one merge-sorts above 64 UEs), with tied ratios (equal UEs) and infeasible minimums,
     * reading only the first n entries of longer arrays.
     */
    @RepeatedTest(30)
    void intoCallersArraysGivesTheSameSharesBitForBit(RepetitionInfo rep) {
        RandomGenerator rng = Seeds.stream(5, "wf-into", rep.getCurrentRepetition());
        int n = 1 + rng.nextInt(rep.getCurrentRepetition() % 3 == 0 ? 150 : 20);
        double[] w = new double[n + 3];
        double[] min = new double[n + 3];
        for (int i = 0; i < n + 3; i++) {
            boolean tie = i > 0 && rng.nextDouble() < 0.3;
            w[i] = tie ? w[i - 1] : 0.1 + rng.nextDouble();
            min[i] = tie ? min[i - 1] : rng.nextDouble() < 0.5 ? 2.4 * rng.nextDouble() / n : 0;
        }
        double[] expected =
                ShareAllocation.waterFill(java.util.Arrays.copyOf(w, n), java.util.Arrays.copyOf(min, n), 1.0);
        double[] shares = new double[n + 3];
        int[] order = new int[n + 3];
        boolean fits = ShareAllocation.waterFill(w, min, n, 1.0, shares, order, new double[n + 3]);
        assertThat(fits).isEqualTo(expected != null);
        if (expected == null) return;
        assertThat(java.util.Arrays.copyOf(shares, n)).containsExactly(expected);
        for (int q = 1; q < n; q++) // the order: by min / w descending, ties in index order
        assertThat(min[order[q - 1]] / w[order[q - 1]] > min[order[q]] / w[order[q]]
                            || (min[order[q - 1]] / w[order[q - 1]] == min[order[q]] / w[order[q]]
                                    && order[q - 1] < order[q]))
                    .as("order %d, %d", order[q - 1], order[q])
                    .isTrue();
    }

    @Test
    void bestSharesForAnAssignmentPassTheValidator() {
        World world = new World(ScenarioLoader.load("paper"), 3);
        Instance inst = world.next();
        int[] options = new int[inst.n()];
        for (int i = 0; i < inst.n(); i += 5) {
            for (int j = inst.m(); j >= 1; j--) { // try to put every fifth UE on some server
                options[i] = j;
                if (ShareAllocation.best(inst, options).isPresent()) break;
                options[i] = 0;
            }
        }
        Optional<Decision> d = ShareAllocation.best(inst, options);
        assertThat(d).isPresent();
        assertThat(DecisionValidator.violations(inst, d.get())).isEmpty();
    }

    @Test
    void anAssignmentToADownServerIsInfeasible() {
        Instance inst = Fixtures.twoUesOneServer();
        Instance down = inst.withServers(java.util.List.of(inst.server(1).withUp(false)));
        assertThat(ShareAllocation.best(down, new int[] {1, 0})).isEmpty();
        assertThat(ShareAllocation.best(down, new int[] {0, 0})).isPresent();
    }
}
