package org.lambo.aed.infer;

/**
 * The uncertainty of one decoded decision, the score of ALEF's query: the mean over the N UEs of the entropy (in nats)
 * of the masked option distribution at each step of the decoding,
 *
 * <pre>
 *   U(x) = (1 / N) sum_t H(pi_t),   H(pi_t) = - sum_{j feasible at t} pi_tj log pi_tj,
 *   pi_t = softmax of the step's logits over the options feasible at step t
 * </pre>
 *
 * A step with a single feasible option (local only) contributes 0; the largest possible value is log(M + 1), every step
 * uniform over local and all M servers. The mean, not the sum, keeps slots of different N comparable. It is read off
 * the decoding that the policy would deliver (greedy), so it is the uncertainty of the offloading decision the deployed
 * policy takes, along its own decoding order.
 */
public final class DecisionEntropy {
    private DecisionEntropy() {}

    /** U of a decoded trajectory (its logits and masks), in nats. */
    public static double of(Trajectory tr) {
        double[][] logits = tr.logits();
        boolean[][] masks = tr.masks();
        if (logits.length == 0) return 0;
        double total = 0;
        for (int t = 0; t < logits.length; t++) total += step(logits[t], masks[t]);
        return total / logits.length;
    }

    /**
     * H of one step: the entropy of softmax(logits) over the options the mask allows.
     *
     * @throws IllegalArgumentException when the lengths differ or no option is feasible
     */
    public static double step(double[] logits, boolean[] mask) {
        if (logits.length != mask.length) {
            throw new IllegalArgumentException(
                    "logits and mask differ in length: " + logits.length + " and " + mask.length);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < logits.length; j++) if (mask[j]) max = Math.max(max, logits[j]);
        if (max == Double.NEGATIVE_INFINITY) throw new IllegalArgumentException("no feasible option at this step");
        double z = 0;
        for (int j = 0; j < logits.length; j++) if (mask[j]) z += Math.exp(logits[j] - max);
        double logZ = Math.log(z);
        double h = 0;
        for (int j = 0; j < logits.length; j++) {
            if (!mask[j]) continue;
            double logp = logits[j] - max - logZ;
            h -= Math.exp(logp) * logp;
        }
        return Math.max(0, h);
    }
}
