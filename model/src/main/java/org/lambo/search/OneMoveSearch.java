package org.lambo.search;

import java.util.Arrays;
import java.util.Optional;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.ShareAllocation;

/**
 * Local search over one-UE moves and exchanges: starting from a decision's assignment, moves one UE at a time to
 * another option (local or a server) when that lowers the prompt's objective, the shares of every server re-set by
 * water-filling ({@link ShareAllocation}); when a pass of moves improves nothing, a pass of exchanges (two UEs on
 * different options trade options: how a full server takes a better UE); until neither improves or the passes run out.
 *
 * <p>A move of UE i from option a to b changes only the costs of the UEs on a and on b (the shares of other servers do
 * not move), so a move is priced on those two servers alone: a pass costs O(N (M + 1) N / M) rather than a full
 * evaluation per move. The UEs are visited in index order and the options in index order, a move taken as soon as it
 * improves (first improvement): the result is a function of the instance, the prompt and the start alone.
 */
public final class OneMoveSearch {
    /** A move counts as an improvement when it lowers the objective by more than this share of it. */
    static final double RELATIVE_EPSILON = 1e-12;

    private OneMoveSearch() {}

    /**
     * The improved decision, never worse than {@code start} under the cost model: {@code start} itself when its
     * assignment cannot be water-filled (round-off) or when nothing improved on it.
     *
     * @param passes the most passes over every UE (&gt;= 1)
     */
    public static Decision improve(Instance inst, Prompt prompt, Decision start, int passes) {
        if (passes < 1) throw new IllegalArgumentException("passes must be >= 1, got " + passes);
        if (start.size() != inst.n())
            throw new IllegalArgumentException(
                    "decision covers " + start.size() + " UEs, instance " + inst.id() + " has " + inst.n());
        Optional<Decision> filled = ShareAllocation.best(inst, start.options());
        if (filled.isEmpty()) return start;
        int n = inst.n();
        int m = inst.m();
        int[] options = start.options().clone();
        Servers servers = new Servers(inst, prompt, options);
        for (int pass = 0; pass < passes; pass++) {
            boolean moved = false;
            for (int i = 0; i < n; i++) {
                for (int b = 0; b <= m; b++) {
                    int a = options[i];
                    if (b == a) continue;
                    double delta = servers.deltaOfMove(i, a, b);
                    if (delta < -RELATIVE_EPSILON * Math.max(1e-300, Math.abs(servers.total()))) {
                        servers.move(i, a, b);
                        options[i] = b;
                        moved = true;
                    }
                }
            }
            if (!moved) moved = swapPass(servers, options);
            if (!moved) break;
        }
        Decision found = ShareAllocation.best(inst, options).orElse(null);
        Decision base = filled.get();
        Decision better =
                found != null && objective(inst, prompt, found) < objective(inst, prompt, base) ? found : base;
        return objective(inst, prompt, better) <= objective(inst, prompt, start) ? better : start;
    }

    /**
     * One pass over pairs of UEs on different options, exchanging their options when that improves (a full server takes
     * a UE only if it gives one up: what no single move can do).
     *
     * @return whether any exchange was made
     */
    private static boolean swapPass(Servers servers, int[] options) {
        boolean moved = false;
        int n = options.length;
        for (int i = 0; i < n; i++) {
            for (int k = i + 1; k < n; k++) {
                int a = options[i];
                int b = options[k];
                if (a == b) continue;
                double delta = servers.deltaOfSwap(i, a, k, b);
                if (delta < -RELATIVE_EPSILON * Math.max(1e-300, Math.abs(servers.total()))) {
                    servers.swap(i, a, k, b);
                    options[i] = b;
                    options[k] = a;
                    moved = true;
                }
            }
        }
        return moved;
    }

    private static double objective(Instance inst, Prompt prompt, Decision d) {
        return CostModel.evaluate(inst, d).objective(prompt);
    }

    /**
     * Each option's UEs and their summed cost under the prompt (option 0: the local UEs). The prompt's cost of UE i on
     * server j with share s is c0[i][j] + c1[i][j] / s ({@link CostModel#offloadFixedCost} and
     * {@link CostModel#offloadShareCost}), precomputed once; a server's shares are water-filled by
     * {@link ShareAllocation#waterFill(double[], double[], int, double, double[], int[], double[])} into scratch
     * arrays, without allocating. The cost model judges the final decision (see {@link #improve}).
     */
    private static final class Servers {
        private final Instance inst;
        private final boolean shareFree; // the prompt's cost does not depend on the shares (min-energy)
        private final double[] local; // [N] cost of UE i computed locally
        private final double[][] c0; // [N][M+1] share-free part of UE i's cost on server j
        private final double[][] c1; // [N][M+1] c1 / s: the part that depends on the share
        private final double[][] min; // [N][M+1] least share meeting the deadline, +inf when none
        private final double[] weight; // [N] sqrt(F_i), the water-filling weight
        private final int[][] members; // [M+1][N], the first counts[j] entries used
        private final int[] counts;
        private final double[] cost; // [M+1]
        private final int[] who; // scratch: the UEs of the server being priced
        private final double[] weights; // scratch: their water-filling weights, as who
        private final double[] mins; // scratch: their minimum shares, as who
        private final double[] shares; // scratch: their water-filled shares, as who
        private final int[] order; // scratch: the water-filling's order of who's entries
        private final double[] ratio; // scratch of the water-filling
        private double total;

        Servers(Instance inst, Prompt prompt, int[] options) {
            this.inst = inst;
            int n = inst.n();
            int m = inst.m();
            this.shareFree = prompt.latencyCoefficient(inst) == 0;
            local = new double[n];
            c0 = new double[n][m + 1];
            c1 = new double[n][m + 1];
            min = new double[n][m + 1];
            weight = new double[n];
            for (int i = 0; i < n; i++) {
                local[i] = CostModel.cost(inst, i, Decision.LOCAL, 0, prompt);
                weight[i] = ShareAllocation.weight(inst, i);
                for (int j = 1; j <= m; j++) {
                    min[i][j] = CostModel.minShare(inst, i, j);
                    c0[i][j] = CostModel.offloadFixedCost(inst, i, j, prompt);
                    c1[i][j] = CostModel.offloadShareCost(inst, i, j, prompt);
                }
            }
            members = new int[m + 1][n];
            counts = new int[m + 1];
            cost = new double[m + 1];
            who = new int[n];
            weights = new double[n];
            mins = new double[n];
            shares = new double[n];
            order = new int[n];
            ratio = new double[n];
            for (int i = 0; i < n; i++) members[options[i]][counts[options[i]]++] = i;
            for (int j = 0; j <= m; j++) {
                cost[j] = costOf(j, -1, -1);
                total += cost[j];
            }
        }

        double total() {
            return total;
        }

        /** The objective's change if UE i moved from a to b; +infinity when b cannot take it. */
        double deltaOfMove(int i, int a, int b) {
            double after = costOf(a, i, -1) + costOf(b, -1, i);
            return after - cost[a] - cost[b];
        }

        void move(int i, int a, int b) {
            double newA = costOf(a, i, -1);
            double newB = costOf(b, -1, i);
            int k = 0;
            for (int q = 0; q < counts[a]; q++) if (members[a][q] != i) members[a][k++] = members[a][q];
            counts[a] = k;
            members[b][counts[b]++] = i;
            total += newA + newB - cost[a] - cost[b];
            cost[a] = newA;
            cost[b] = newB;
        }

        /**
         * The objective's change if UE i (on a) and UE k (on b) exchanged options. Under a share-free prompt an
         * exchange that does not lower the UEs' own costs is priced no further.
         */
        double deltaOfSwap(int i, int a, int k, int b) {
            if (shareFree && own(i, b) + own(k, a) - own(i, a) - own(k, b) >= 0) return 0;
            double after = costOf(a, i, k) + costOf(b, k, i);
            return after - cost[a] - cost[b];
        }

        private double own(int i, int j) {
            return j == Decision.LOCAL ? local[i] : c0[i][j];
        }

        void swap(int i, int a, int k, int b) {
            double newA = costOf(a, i, k);
            double newB = costOf(b, k, i);
            replace(a, i, k);
            replace(b, k, i);
            total += newA + newB - cost[a] - cost[b];
            cost[a] = newA;
            cost[b] = newB;
        }

        private void replace(int j, int out, int in) {
            for (int q = 0; q < counts[j]; q++) {
                if (members[j][q] == out) {
                    members[j][q] = in;
                    return;
                }
            }
            throw new IllegalStateException("UE " + out + " is not on option " + j);
        }

        /**
         * The summed cost of option j's UEs, without UE {@code without} and with UE {@code with} (-1: none), their
         * shares water-filled; +infinity when the server is down or cannot meet the UEs' minimum shares.
         */
        private double costOf(int j, int without, int with) {
            int size = 0;
            int[] ues = members[j];
            for (int q = 0; q < counts[j]; q++) if (ues[q] != without) who[size++] = ues[q];
            if (with >= 0) who[size++] = with;
            if (j == Decision.LOCAL) {
                double sum = 0;
                for (int q = 0; q < size; q++) sum += local[who[q]];
                return sum;
            }
            if (size == 0) return 0;
            if (!inst.server(j).up()) return Double.POSITIVE_INFINITY;
            double fixed = 0;
            for (int q = 0; q < size; q++) {
                int u = who[q];
                if (!Double.isFinite(min[u][j])) return Double.POSITIVE_INFINITY;
                mins[q] = min[u][j];
                fixed += c0[u][j];
            }
            if (shareFree) return ShareAllocation.fits(mins, size, 1.0) ? fixed : Double.POSITIVE_INFINITY;
            for (int q = 0; q < size; q++) weights[q] = weight[who[q]];
            if (!ShareAllocation.waterFill(weights, mins, size, 1.0, shares, order, ratio))
                return Double.POSITIVE_INFINITY;
            double variable = 0;
            for (int q = 0; q < size; q++) variable += c1[who[order[q]]][j] / shares[order[q]];
            return fixed + variable;
        }

        @Override
        public String toString() {
            return "Servers" + Arrays.toString(counts);
        }
    }
}
