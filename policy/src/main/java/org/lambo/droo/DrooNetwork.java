package org.lambo.droo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.math3.random.RandomGenerator;
import org.lambo.io.InputException;
import org.lambo.nn.Mlp;

/**
 * DROO's deep neural network on DJL: a fully connected ReLU network from the slot's features ({@link StateFeatures}) to
 * one logit per UE and option, read as N independent softmax distributions over {local, server 1..M}. It is DROO's
 * sigmoid-per-user output generalised to M + 1 options, trained the same way: cross-entropy against the best quantised
 * decision of past frames, Adam.
 *
 * <pre>
 * x       [B, D]            D = StateFeatures.dimension(N, M)
 * h_1     [B, H_1]          relu(x W_1^T + b_1)
 * ...
 * logits  [B, N (M + 1)]    h_L W_out^T + b_out, read as [B, N, M + 1]
 * </pre>
 *
 * It is an {@link Mlp} (ReLU, Xavier uniform). Training runs on the engine, on the CPU (a batch is a few small matrix
 * products, where a GPU would spend more on transfers than on arithmetic); decisions go through {@link #forward}, plain
 * Java over a copy of the weights refreshed after every step. Weights are drawn from the testbed's seeded stream
 * (Xavier uniform), so the same seed gives the same untrained network. Adam's moments live in memory only: a network
 * loaded from disk restarts them. Not thread-safe.
 */
public final class DrooNetwork implements AutoCloseable {
    private final Mlp mlp;
    private final int ues;
    private final int options;

    private DrooNetwork(Mlp mlp, int ues, int servers) {
        this.mlp = mlp;
        this.ues = ues;
        this.options = servers + 1;
    }

    private static Mlp.Spec spec(int ues, int servers, int[] hidden) {
        if (ues < 1 || servers < 1)
            throw new IllegalArgumentException("DROO network needs N, M >= 1, got " + ues + ", " + servers);
        return new Mlp.Spec(StateFeatures.dimension(ues, servers), hidden, ues * (servers + 1), Mlp.Hidden.RELU);
    }

    private static Optimizer adam(double learningRate) {
        return Optimizer.adam()
                .optLearningRateTracker(Tracker.fixed((float) learningRate))
                .build();
    }

    /** A fresh network for slots of N UEs and M servers, its weights drawn from {@code rng}. */
    public static DrooNetwork create(int ues, int servers, DrooSettings settings, RandomGenerator rng) {
        Mlp mlp = Mlp.create(
                spec(ues, servers, settings.hidden()), Mlp.Init.XAVIER_UNIFORM, adam(settings.learningRate()), rng);
        return new DrooNetwork(mlp, ues, servers);
    }

    public int ues() {
        return ues;
    }

    /** M + 1. */
    public int options() {
        return options;
    }

    public int inputDimension() {
        return mlp.inputs();
    }

    /** How many Adam steps this network took since it was created or loaded. */
    public long trainingSteps() {
        return mlp.steps();
    }

    /** The number of trainable scalars. */
    public long parameterCount() {
        return mlp.parameterCount();
    }

    /**
     * The relaxed decision of one slot: for every UE a softmax over the options it may take.
     *
     * @param state [D], from {@link StateFeatures#encode}
     * @param allowed [N][M+1]: options whose probability is forced to 0 where false (a row must allow at least one
     *     option)
     * @return [N][M+1] probabilities, each row summing to 1
     */
    public double[][] probabilities(float[] state, boolean[][] allowed) {
        float[] logits = forward(state);
        double[][] p = new double[ues][options];
        for (int i = 0; i < ues; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < options; j++) if (allowed[i][j]) max = Math.max(max, logits[i * options + j]);
            if (max == Double.NEGATIVE_INFINITY)
                throw new IllegalArgumentException("UE " + i + " is allowed no option");
            double sum = 0;
            for (int j = 0; j < options; j++) {
                p[i][j] = allowed[i][j] ? Math.exp(logits[i * options + j] - max) : 0;
                sum += p[i][j];
            }
            for (int j = 0; j < options; j++) p[i][j] /= sum;
        }
        return p;
    }

    /**
     * The logits of one state computed in plain Java ({@link Mlp#forward}). Matches {@link #logits} to float rounding.
     *
     * @param state [D]
     * @return [N (M+1)]
     */
    public float[] forward(float[] state) {
        return mlp.forward(state);
    }

    /** Raw logits, [B][N (M+1)], for a batch of states [B][D], through the engine. */
    public float[][] logits(float[][] states) {
        return mlp.engineOutputs(states);
    }

    /** The mean cross-entropy of the labels under the network, without training. */
    public double loss(float[][] states, int[][] labels) {
        return mlp.loss(states, crossEntropy(states, labels));
    }

    /**
     * One Adam step on the mean cross-entropy between the per-UE softmax and the labels.
     *
     * @param states [B][D]
     * @param labels [B][N], options 0..M
     * @return the loss before the step
     */
    public double trainStep(float[][] states, int[][] labels) {
        return mlp.train(states, crossEntropy(states, labels), 1)[0];
    }

    private Mlp.Loss crossEntropy(float[][] states, int[][] labels) {
        int b = states.length;
        if (labels.length != b) throw new IllegalArgumentException(b + " states but " + labels.length + " label rows");
        int[] flatLabels = new int[b * ues];
        for (int r = 0; r < b; r++) {
            if (labels[r].length != ues)
                throw new IllegalArgumentException(
                        "label row " + r + " has " + labels[r].length + " UEs, network has " + ues);
            System.arraycopy(labels[r], 0, flatLabels, r * ues, ues);
        }
        return (NDManager sub, NDArray logits) -> {
            NDArray logp = logits.reshape(b * ues, options).logSoftmax(1); // [B N, M+1]
            NDArray target = sub.create(flatLabels, new Shape(b * ues)).oneHot(options); // [B N, M+1]
            return logp.mul(target).sum(new int[] {1}).mean().neg(); // []
        };
    }

    /** Writes the weights (DJL's parameter format) to a file. */
    public void save(Path file) throws IOException {
        mlp.save(file);
    }

    /**
     * A network of this shape with the weights of a file written by {@link #save}.
     *
     * @throws InputException when the file does not hold weights of this shape
     */
    public static DrooNetwork load(Path file, int ues, int servers, DrooSettings settings) throws IOException {
        String expected = "does not hold DROO weights for N = " + ues + ", M = " + servers + ", hidden "
                + Arrays.toString(settings.hidden());
        Mlp mlp = Mlp.load(file, spec(ues, servers, settings.hidden()), adam(settings.learningRate()), expected);
        return new DrooNetwork(mlp, ues, servers);
    }

    @Override
    public void close() {
        mlp.close();
    }
}
