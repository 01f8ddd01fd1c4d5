package org.lambo.aed.infer;

import org.apache.commons.math3.random.RandomGenerator;
import org.lambo.aed.features.Features;
import org.lambo.aed.features.SlotFeatures;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;

/**
 * Step-by-step decoding in plain Java over a snapshot of the decoder's weights: the same function as
 * {@link org.lambo.aed.model.AedDecoder}'s teacher-forced pass (a test holds them equal to 1e-5), without the engine's
 * per-operation overhead, which over N sequential steps of tiny operations dominates. Each step reads the
 * {@link SequentialState} for the option features and the feasibility mask, chooses an option among the feasible ones
 * only, maps the share head's output into [the UE's minimum share, what is left] and assigns it, so the decision is
 * valid by construction.
 *
 * <p>Not thread-safe only through the random generator passed in; the weights are immutable.
 */
public final class FastDecoder {
    private final DecoderWeights w;
    private final double shareNoise;
    // Linear maps folded once from the snapshot (see Folded): fewer d x d products per step.
    private final Folded f;

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
        this.f = new Folded(weights);
    }

    /**
     * Products of the decoder's weight matrices that only ever act one after the other, multiplied out once per
     * snapshot so that each step applies one matrix where the network applies two or three. With the option tokens kept
     * in their hidden layer a (O = W2 a + b2, see {@link #decode}):
     *
     * <pre>
     *   context:  Wc (W2 mean(a) + b2) + bc            = [Wc W2] mean(a) + (Wc b2 + bc)
     *   pointer:  (Wq z + bq) . (Wk O_j + bk)           = a_j . ([W2^T Wk^T Wq] z + W2^T Wk^T bq) + c1 . z + c0,
     *             r = Wk b2 + bk,  c1 = Wq^T r,  c0 = r . bq
     *   share:    S [z ; O_j] + s                       = S_z z + [S_o W2] a_j + (S_o b2 + s)
     * </pre>
     *
     * Algebraically the same function; the products are summed in another order, which changes the result in the last
     * bits of a double only.
     */
    private static final class Folded {
        final DenseWeights context; // [d x He]: mean hidden -> the context term
        final DenseWeights pointer; // [He x d]: z3 -> v
        final double[] pointerLinear; // [d] c1
        final double pointerConstant; // c0
        final DenseWeights shareOfState; // [Hs x d], bias S_o b2 + s
        final DenseWeights shareOfHidden; // [Hs x He], no bias

        Folded(DecoderWeights w) {
            DenseWeights w2 = w.optionEmbed().second(); // [d x He]
            DenseWeights wc = w.context(); // [d x d]
            DenseWeights wq = w.pointerQuery(); // [d x d]
            DenseWeights wk = w.pointerKey(); // [d x d]
            DenseWeights s1 = w.shareHead().first(); // [Hs x 2d]
            int d = w.d();
            int he = w2.in();
            int hs = s1.out();
            context = new DenseWeights(
                    product(wc.weight(), d, d, w2.weight(), he), add(apply(wc, w2.bias()), wc.bias()), he, d);
            double[] kq = productTransposedLeft(wk.weight(), d, d, wq.weight(), d); // Wk^T Wq [d x d]
            double[] p = productTransposedLeft(w2.weight(), d, he, kq, d); // W2^T Wk^T Wq [He x d]
            double[] kbq = wk.applyTransposed(wq.bias()); // Wk^T bq [d]
            double[] p0 = w2.applyTransposed(kbq); // [He]
            pointer = new DenseWeights(p, p0, d, he);
            double[] r = add(apply(wk, w2.bias()), wk.bias()); // [d]
            pointerLinear = wq.applyTransposed(r); // [d]
            pointerConstant = DenseWeights.dot(r, 0, wq.bias(), 0, d);
            double[] sz = new double[hs * d];
            double[] so = new double[hs * d];
            for (int o = 0; o < hs; o++) {
                System.arraycopy(s1.weight(), o * 2 * d, sz, o * d, d);
                System.arraycopy(s1.weight(), o * 2 * d + d, so, o * d, d);
            }
            double[] sb = new double[hs];
            for (int o = 0; o < hs; o++) sb[o] = s1.bias()[o] + DenseWeights.dot(so, o * d, w2.bias(), 0, d);
            shareOfState = new DenseWeights(sz, sb, d, hs);
            shareOfHidden = new DenseWeights(product(so, hs, d, w2.weight(), he), new double[hs], he, hs);
        }

        /** A [rows x inner] times B [inner x cols], row-major. */
        private static double[] product(double[] a, int rows, int inner, double[] b, int cols) {
            double[] c = new double[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < inner; k++) {
                    double x = a[r * inner + k];
                    for (int col = 0; col < cols; col++) c[r * cols + col] += x * b[k * cols + col];
                }
            }
            return c;
        }

        /** A^T B for A [inner x rows] and B [inner x cols], row-major: [rows x cols]. */
        private static double[] productTransposedLeft(double[] a, int inner, int rows, double[] b, int cols) {
            double[] c = new double[rows * cols];
            for (int k = 0; k < inner; k++) {
                for (int r = 0; r < rows; r++) {
                    double x = a[k * rows + r];
                    for (int col = 0; col < cols; col++) c[r * cols + col] += x * b[k * cols + col];
                }
            }
            return c;
        }

        private static double[] apply(DenseWeights m, double[] x) {
            double[] y = new double[m.out()];
            for (int o = 0; o < m.out(); o++) y[o] = DenseWeights.dot(m.weight(), o * m.in(), x, 0, m.in());
            return y;
        }

        private static double[] add(double[] a, double[] b) {
            double[] c = a.clone();
            for (int k = 0; k < c.length; k++) c[k] += b[k];
            return c;
        }
    }

    /** What depends only on the encoder's output: the UE tokens and their cross-attention keys and values. */
    public final class Encoded {
        private final double[][] h;
        private final AttentionWeights.Cache cross;

        private Encoded(float[][] tokens) {
            h = new double[tokens.length][];
            cross = new AttentionWeights.Cache(w.d(), tokens.length);
            for (int i = 0; i < tokens.length; i++) {
                if (tokens[i].length != w.d())
                    throw new IllegalArgumentException(
                            "encoder token " + i + " has width " + tokens[i].length + ", decoder expects " + w.d());
                h[i] = new double[w.d()];
                for (int k = 0; k < w.d(); k++) h[i][k] = tokens[i][k];
                cross.add(w.crossAttention().keyOf(h[i]), w.crossAttention().valueOf(h[i]));
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
        if (enc.h.length != n)
            throw new IllegalArgumentException(
                    "encoder output has " + enc.h.length + " tokens, instance " + inst.id() + " has " + n + " UEs");
        if (mode == Mode.SAMPLE && rng == null)
            throw new IllegalArgumentException("sampled decoding needs a random generator");
        SequentialState state = new SequentialState(inst);
        int[] options = new int[n];
        double[] shareLogits = new double[n];
        double[] shareMeans = new double[n];
        double[][] logits = new double[n][];
        float[][][] optionFeatures = new float[n][][];
        float[][] actionFeatures = new float[n][];
        boolean[][] masks = new boolean[n][];

        double[] promptRow = new double[d];
        float[] row = Features.promptOneHot(prompt); // one-hot for a named prompt, [w, 1 - w] for a weighted one
        for (int p = 0; p < row.length; p++) {
            if (row[p] == 0) continue;
            for (int k = 0; k < d; k++) promptRow[k] += row[p] * w.prompt()[p * d + k];
        }
        // the slot term (G C W_s S_tj): computed only when some weight is not zero, so a model without it decodes as
        // before
        float[][][] slot = w.hasSlotTerm() ? SlotFeatures.of(inst) : null; // [N][M+1][FS]
        double[] slotRow = new double[SlotFeatures.WIDTH]; // the prompt row times W_s
        if (slot != null) {
            for (int p = 0; p < row.length; p++) {
                if (row[p] == 0) continue;
                for (int r = 0; r < SlotFeatures.WIDTH; r++)
                    slotRow[r] += row[p] * w.slotWeights()[p * SlotFeatures.WIDTH + r];
            }
            for (int r = 0; r < SlotFeatures.WIDTH; r++)
                slotRow[r] *= DecoderWeights.SLOT_GAIN * w.logitClip(); // G C W_s
        }
        AttentionWeights.Cache self = new AttentionWeights.Cache(d, n + 1);
        // the attention scores of one step, [heads][keys], reused by every step of this decoding
        int heads = Math.max(w.selfAttention().heads(), w.crossAttention().heads());
        double[] scores = new double[heads * (n + 1)];
        double[] bos = new double[d];
        for (int k = 0; k < d; k++) bos[k] = w.bos()[k];
        self.add(w.selfAttention().keyOf(bos), w.selfAttention().valueOf(bos));
        double scale = 1 / Math.sqrt(d);

        for (int t = 0; t < n; t++) {
            float[][] of = Features.optionFeatures(state, t); // [M+1][FO]
            boolean[] mask = state.mask(t); // [M+1]
            // The option tokens O_j = W2 a_j + b2 with a_j = ReLU(W1 f_j + b1) enter only linearly (their
            // mean, dot products with the pointer query, the chosen one's share), so the decoder works
            // on the hidden a_j and applies W2 once per use instead of once per option.
            FeedForwardWeights emb = w.optionEmbed();
            double[][] a = new double[m + 1][]; // [M+1][d]
            double[] meanHidden = new double[d];
            for (int j = 0; j <= m; j++) {
                a[j] = emb.hidden(of[j]);
                for (int k = 0; k < d; k++) meanHidden[k] += a[j][k] / (m + 1);
            }
            double[] q = add(add(enc.h[t], f.context.apply(meanHidden)), promptRow); // [d], context of mean_j O_j

            double[] z1 = w.selfNorm().apply(add(q, w.selfAttention().attend(q, self, scores)));
            double[] z2 = w.crossNorm().apply(add(z1, w.crossAttention().attend(z1, enc.cross, scores)));
            double[] z3 = w.feedForwardNorm().apply(add(z2, w.feedForward().apply(z2)));

            // (Wq z3 + bq) . (Wk O_j + bk) = a_j . v + constant (folded: see Folded)
            double[] v = f.pointer.apply(z3); // [He]
            double constant = DenseWeights.dot(f.pointerLinear, 0, z3, 0, d) + f.pointerConstant;
            double[] lg = new double[m + 1]; // [M+1]
            for (int j = 0; j <= m; j++) {
                double dot = DenseWeights.dot(a[j], 0, v, 0, v.length) + constant;
                lg[j] = w.logitClip() * Math.tanh(dot * scale);
                if (slot != null) for (int r = 0; r < SlotFeatures.WIDTH; r++) lg[j] += slot[t][j][r] * slotRow[r];
                lg[j] -= mask[j] ? 0 : DecoderWeights.MASKED;
            }
            int choice = mode == Mode.GREEDY ? argmax(lg, mask) : sample(lg, mask, rng);

            double share = 0;
            if (choice != Decision.LOCAL) {
                // the share head on [z3 ; O_choice], folded: ReLU(S_z z3 + [S_o W2] a + bias), then its second layer
                double[] hidden = f.shareOfState.apply(z3); // [Hs]
                double[] fromOption = f.shareOfHidden.apply(a[choice]); // [Hs]
                for (int k = 0; k < hidden.length; k++) hidden[k] = Math.max(0, hidden[k] + fromOption[k]);
                double mu = w.shareHead().second().apply(hidden)[0];
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
            self.add(w.selfAttention().keyOf(c), w.selfAttention().valueOf(c));
        }
        return new Trajectory(
                options, shareLogits, shareMeans, logits, optionFeatures, actionFeatures, masks, state.toDecision());
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
