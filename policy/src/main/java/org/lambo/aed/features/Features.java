package org.lambo.aed.features;

import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;

/**
 * The input embedding's raw features (IE): what the AED sees of an instance, all scale-free, so that one model serves
 * other N, M, task sizes and server speeds. Times are measured in units of the UE's own local latency t_L = F / f_L,
 * energies in units of its local energy e_L = P_L F / f_L, CPU capacities relative to the mean server capacity, shares
 * as they are (fractions of a server). Unbounded ratios are clipped so that one unreachable server cannot blow up an
 * activation.
 *
 * <p>Four kinds of features, each a fixed-width vector whatever N and M are:
 *
 * <ul>
 *   <li>{@link #ueFeatures UE token} [{@value #UE}]: the task, its slack, a summary of its channels over the up
 *       servers, and the load of the slot;
 *   <li>{@link #optionFeatures option token} [{@value #OPTION}] for every option 0..M of the UE being decided: the MEC
 *       embedding of each server (capacity, share still free, up or down, and what it would cost this UE), recomputed
 *       after every decision; option 0 (local) gets the same fields with its own values and an {@code isLocal} flag, so
 *       one pointer scores local and servers alike;
 *   <li>{@link #actionFeatures action} [{@value #ACTION}] of a decided UE, which the decoder's self-attention reads;
 *   <li>{@link #promptOneHot prompt} [{@value #PROMPTS}]: [w, 1 - w], turned into a learned embedding by a matrix
 *       product: one-hot for min-latency ([1, 0]) and min-energy ([0, 1]), so those two read exactly the rows they
 *       always did, and weighted:w reads the interpolation w P[0] + (1 - w) P[1] of the two learned embeddings (every
 *       prompt embedding of the model is linear in this row).
 * </ul>
 */
public final class Features {
    /** Width of a UE token. */
    public static final int UE = 10;
    /** Width of an option token. */
    public static final int OPTION = 12;
    /** Width of an action feature. */
    public static final int ACTION = 6;
    /** Width of the prompt row: the two named prompts, whose embeddings a weighted prompt interpolates. */
    public static final int PROMPTS = Prompt.values().length;

    private static final double MAX_TIME_RATIO = 4.0;
    private static final double MAX_SHARE = 2.0;
    private static final double MAX_ENERGY_RATIO = 4.0;
    private static final double MAX_LOAD = 10.0;

    private Features() {}

    /**
     * The UE tokens of an instance, [N][{@value #UE}]:
     *
     * <ol start="0">
     *   <li>log(F_i / mean F)
     *   <li>log(D_i / mean D)
     *   <li>deadline / t_L (at least 1: local always meets it), clipped to 4
     *   <li>log(e_L,i / mean e_L)
     *   <li>mean over up servers of upload time / t_L, clipped to 4
     *   <li>min over up servers of upload time / t_L, clipped to 4
     *   <li>min over up servers of the minimum share, clipped to 2 (2 when unreachable)
     *   <li>fraction of the servers that are up and reachable before the deadline
     *   <li>min over up servers of upload energy / e_L, clipped to 4
     *   <li>the slot's load: sum F / (sum of up f_j x mean deadline), clipped to 10
     * </ol>
     */
    public static float[][] ueFeatures(Instance inst) {
        int n = inst.n();
        int m = inst.m();
        double meanF = 0;
        double meanD = 0;
        double meanEl = 0;
        double meanT = 0;
        for (int i = 0; i < n; i++) {
            meanF += inst.ue(i).task().cycles() / n;
            meanD += inst.ue(i).task().bits() / n;
            meanEl += CostModel.localEnergy(inst, i) / n;
            meanT += inst.ue(i).task().deadlineS() / n;
        }
        double upCapacity = 0;
        for (int j = 1; j <= m; j++)
            if (inst.server(j).up()) upCapacity += inst.server(j).cpuHz();
        double load = upCapacity > 0 ? clip(meanF * n / (upCapacity * meanT), MAX_LOAD) : MAX_LOAD;
        float[][] out = new float[n][UE];
        for (int i = 0; i < n; i++) {
            double tl = CostModel.localLatency(inst, i);
            double el = CostModel.localEnergy(inst, i);
            double meanUp = 0;
            double minUp = MAX_TIME_RATIO;
            double minShare = MAX_SHARE;
            double minEnergy = MAX_ENERGY_RATIO;
            int up = 0;
            int reachable = 0;
            for (int j = 1; j <= m; j++) {
                if (!inst.server(j).up()) continue;
                up++;
                double upload = clip(CostModel.uploadTime(inst, i, j) / tl, MAX_TIME_RATIO);
                meanUp += upload;
                minUp = Math.min(minUp, upload);
                double s = CostModel.minShare(inst, i, j);
                if (Double.isFinite(s)) reachable++;
                minShare = Math.min(minShare, clip(s, MAX_SHARE));
                minEnergy = Math.min(minEnergy, clip(CostModel.uploadEnergy(inst, i, j) / el, MAX_ENERGY_RATIO));
            }
            float[] f = out[i];
            f[0] = (float) Math.log(inst.ue(i).task().cycles() / meanF);
            f[1] = (float) Math.log(inst.ue(i).task().bits() / meanD);
            f[2] = (float) clip(inst.ue(i).task().deadlineS() / tl, MAX_TIME_RATIO);
            f[3] = (float) Math.log(el / meanEl);
            f[4] = (float) (up > 0 ? meanUp / up : MAX_TIME_RATIO);
            f[5] = (float) minUp;
            f[6] = (float) minShare;
            f[7] = (float) reachable / m;
            f[8] = (float) minEnergy;
            f[9] = (float) load;
        }
        return out;
    }

    /**
     * The option tokens of UE {@code i} in the current state, [M + 1][{@value #OPTION}]; row 0 is local, row j server
     * j:
     *
     * <ol start="0">
     *   <li>isLocal (1 for row 0)
     *   <li>CPU capacity / mean server capacity (local: f_L / mean)
     *   <li>share still free (local: 1; down: 0)
     *   <li>up (local: 1)
     *   <li>upload time / t_L, clipped to 4 (local: 0)
     *   <li>minimum share, clipped to 2 (local: 0)
     *   <li>minimum share / share still free, clipped to 2 (local: 0)
     *   <li>energy / e_L, clipped to 4 (local: 1)
     *   <li>latency with all the share still free / t_L, clipped to 4 (local: 1)
     *   <li>fraction of the UEs already assigned to this option
     *   <li>decoding progress: UEs decided / N
     *   <li>pressure: work of the undecided UEs / (free capacity x mean deadline), clipped to 10
     * </ol>
     */
    public static float[][] optionFeatures(SequentialState state, int i) {
        Instance inst = state.instance();
        int n = inst.n();
        int m = inst.m();
        double meanCap = 0;
        for (int j = 1; j <= m; j++) meanCap += inst.server(j).cpuHz() / m;
        int[] options = state.options();
        int[] counts = new int[m + 1];
        double undecidedWork = 0;
        double meanT = 0;
        for (int k = 0; k < n; k++) {
            if (options[k] >= 0) counts[options[k]]++;
            else undecidedWork += inst.ue(k).task().cycles();
            meanT += inst.ue(k).task().deadlineS() / n;
        }
        double freeCapacity = 0;
        for (int j = 1; j <= m; j++)
            freeCapacity += state.remaining(j) * inst.server(j).cpuHz();
        double pressure = freeCapacity > 0 ? clip(undecidedWork / (freeCapacity * meanT), MAX_LOAD) : MAX_LOAD;
        double progress = (double) state.decidedCount() / n;
        double tl = CostModel.localLatency(inst, i);
        double el = CostModel.localEnergy(inst, i);

        float[][] out = new float[m + 1][OPTION];
        float[] local = out[0];
        local[0] = 1;
        local[1] = (float) (inst.ue(i).localCpuHz() / meanCap);
        local[2] = 1;
        local[3] = 1;
        local[7] = 1;
        local[8] = 1;
        local[9] = (float) counts[0] / n;
        local[10] = (float) progress;
        local[11] = (float) pressure;
        for (int j = 1; j <= m; j++) {
            float[] f = out[j];
            boolean up = inst.server(j).up();
            double rem = state.remaining(j);
            double upload = CostModel.uploadTime(inst, i, j);
            double minShare = state.minShare(i, j);
            f[1] = (float) (inst.server(j).cpuHz() / meanCap);
            f[2] = (float) rem;
            f[3] = up ? 1 : 0;
            f[4] = (float) clip(upload / tl, MAX_TIME_RATIO);
            f[5] = (float) clip(minShare, MAX_SHARE);
            f[6] = (float) (rem > 0 ? clip(minShare / rem, MAX_SHARE) : MAX_SHARE);
            f[7] = (float) clip(CostModel.uploadEnergy(inst, i, j) / el, MAX_ENERGY_RATIO);
            f[8] = (float)
                    (rem > 0 ? clip(CostModel.offloadLatency(inst, i, j, rem) / tl, MAX_TIME_RATIO) : MAX_TIME_RATIO);
            f[9] = (float) counts[j] / n;
            f[10] = (float) progress;
            f[11] = (float) pressure;
        }
        return out;
    }

    /**
     * What was decided for UE {@code i}, [{@value #ACTION}]: isLocal, the share given, the chosen server's capacity /
     * mean capacity (0 when local), upload time / t_L (0 when local), energy / e_L and latency / t_L of the decision
     * (both 1 when local), clipped like the option features.
     */
    public static float[] actionFeatures(Instance inst, int i, int option, double share) {
        float[] f = new float[ACTION];
        if (option == Decision.LOCAL) {
            f[0] = 1;
            f[4] = 1;
            f[5] = 1;
            return f;
        }
        double meanCap = 0;
        for (int j = 1; j <= inst.m(); j++) meanCap += inst.server(j).cpuHz() / inst.m();
        double tl = CostModel.localLatency(inst, i);
        f[1] = (float) share;
        f[2] = (float) (inst.server(option).cpuHz() / meanCap);
        f[3] = (float) clip(CostModel.uploadTime(inst, i, option) / tl, MAX_TIME_RATIO);
        f[4] = (float) clip(CostModel.uploadEnergy(inst, i, option) / CostModel.localEnergy(inst, i), MAX_ENERGY_RATIO);
        f[5] = (float) clip(CostModel.offloadLatency(inst, i, option, share) / tl, MAX_TIME_RATIO);
        return f;
    }

    /**
     * The prompt's row, [{@value #PROMPTS}], in the order of {@link Prompt#values()}: [w, 1 - w] with w its weight of
     * latency, which is one-hot for the two named prompts (exactly [1, 0] and [0, 1]).
     */
    public static float[] promptOneHot(Prompt prompt) {
        float[] f = new float[PROMPTS];
        if (!prompt.weighted()) {
            f[prompt.ordinal()] = 1;
        } else {
            f[0] = (float) prompt.latencyWeight();
            f[1] = (float) (1 - prompt.latencyWeight());
        }
        return f;
    }

    private static double clip(double v, double max) {
        if (Double.isNaN(v)) return max;
        return Math.max(0, Math.min(max, v));
    }
}
