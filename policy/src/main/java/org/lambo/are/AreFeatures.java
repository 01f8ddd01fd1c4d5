package org.lambo.are;

import org.lambo.mec.CostModel;
import org.lambo.mec.Instance;

/**
 * The DNN's input in ARE: one row per UE, so that one network serves any number of UEs (the ARE code feeds its DNN one
 * sample per UE: the task's data size and workload, the UE's channel gains to the M servers and per-server constants,
 * and reads one decision per row). Here the same blocks, made scale-free so that the profiles' absolute numbers do not
 * matter:
 *
 * <pre>
 * task (3):           T_loc,i / T_i,   D_i / mean D,   F_i / mean F
 * per server j (4):   D_i / (r_ij T_i) clipped to [0, 2],   s_ij_min clipped to [0, 2],
 *                     f_j / mean f,   1 if up else 0
 * </pre>
 *
 * 3 + 4 M floats per UE. The upload-time ratio stands where the ARE code has the channel gain (it is the gain seen
 * through the rate and the deadline); a down server's link features are the clip value 2.
 */
public final class AreFeatures {
    /** Upper clip of the ratio features: 2 already means "hopeless". */
    static final float CLIP = 2f;

    private AreFeatures() {}

    /** The width of one UE's row for M servers. */
    public static int dimension(int m) {
        return 3 + 4 * m;
    }

    /** One row per UE, {@code [N][dimension(M)]}. */
    public static float[][] encode(Instance inst) {
        int n = inst.n();
        int m = inst.m();
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
        float[][] rows = new float[n][dimension(m)];
        for (int i = 0; i < n; i++) {
            float[] x = rows[i];
            double deadline = inst.ue(i).task().deadlineS();
            int k = 0;
            x[k++] = (float) (CostModel.localLatency(inst, i) / deadline);
            x[k++] = (float) (inst.ue(i).task().bits() / meanD);
            x[k++] = (float) (inst.ue(i).task().cycles() / meanF);
            for (int j = 1; j <= m; j++) {
                boolean up = inst.server(j).up();
                x[k++] = up ? clip(CostModel.uploadTime(inst, i, j) / deadline) : CLIP;
                x[k++] = up ? clip(CostModel.minShare(inst, i, j)) : CLIP;
                x[k++] = (float) (inst.server(j).cpuHz() / meanCpu);
                x[k++] = up ? 1f : 0f;
            }
        }
        return rows;
    }

    private static float clip(double v) {
        return Double.isFinite(v) ? (float) Math.min(Math.max(v, 0), CLIP) : CLIP;
    }
}
