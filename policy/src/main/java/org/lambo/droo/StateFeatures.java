package org.lambo.droo;

import org.lambo.mec.Instance;
import org.lambo.nn.ScaleFreeFeatures;

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
    static final float CLIP = ScaleFreeFeatures.CLIP;

    private StateFeatures() {}

    /** The input width for N UEs and M servers. */
    public static int dimension(int n, int m) {
        return n * ScaleFreeFeatures.TASK + n * m * ScaleFreeFeatures.LINK + m * ScaleFreeFeatures.SERVER;
    }

    /** The feature vector of a slot, {@code [dimension(N, M)]}: the blocks of {@link ScaleFreeFeatures} in order. */
    public static float[] encode(Instance inst) {
        int n = inst.n();
        int m = inst.m();
        ScaleFreeFeatures f = new ScaleFreeFeatures(inst);
        float[] x = new float[dimension(n, m)];
        int k = 0;
        for (int i = 0; i < n; i++) k = f.task(i, x, k);
        for (int i = 0; i < n; i++) {
            for (int j = 1; j <= m; j++) k = f.link(i, j, x, k);
        }
        for (int j = 1; j <= m; j++) k = f.server(j, x, k);
        return x;
    }
}
