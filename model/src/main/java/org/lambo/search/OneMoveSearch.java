package org.lambo.search;

import java.util.Arrays;
import java.util.Optional;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.ShareAllocation;

/**
 * Local search over one-UE moves: starting from a decision's assignment, moves one UE at a time to another option
 * (local or a server) when that lowers the prompt's objective, the shares of every server re-set by water-filling
 * ({@link ShareAllocation}), until a pass over every UE and option improves nothing or the passes run out.
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
            if (!moved) break;
        }
        Decision found = ShareAllocation.best(inst, options).orElse(null);
        Decision base = filled.get();
        Decision better =
                found != null && objective(inst, prompt, found) < objective(inst, prompt, base) ? found : base;
        return objective(inst, prompt, better) <= objective(inst, prompt, start) ? better : start;
    }

    private static double objective(Instance inst, Prompt prompt, Decision d) {
        return CostModel.evaluate(inst, d).objective(prompt);
    }

    /** Each option's UEs and their summed cost under the prompt (option 0: the local UEs). */
    private static final class Servers {
        private final Instance inst;
        private final Prompt prompt;
        private final int[][] members; // [M+1][count], the first counts[j] entries used
        private final int[] counts;
        private final double[] cost; // [M+1]
        private double total;

        Servers(Instance inst, Prompt prompt, int[] options) {
            this.inst = inst;
            this.prompt = prompt;
            int m = inst.m();
            members = new int[m + 1][inst.n()];
            counts = new int[m + 1];
            cost = new double[m + 1];
            for (int i = 0; i < options.length; i++) members[options[i]][counts[options[i]]++] = i;
            for (int j = 0; j <= m; j++) {
                cost[j] = costOf(j, members[j], counts[j], -1, -1);
                total += cost[j];
            }
        }

        double total() {
            return total;
        }

        /** The objective's change if UE i moved from a to b; +infinity when b cannot take it. */
        double deltaOfMove(int i, int a, int b) {
            double after = costOf(a, members[a], counts[a], i, -1) + costOf(b, members[b], counts[b], -1, i);
            return after - cost[a] - cost[b];
        }

        void move(int i, int a, int b) {
            double newA = costOf(a, members[a], counts[a], i, -1);
            double newB = costOf(b, members[b], counts[b], -1, i);
            int k = 0;
            for (int q = 0; q < counts[a]; q++) if (members[a][q] != i) members[a][k++] = members[a][q];
            counts[a] = k;
            members[b][counts[b]++] = i;
            total += newA + newB - cost[a] - cost[b];
            cost[a] = newA;
            cost[b] = newB;
        }

        /**
         * The summed cost of option j's UEs, without UE {@code without} and with UE {@code with} (-1: none), their
         * shares water-filled; +infinity when the server is down or cannot meet the UEs' minimum shares.
         */
        private double costOf(int j, int[] ues, int count, int without, int with) {
            int size = count - (without >= 0 ? 1 : 0) + (with >= 0 ? 1 : 0);
            int[] who = new int[size];
            int k = 0;
            for (int q = 0; q < count; q++) if (ues[q] != without) who[k++] = ues[q];
            if (with >= 0) who[k] = with;
            if (j == Decision.LOCAL) {
                double sum = 0;
                for (int u : who) sum += CostModel.cost(inst, u, Decision.LOCAL, 0, prompt);
                return sum;
            }
            if (size == 0) return 0;
            if (!inst.server(j).up()) return Double.POSITIVE_INFINITY;
            double[] weights = new double[size];
            double[] min = new double[size];
            for (int q = 0; q < size; q++) {
                weights[q] = Math.sqrt(inst.ue(who[q]).task().cycles());
                min[q] = CostModel.minShare(inst, who[q], j);
                if (!Double.isFinite(min[q])) return Double.POSITIVE_INFINITY;
            }
            double[] shares = ShareAllocation.waterFill(weights, min, 1.0);
            if (shares == null) return Double.POSITIVE_INFINITY;
            double sum = 0;
            for (int q = 0; q < size; q++) sum += CostModel.cost(inst, who[q], j, shares[q], prompt);
            return sum;
        }

        @Override
        public String toString() {
            return "Servers" + Arrays.toString(counts);
        }
    }
}
