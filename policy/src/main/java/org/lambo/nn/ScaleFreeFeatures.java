package org.lambo.nn;

import org.lambo.mec.CostModel;
import org.lambo.mec.Instance;

/**
 * The scale-free features of one slot that the ARE and DROO networks read, each block written in one place (the two
 * policies lay them out differently: ARE one row per UE, DROO one flat vector; {@code AreFeatures},
 * {@code StateFeatures}). Scale-free so that the profiles' absolute numbers (bits, cycles, hertz) do not matter:
 *
 * <pre>
 * task of UE i (3):          T_loc,i / T_i,   D_i / mean D,   F_i / mean F
 * link of UE i to j (2):     D_i / (r_ij T_i) clipped to [0, {@value #CLIP}],   s_ij_min clipped to [0, {@value #CLIP}]
 * server j (2):              f_j / mean f,   1 if up else 0
 * </pre>
 *
 * A down server's link features are the clip value {@value #CLIP} (unreachable), like an upload that alone misses the
 * deadline. The means are over the slot's UEs and servers.
 */
public final class ScaleFreeFeatures {
    /** Upper clip of the ratio features: 2 already means "hopeless". */
    public static final float CLIP = 2f;

    /** Floats of a UE's task block. */
    public static final int TASK = 3;
    /** Floats of a UE-server link block. */
    public static final int LINK = 2;
    /** Floats of a server block. */
    public static final int SERVER = 2;

    private final Instance inst;
    private final double meanD;
    private final double meanF;
    private final double meanCpu;

    /** The slot's features: its means taken once. */
    public ScaleFreeFeatures(Instance inst) {
        this.inst = inst;
        int n = inst.n();
        int m = inst.m();
        double d = 0;
        double f = 0;
        for (int i = 0; i < n; i++) {
            d += inst.ue(i).task().bits();
            f += inst.ue(i).task().cycles();
        }
        this.meanD = d / n;
        this.meanF = f / n;
        double cpu = 0;
        for (int j = 1; j <= m; j++) cpu += inst.server(j).cpuHz();
        this.meanCpu = cpu / m;
    }

    /** Writes UE {@code i}'s task block at {@code x[k]}; returns the index after it. */
    public int task(int i, float[] x, int k) {
        double deadline = inst.ue(i).task().deadlineS();
        x[k++] = (float) (CostModel.localLatency(inst, i) / deadline);
        x[k++] = (float) (inst.ue(i).task().bits() / meanD);
        x[k++] = (float) (inst.ue(i).task().cycles() / meanF);
        return k;
    }

    /**
     * Writes the block of UE {@code i}'s link to server {@code j} (1-based) at {@code x[k]}; returns the index after
     * it.
     */
    public int link(int i, int j, float[] x, int k) {
        boolean up = inst.server(j).up();
        double deadline = inst.ue(i).task().deadlineS();
        x[k++] = up ? clip(CostModel.uploadTime(inst, i, j) / deadline) : CLIP;
        x[k++] = up ? clip(CostModel.minShare(inst, i, j)) : CLIP;
        return k;
    }

    /** Writes server {@code j}'s block (1-based) at {@code x[k]}; returns the index after it. */
    public int server(int j, float[] x, int k) {
        x[k++] = (float) (inst.server(j).cpuHz() / meanCpu);
        x[k++] = inst.server(j).up() ? 1f : 0f;
        return k;
    }

    private static float clip(double v) {
        return Double.isFinite(v) ? (float) Math.min(Math.max(v, 0), CLIP) : CLIP;
    }
}
