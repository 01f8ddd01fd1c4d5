package org.lambo.aed.features;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.lambo.mec.CostModel;
import org.lambo.mec.Instance;

/**
 * Per-UE, per-option features of a whole slot, computed once from the cost model before decoding: where each UE stands
 * among the slot's UEs when server shares are packed for energy. Min-energy's exact solution is knapsack-like (which
 * UEs offload depends on each UE's rank in its slot by energy saved per unit of server share), which the option tokens,
 * computed for one UE at a time, do not show. They enter the decoder's option logits through one linear term whose
 * weights are zero in every shipped checkpoint ({@link org.lambo.aed.model.AedDecoder}), so they change nothing until a
 * fine-tune trains them ({@code lambo finetune --slot-features}).
 *
 * <p>Row j of UE i, [{@value #WIDTH}] (row 0 local, rows 1..M the servers); a server that is down, or on which the UE
 * saves no energy, or whose minimum share exceeds the whole server, is no <em>candidate</em> for the UE:
 *
 * <ol start="0">
 *   <li>isLocal (1 for row 0, 0 elsewhere: a per-prompt bias of local)
 *   <li>energy saved by offloading to j, (e_L - e_up,ij) / mean e_L of the slot, clipped to [-4, 4] (local: 0)
 *   <li>rank on j: 1 - (candidates of j ranked before the UE: a higher saving per share, or the same and a lower index)
 *       / (candidates of j), 0 when no candidate
 *   <li>fits on j: 1 when the minimum shares of the candidates of j ranked at or above the UE sum to at most 1
 *   <li>those minimum shares' sum, clipped to 4 (0 when no candidate)
 *   <li>greedy: 1 when the UE is offloaded to j by the greedy packing of the slot (candidate pairs (i, j) in decreasing
 *       saving per share, each taken when the UE is still unassigned and j has its minimum share left)
 *   <li>greedy offloads: on every server row, 1 when that greedy packing offloads the UE to any server (local: 0).
 *       Under min-energy after {@code drift-slow-servers-light-uploads} {@code mip} offloads the same UEs as the
 *       packing in 498 of 500 cases but puts them on the packing's server in about 40 % (near-equal servers): feature 5
 *       is half right for the option cross-entropy, this one is right for every label it sees.
 * </ol>
 *
 * All finite, whatever the slot: a zero weight times a feature is exactly zero.
 */
public final class SlotFeatures {
    /** Width of one option's row. */
    public static final int WIDTH = 7;

    /**
     * Width of session 14's rows (features 0 to 5): a checkpoint whose W_s has rows this wide is read with a zero
     * weight for the features added since, which leaves its decisions as they were.
     */
    public static final int WIDTH_SESSION_14 = 6;

    private static final double MAX_SAVING = 4.0;
    private static final double MAX_SUM = 4.0;

    private SlotFeatures() {}

    /** The features of every UE's options, [N][M + 1][{@value #WIDTH}]. */
    public static float[][][] of(Instance inst) {
        int n = inst.n();
        int m = inst.m();
        double meanEl = 0;
        for (int i = 0; i < n; i++) meanEl += CostModel.localEnergy(inst, i) / n;
        float[][][] out = new float[n][m + 1][WIDTH];
        double[][] ratio = new double[n][m + 1]; // saving per share, NaN when (i, j) is no candidate
        double[][] share = new double[n][m + 1];
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out[i][0][0] = 1;
            double el = CostModel.localEnergy(inst, i);
            for (int j = 1; j <= m; j++) {
                double saving = meanEl > 0 ? (el - CostModel.uploadEnergy(inst, i, j)) / meanEl : 0;
                if (!Double.isFinite(saving)) saving = saving > 0 ? MAX_SAVING : -MAX_SAVING;
                out[i][j][1] = (float) Math.max(-MAX_SAVING, Math.min(MAX_SAVING, saving));
                double s = CostModel.minShare(inst, i, j);
                ratio[i][j] = Double.NaN;
                if (inst.server(j).up() && saving > 0 && s > 0 && s <= 1) {
                    ratio[i][j] = saving / s;
                    share[i][j] = s;
                    pairs.add(new int[] {i, j});
                }
            }
        }
        for (int j = 1; j <= m; j++) {
            final int col = j;
            List<Integer> cands = new ArrayList<>();
            for (int i = 0; i < n; i++) if (!Double.isNaN(ratio[i][j])) cands.add(i);
            // decreasing saving per share, ties by index: one order whatever the sort
            cands.sort(Comparator.<Integer>comparingDouble(i -> -ratio[i][col]).thenComparingInt(i -> i));
            double sum = 0;
            for (int r = 0; r < cands.size(); r++) {
                int i = cands.get(r);
                sum += share[i][j];
                out[i][j][2] = (float) (1 - (double) r / cands.size());
                out[i][j][3] = sum <= 1 ? 1 : 0;
                out[i][j][4] = (float) Math.min(MAX_SUM, sum);
            }
        }
        pairs.sort(Comparator.<int[]>comparingDouble(p -> -ratio[p[0]][p[1]])
                .thenComparingInt(p -> p[0])
                .thenComparingInt(p -> p[1]));
        boolean[] assigned = new boolean[n];
        double[] left = new double[m + 1];
        java.util.Arrays.fill(left, 1.0);
        for (int[] p : pairs) {
            int i = p[0];
            int j = p[1];
            if (assigned[i] || share[i][j] > left[j]) continue;
            assigned[i] = true;
            left[j] -= share[i][j];
            out[i][j][5] = 1;
            for (int k = 1; k <= m; k++) out[i][k][6] = 1;
        }
        return out;
    }
}
