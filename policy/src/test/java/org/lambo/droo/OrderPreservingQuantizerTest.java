package org.lambo.droo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.lambo.rng.Seeds;

class OrderPreservingQuantizerTest {
    /**
     * The paper's quantiser, transcribed from DROO's reference code ({@code opn} in memory.py): candidate 1 thresholds
     * at 0.5; candidate k + 1 thresholds at the k-th closest value to 0.5, keeping x_i &gt; x_u (pivot above 0.5) or
     * x_i &gt;= x_u (pivot at or below).
     */
    private static List<int[]> droosBinaryQuantizer(double[] x, int k) {
        int n = x.length;
        List<int[]> out = new ArrayList<>();
        int[] first = new int[n];
        for (int i = 0; i < n; i++) first[i] = x[i] > 0.5 ? 1 : 0;
        out.add(first);
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Arrays.sort(idx, Comparator.comparingDouble(i -> Math.abs(x[i] - 0.5)));
        for (int q = 0; q < k - 1 && q < n; q++) {
            double pivot = x[idx[q]];
            int[] c = new int[n];
            for (int i = 0; i < n; i++) c[i] = pivot > 0.5 ? (x[i] > pivot ? 1 : 0) : (x[i] >= pivot ? 1 : 0);
            out.add(c);
        }
        return out;
    }

    private static double[][] binaryRows(double[] x) {
        double[][] p = new double[x.length][];
        for (int i = 0; i < x.length; i++) p[i] = new double[] {1 - x[i], x[i]};
        return p;
    }

    private static double[][] randomDistributions(RandomGenerator rng, int n, int options, double zeroProbability) {
        double[][] p = new double[n][options];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < options; j++) {
                boolean zero = j > 0 && rng.nextDouble() < zeroProbability; // option 0 (local) always allowed
                p[i][j] = zero ? 0 : rng.nextDouble();
                sum += p[i][j];
            }
            for (int j = 0; j < options; j++) p[i][j] /= sum;
        }
        return p;
    }

    @Test
    void reducesToDroosBinaryQuantizerForOneServer() {
        RandomGenerator rng = Seeds.stream(1, "test/opq-binary");
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(30);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) x[i] = 0.001 + 0.998 * rng.nextDouble();
            int k = 1 + rng.nextInt(n + 1);
            List<int[]> mine = OrderPreservingQuantizer.candidates(binaryRows(x), k);
            List<int[]> paper = droosBinaryQuantizer(x, Math.min(k, n + 1));
            assertThat(mine).as("x = %s, k = %d", Arrays.toString(x), k).hasSameSizeAs(paper);
            for (int c = 0; c < mine.size(); c++)
                assertThat(mine.get(c)).as("candidate %d", c).containsExactly(paper.get(c));
        }
    }

    @Test
    void firstCandidateIsTheRowwiseArgmax() {
        RandomGenerator rng = Seeds.stream(2, "test/opq-argmax");
        for (int trial = 0; trial < 100; trial++) {
            double[][] p = randomDistributions(rng, 20, 5, 0.3);
            int[] first = OrderPreservingQuantizer.candidates(p, 10).get(0);
            for (int i = 0; i < p.length; i++) {
                for (int j = 0; j < p[i].length; j++) assertThat(p[i][first[i]]).isGreaterThanOrEqualTo(p[i][j]);
            }
        }
    }

    @Test
    void candidatesAreDistinctAtMostKAndNeverTakeAZeroProbabilityOption() {
        RandomGenerator rng = Seeds.stream(3, "test/opq-distinct");
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(40);
            double[][] p = randomDistributions(rng, n, 1 + 1 + rng.nextInt(6), 0.4);
            int k = 1 + rng.nextInt(2 * n);
            List<int[]> cands = OrderPreservingQuantizer.candidates(p, k);
            assertThat(cands).hasSizeBetween(1, k);
            for (int a = 0; a < cands.size(); a++) {
                for (int i = 0; i < n; i++) assertThat(p[i][cands.get(a)[i]]).isPositive();
                for (int b = a + 1; b < cands.size(); b++)
                    assertThat(cands.get(a)).isNotEqualTo(cands.get(b));
            }
        }
    }

    @Test
    void aUeThatMovesTakesItsSecondOptionAndTheLessConfidentOfItsPairMoveWithIt() {
        RandomGenerator rng = Seeds.stream(4, "test/opq-order");
        for (int trial = 0; trial < 100; trial++) {
            int n = 30;
            double[][] p = randomDistributions(rng, n, 3, 0.0);
            int[] top = new int[n];
            int[] second = new int[n];
            double[] margin = new double[n];
            for (int i = 0; i < n; i++) {
                Integer[] o = {0, 1, 2};
                final int row = i;
                Arrays.sort(o, Comparator.<Integer>comparingDouble(j -> -p[row][j]));
                top[i] = o[0];
                second[i] = o[1];
                margin[i] = p[i][o[0]] - p[i][o[1]];
            }
            List<int[]> cands = OrderPreservingQuantizer.candidates(p, n + 1);
            assertThat(cands).hasSize(n + 1); // distinct random margins: every pivot gives a new candidate
            for (int[] c : cands.subList(1, cands.size())) {
                for (int i = 0; i < n; i++) {
                    if (c[i] == top[i]) continue;
                    assertThat(c[i]).isEqualTo(second[i]);
                    for (int q = 0; q < n; q++) {
                        if (top[q] == top[i] && second[q] == second[i] && margin[q] <= margin[i])
                            assertThat(c[q]).isEqualTo(second[q]);
                    }
                }
            }
        }
    }

    @Test
    void aUeWithASingleOptionNeverMoves() {
        double[][] p = {{1, 0, 0}, {0.45, 0.55, 0}, {0.5, 0.2, 0.3}};
        List<int[]> cands = OrderPreservingQuantizer.candidates(p, 10);
        assertThat(cands).extracting(c -> c[0]).containsOnly(0);
        // pivots: UE 1 (margin 0.1, pair 1 -> 0) then UE 2 (margin 0.2, pair 0 -> 2); UE 0 is never one
        assertThat(cands).containsExactly(new int[] {0, 1, 0}, new int[] {0, 0, 0}, new int[] {0, 1, 2});
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> OrderPreservingQuantizer.candidates(new double[][] {{1, 0}}, 0))
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> OrderPreservingQuantizer.candidates(new double[][] {{0, 0}}, 1))
                .hasMessageContaining("UE 0 has no option");
    }
}
