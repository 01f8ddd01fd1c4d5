package org.lambo.droo;

import org.lambo.mec.CostModel;
import org.lambo.mec.Instance;

/**
 * The DNN's input for one slot: a flat vector of scale-free features, so that the same network serves slots whose
 * absolute numbers (bits, cycles, hertz) differ. DROO's input is the channel gains of the N users; here tasks change
 * every slot and there are M servers, so the input is the whole slot, laid out as
 *
 * <pre>
 * per UE i (3 each):             T_loc,i / T_i,   D_i / mean D,   F_i / mean F
 * per UE i and server j (2 each): D_i / (r_ij T_i) clipped to [0, 2],   s_ij_min clipped to [0, 2]
 * per server j (2 each):          f_j / mean f,   1 if up else 0
 * </pre>
 *
 * in that order (UE blocks first, UE-major, then server blocks): N x 3 + N x M x 2 + M x 2 floats. A down server's pair
 * features are set to the clip value 2 (unreachable), like an upload that alone misses the deadline.
 */
public final class StateFeatures {
    /** Upper clip of the ratio features: 2 already means "hopeless". */
    static final float CLIP = 2f;

    private StateFeatures() {}

    /** The input width for N UEs and M servers. */
    public static int dimension(int n, int m) {
        return n * 3 + n * m * 2 + m * 2;
    }

    /** The feature vector of a slot, {@code [dimension(N, M)]}. */
    public static float[] encode(Instance inst) {
        int n = inst.n();
        int m = inst.m();
        float[] x = new float[dimension(n, m)];
        double meanD = 0;
        double meanF = 0;
        for (int i = 0; i < n; i++) {
            meanD += inst.ue(i).task().bits();
            meanF += inst.ue(i).task().cycles();
        }
        meanD /= n;
        meanF /= n;
        double meanCpu = 0;
        for (int j = 1; j <= m; j++) meanCpu += inst.server(j).cpuHz();
        meanCpu /= m;
        int k = 0;
        for (int i = 0; i < n; i++) {
            double deadline = inst.ue(i).task().deadlineS();
            x[k++] = (float) (CostModel.localLatency(inst, i) / deadline);
            x[k++] = (float) (inst.ue(i).task().bits() / meanD);
            x[k++] = (float) (inst.ue(i).task().cycles() / meanF);
        }
        for (int i = 0; i < n; i++) {
            double deadline = inst.ue(i).task().deadlineS();
            for (int j = 1; j <= m; j++) {
                boolean up = inst.server(j).up();
                x[k++] = up ? clip(CostModel.uploadTime(inst, i, j) / deadline) : CLIP;
                x[k++] = up ? clip(CostModel.minShare(inst, i, j)) : CLIP;
            }
        }
        for (int j = 1; j <= m; j++) {
            x[k++] = (float) (inst.server(j).cpuHz() / meanCpu);
            x[k++] = inst.server(j).up() ? 1f : 0f;
        }
        return x;
    }

    private static float clip(double v) {
        return Double.isFinite(v) ? (float) Math.min(Math.max(v, 0), CLIP) : CLIP;
    }
}
