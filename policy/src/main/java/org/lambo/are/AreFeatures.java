package org.lambo.are;

import org.lambo.mec.Instance;
import org.lambo.nn.ScaleFreeFeatures;

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
 * 3 + 4 M floats per UE, the blocks of {@link ScaleFreeFeatures} (which DROO lays out otherwise). The upload-time ratio
 * stands where the ARE code has the channel gain (it is the gain seen through the rate and the deadline); a down
 * server's link features are the clip value 2.
 */
public final class AreFeatures {
    /** Upper clip of the ratio features: 2 already means "hopeless". */
    static final float CLIP = ScaleFreeFeatures.CLIP;

    private AreFeatures() {}

    /** The width of one UE's row for M servers. */
    public static int dimension(int m) {
        return ScaleFreeFeatures.TASK + (ScaleFreeFeatures.LINK + ScaleFreeFeatures.SERVER) * m;
    }

    /** One row per UE, {@code [N][dimension(M)]}: its task block, then each server's link and server blocks. */
    public static float[][] encode(Instance inst) {
        int n = inst.n();
        int m = inst.m();
        ScaleFreeFeatures f = new ScaleFreeFeatures(inst);
        float[][] rows = new float[n][dimension(m)];
        for (int i = 0; i < n; i++) {
            float[] x = rows[i];
            int k = f.task(i, x, 0);
            for (int j = 1; j <= m; j++) {
                k = f.link(i, j, x, k);
                k = f.server(j, x, k);
            }
        }
        return rows;
    }
}
