package org.lambo.are;

import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;

/**
 * Turns the DNN's per-UE outputs into a valid decision, as the ARE code does after {@code nnpredict}:
 *
 * <ol>
 *   <li>each UE takes its most probable option (the argmax of the softmax head; options it can never take in this slot,
 *       a down server or a deadline the upload alone misses or a minimum share above 1, get probability 0, as in DROO
 *       here);
 *   <li>{@code allocUE}: on every server the requested shares (the resource head) are scaled to sum to the server's
 *       whole CPU;
 *   <li>{@code corresult}: a UE whose share misses its deadline, or whose cost under the prompt is worse offloaded than
 *       local, runs locally instead, and {@code allocUE} runs again. The ARE code moves every such UE at once (its only
 *       rule is "delay above T_local"); with per-task deadlines that empties a server the argmax crowded, though most
 *       of its UEs would fit once a few leave. So here one UE moves at a time, the largest deadline shortfall first,
 *       then the largest excess over its local cost, and the shares are re-allocated after each move. Taking a UE off a
 *       server only raises the others' shares, so the loop ends with every offloaded UE within its deadline and no
 *       worse than local.
 * </ol>
 *
 * The result passes the validator by construction, and is never worse than all-local for the prompt.
 */
public final class AreDecoder {
    private AreDecoder() {}

    /**
     * What the DNN said about one slot and the decision made of it.
     *
     * @param decision the valid decision
     * @param meanEntropy mean over UEs of the entropy (bits) of their option distributions, ARE's measure of how unsure
     *     the DNN is about the slot
     * @param argmax each UE's most probable option, before the correction
     * @param corrected UEs the correction moved to local
     */
    public record Result(Decision decision, double meanEntropy, int[] argmax, int corrected) {}

    public static Result decide(Instance inst, Prompt prompt, AreNetwork net) {
        int n = inst.n();
        int m = inst.m();
        if (net.servers() != m)
            throw new IllegalArgumentException(
                    "this ARE network decides M = " + net.servers() + ", the slot has M = " + m);
        float[][] rows = AreFeatures.encode(inst);
        SequentialState fresh = new SequentialState(inst);
        int[] option = new int[n];
        double[] request = new double[n];
        double entropy = 0;
        for (int i = 0; i < n; i++) {
            float[] out = net.forward(rows[i]);
            boolean[] allowed = fresh.mask(i);
            double[] p = softmax(out, allowed);
            int best = Decision.LOCAL;
            for (int j = 0; j <= m; j++) if (p[j] > p[best]) best = j;
            option[i] = best;
            request[i] = Math.max(out[m + 1], Float.MIN_NORMAL); // sigmoid: in (0, 1); never 0, so a share is never 0
            entropy += entropyBits(p);
        }
        int[] argmax = option.clone();
        int corrected = 0;
        double[] share = allocate(inst, option, request);
        while (true) {
            int worst = -1;
            double worstScore = 0;
            for (int i = 0; i < n; i++) { // deadline misses first, the largest shortfall first
                int j = option[i];
                if (j == Decision.LOCAL) continue;
                double shortfall = fresh.minShare(i, j) / share[i];
                if (shortfall > 1 && shortfall > worstScore) {
                    worst = i;
                    worstScore = shortfall;
                }
            }
            if (worst < 0) { // then UEs worse off than local, the largest excess first
                for (int i = 0; i < n; i++) {
                    int j = option[i];
                    if (j == Decision.LOCAL) continue;
                    double excess = CostModel.cost(inst, i, j, share[i], prompt)
                            / CostModel.cost(inst, i, Decision.LOCAL, 0, prompt);
                    if (excess > 1 && excess > worstScore) {
                        worst = i;
                        worstScore = excess;
                    }
                }
            }
            if (worst < 0) break;
            option[worst] = Decision.LOCAL;
            corrected++;
            share = allocate(inst, option, request);
        }
        return new Result(new Decision(option, share), entropy / n, argmax, corrected);
    }

    /** {@code allocUE}: on each server, the UEs' requests scaled to sum to 1; 0 for local UEs. */
    static double[] allocate(Instance inst, int[] option, double[] request) {
        double[] sum = new double[inst.m() + 1];
        for (int i = 0; i < option.length; i++) if (option[i] != Decision.LOCAL) sum[option[i]] += request[i];
        double[] share = new double[option.length];
        for (int i = 0; i < option.length; i++) {
            if (option[i] != Decision.LOCAL) share[i] = Math.min(1.0, request[i] / sum[option[i]]);
        }
        return share;
    }

    /** Softmax of the option logits over the allowed options (local is always allowed). */
    static double[] softmax(float[] out, boolean[] allowed) {
        int options = allowed.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < options; j++) if (allowed[j]) max = Math.max(max, out[j]);
        double[] p = new double[options];
        double sum = 0;
        for (int j = 0; j < options; j++) {
            p[j] = allowed[j] ? Math.exp(out[j] - max) : 0;
            sum += p[j];
        }
        for (int j = 0; j < options; j++) p[j] /= sum;
        return p;
    }

    /** -sum p log2 p, with 0 log 0 = 0. */
    static double entropyBits(double[] p) {
        double h = 0;
        for (double v : p) if (v > 0) h -= v * Math.log(v) / Math.log(2);
        return h;
    }
}
