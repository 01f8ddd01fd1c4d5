package org.lambo.aed.infer;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.lambo.aed.features.Features;
import org.lambo.aed.model.AedDecoder;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;

/**
 * Step-by-step decoding in plain Java over a snapshot of the decoder's weights: the same function as
 * {@link org.lambo.aed.model.AedDecoder}'s teacher-forced pass (a test holds them equal to 1e-5), without
 * the engine's per-operation overhead, which over N sequential steps of tiny operations dominates.
 * Each step reads the {@link SequentialState} for the option features and the feasibility mask,
 * chooses an option among the feasible ones only, maps the share head's output into [the UE's
 * minimum share, what is left] and assigns it, so the decision is valid by construction.
 *
 * <p>Not thread-safe only through the random generator passed in; the weights are immutable.
 */
public final class FastDecoder {
    private final DecoderWeights w;
    private final double shareNoise;

    /** How an option and a share are chosen at each step. */
    public enum Mode {
        /** The most likely feasible option and the share head's mean. */
        GREEDY,
        /** An option drawn from the masked softmax and a share drawn around the mean. */
        SAMPLE
    }

    public FastDecoder(DecoderWeights weights, double shareNoise) {
        if (weights == null) throw new IllegalArgumentException("decoder weights are missing");
        if (!(shareNoise > 0)) throw new IllegalArgumentException("shareNoise must be > 0, got " + shareNoise);
        this.w = weights;
        this.shareNoise = shareNoise;
    }

    /** What depends only on the encoder's output: the UE tokens and their cross-attention keys and values. */
    public final class Encoded {
        private final double[][] h;
        private final List<double[]> crossKeys = new ArrayList<>();
        private final List<double[]> crossValues = new ArrayList<>();

        private Encoded(float[][] tokens) {
            h = new double[tokens.length][];
            for (int i = 0; i < tokens.length; i++) {
                if (tokens[i].length != w.d()) throw new IllegalArgumentException("encoder token " + i + " has width " + tokens[i].length + ", decoder expects " + w.d());
                h[i] = new double[w.d()];
                for (int k = 0; k < w.d(); k++) h[i][k] = tokens[i][k];
                crossKeys.add(w.crossAttention().keyOf(h[i]));
                crossValues.add(w.crossAttention().valueOf(h[i]));
            }
        }
    }

    /** Prepares the encoder's output of one instance, H [N][d], for any number of decodings. */
    public Encoded prepare(float[][] encoderTokens) {
        return new Encoded(encoderTokens);
    }

    /**
     * Decodes every UE of the instance in index order.
     *
     * @param rng used only in {@link Mode#SAMPLE}; may be null for greedy
     */
    public Trajectory decode(Instance inst, Prompt prompt, Encoded enc, Mode mode, RandomGenerator rng) {
        int n = inst.n();
        int m = inst.m();
        int d = w.d();
        if (enc.h.length != n) throw new IllegalArgumentException("encoder output has " + enc.h.length + " tokens, instance " + inst.id() + " has " + n + " UEs");
        if (mode == Mode.SAMPLE && rng == null) throw new IllegalArgumentException("sampled decoding needs a random generator");
        SequentialState state = new SequentialState(inst);
        int[] options = new int[n];
        double[] shareLogits = new double[n];
        double[] shareMeans = new double[n];
        double[][] logits = new double[n][];
        float[][][] optionFeatures = new float[n][][];
        float[][] actionFeatures = new float[n][];
        boolean[][] masks = new boolean[n][];

        double[] promptRow = new double[d];
        for (int k = 0; k < d; k++) promptRow[k] = w.prompt()[prompt.ordinal() * d + k];
        List<double[]> selfKeys = new ArrayList<>(n + 1);
        List<double[]> selfValues = new ArrayList<>(n + 1);
        double[] bos = new double[d];
        for (int k = 0; k < d; k++) bos[k] = w.bos()[k];
        selfKeys.add(w.selfAttention().keyOf(bos));
        selfValues.add(w.selfAttention().valueOf(bos));
        double scale = 1 / Math.sqrt(d);

        for (int t = 0; t < n; t++) {
            float[][] of = Features.optionFeatures(state, t);                         // [M+1][FO]
            boolean[] mask = state.mask(t);                                           // [M+1]
            // The option tokens O_j = W2 a_j + b2 with a_j = ReLU(W1 f_j + b1) enter only linearly (their
            // mean, dot products with the pointer query, the chosen one's share), so the decoder works
            // on the hidden a_j and applies W2 once per use instead of once per option.
            FeedForwardWeights emb = w.optionEmbed();
            double[][] a = new double[m + 1][];                                       // [M+1][d]
            double[] meanHidden = new double[d];
            for (int j = 0; j <= m; j++) {
                a[j] = emb.hidden(of[j]);
                for (int k = 0; k < d; k++) meanHidden[k] += a[j][k] / (m + 1);
            }
            double[] meanOption = emb.second().apply(meanHidden);                     // [d] = mean_j O_j
            double[] q = add(add(enc.h[t], w.context().apply(meanOption)), promptRow); // [d]
            double[] z1 = w.selfNorm().apply(add(q, w.selfAttention().attend(q, selfKeys, selfValues)));
            double[] z2 = w.crossNorm().apply(add(z1, w.crossAttention().attend(z1, enc.crossKeys, enc.crossValues)));
            double[] z3 = w.feedForwardNorm().apply(add(z2, w.feedForward().apply(z2)));

            // (Wq z3 + bq) . (Wk O_j + bk) = a_j . W2^T Wk^T pq + b2 . Wk^T pq + pq . bk
            double[] pq = w.pointerQuery().apply(z3);                                 // [d]
            double[] u = w.pointerKey().applyTransposed(pq);                          // [d]
            double[] v = emb.second().applyTransposed(u);                             // [d]
            double constant = emb.second().biasDot(u) + w.pointerKey().biasDot(pq);
            double[] lg = new double[m + 1];                                          // [M+1]
            for (int j = 0; j <= m; j++) {
                double dot = DenseWeights.dot(a[j], 0, v, 0, d) + constant;
                lg[j] = w.logitClip() * Math.tanh(dot * scale) - (mask[j] ? 0 : AedDecoder.MASKED);
            }
            int choice = mode == Mode.GREEDY ? argmax(lg, mask) : sample(lg, mask, rng);

            double share = 0;
            if (choice != Decision.LOCAL) {
                double[] in = new double[2 * d];
                System.arraycopy(z3, 0, in, 0, d);
                System.arraycopy(emb.second().apply(a[choice]), 0, in, d, d);
                double mu = w.shareHead().apply(in)[0];
                double y = mode == Mode.GREEDY ? mu : mu + shareNoise * rng.nextGaussian();
                double frac = 1 / (1 + Math.exp(-y));
                double min = state.minShare(t, choice);
                double left = state.remaining(choice);
                share = state.assign(t, choice, min + frac * (left - min));
                shareMeans[t] = mu;
                shareLogits[t] = y;
            } else {
                state.assign(t, Decision.LOCAL, 0);
            }
            options[t] = choice;
            logits[t] = lg;
            optionFeatures[t] = of;
            masks[t] = mask;
            float[] af = Features.actionFeatures(inst, t, choice, share);
            actionFeatures[t] = af;
            double[] c = add(enc.h[t], w.action().apply(af));
            selfKeys.add(w.selfAttention().keyOf(c));
            selfValues.add(w.selfAttention().valueOf(c));
        }
        return new Trajectory(options, shareLogits, shareMeans, logits, optionFeatures, actionFeatures, masks, state.toDecision());
    }

    private static double[] add(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int k = 0; k < a.length; k++) c[k] = a[k] + b[k];
        return c;
    }

    private static int argmax(double[] logits, boolean[] mask) {
        int best = Decision.LOCAL;
        for (int j = 0; j < logits.length; j++) {
            if (mask[j] && logits[j] > logits[best]) best = j;
        }
        return best;
    }

    private static int sample(double[] logits, boolean[] mask, RandomGenerator rng) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < logits.length; j++) if (mask[j]) max = Math.max(max, logits[j]);
        double[] p = new double[logits.length];
        double sum = 0;
        for (int j = 0; j < logits.length; j++) {
            p[j] = mask[j] ? Math.exp(logits[j] - max) : 0;
            sum += p[j];
        }
        double r = rng.nextDouble() * sum;
        int last = Decision.LOCAL;
        for (int j = 0; j < logits.length; j++) {
            if (!mask[j]) continue;
            last = j;
            r -= p[j];
            if (r < 0) return j;
        }
        return last;
    }
}
