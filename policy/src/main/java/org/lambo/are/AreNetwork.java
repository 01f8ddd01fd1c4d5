package org.lambo.are;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.math3.random.RandomGenerator;
import org.lambo.io.InputException;
import org.lambo.nn.Mlp;

/**
 * ARE's DNN on DJL: a fully connected sigmoid network from one UE's features ({@link AreFeatures}) to M + 2 outputs,
 * read as two heads: a softmax over the UE's options {local, server 1..M} (the offloading decision) and a sigmoid (the
 * resource head: the share of the chosen server's CPU the UE asks for). As in the ARE code (DeepLearnToolbox's
 * {@code nnsetup}, {@code nnff}, {@code nnbp}, {@code nnapplygrads}): sigmoid hidden layers (default 64, 32), weights
 * and biases drawn from U(-a, a) with a = 4 sqrt(6 / (fan_in + fan_out)), full-batch gradient descent with momentum
 * (learning rate 1.5, momentum 0.5).
 *
 * <pre>
 * x      [B, 3 + 4M]     one row per UE
 * h_1    [B, H_1]        sigmoid(x W_1^T + b_1)
 * ...
 * out    [B, M + 2]      h_L W_out^T + b_out;  out[:, 0..M] option logits, sigmoid(out[:, M+1]) the share
 * </pre>
 *
 * Loss: the mean cross-entropy of the option head plus half the mean squared error of the share head over the rows
 * whose label offloads (a local label has no share). It is an {@link Mlp} (sigmoid, DeepLearnToolbox's draw). Decisions
 * go through {@link #forward}, plain Java over a copy of the weights refreshed after every training call. Not
 * thread-safe; {@link #close} frees the native memory.
 */
public final class AreNetwork implements AutoCloseable {
    private final Mlp mlp;
    private final int servers;

    private AreNetwork(Mlp mlp, int servers) {
        this.mlp = mlp;
        this.servers = servers;
    }

    private static Mlp.Spec spec(int servers, int[] hidden) {
        if (servers < 1) throw new IllegalArgumentException("ARE network needs M >= 1, got " + servers);
        return new Mlp.Spec(AreFeatures.dimension(servers), hidden, servers + 2, Mlp.Hidden.SIGMOID);
    }

    private static Optimizer sgd(AreSettings settings) {
        return Optimizer.sgd()
                .setLearningRateTracker(Tracker.fixed((float) settings.learningRate()))
                .optMomentum((float) settings.momentum())
                .build();
    }

    /** A fresh network for M servers, its weights drawn from {@code rng}. */
    public static AreNetwork create(int servers, AreSettings settings, RandomGenerator rng) {
        Mlp mlp = Mlp.create(spec(servers, settings.hidden()), Mlp.Init.TOOLBOX, sgd(settings), rng);
        return new AreNetwork(mlp, servers);
    }

    /** M. */
    public int servers() {
        return servers;
    }

    /** M + 1 options. */
    public int options() {
        return servers + 1;
    }

    public int inputDimension() {
        return mlp.inputs();
    }

    public int[] hidden() {
        return mlp.spec().hidden();
    }

    /** Gradient steps taken since it was created or loaded. */
    public long updates() {
        return mlp.steps();
    }

    /**
     * The two heads for one UE row, in plain Java.
     *
     * @param row [3 + 4M]
     * @return [M + 2]: M + 1 option logits, then the share in (0, 1) (the sigmoid already applied)
     */
    public float[] forward(float[] row) {
        float[] h = mlp.forward(row);
        h[servers + 1] = Mlp.sigmoid(h[servers + 1]);
        return h;
    }

    /** The raw outputs [B][M + 2] (logits, then the share's logit) through the engine; for tests. */
    public float[][] engineOutputs(float[][] rows) {
        return mlp.engineOutputs(rows);
    }

    /** The loss of labelled rows without training. */
    public double loss(Batch batch) {
        return mlp.loss(batch.rows(), lossOf(batch));
    }

    /**
     * {@code epochs} full-batch gradient steps with momentum on the rows (DeepLearnToolbox's {@code nntrain} with the
     * batch size set to the whole training set, as the ARE code sets it).
     *
     * @return the loss before each step, [epochs]
     */
    public double[] train(Batch batch, int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        return mlp.train(batch.rows(), lossOf(batch), epochs);
    }

    private Mlp.Loss lossOf(Batch batch) {
        if (batch.dimension() != mlp.inputs())
            throw new IllegalArgumentException(
                    "rows have " + batch.dimension() + " features, network takes " + mlp.inputs());
        for (int label : batch.options()) {
            if (label < 0 || label > servers)
                throw new IllegalArgumentException("label " + label + " is not in 0.." + servers);
        }
        int b = batch.size();
        float[] mask = new float[b];
        int offloaded = 0;
        for (int r = 0; r < b; r++) {
            if (batch.options()[r] != 0) {
                mask[r] = 1;
                offloaded++;
            }
        }
        float perOffloaded = Math.max(1, offloaded);
        return (NDManager sub, NDArray out) -> { // out [B, M+2]
            NDArray logits = out.get(new NDIndex(":, 0:" + (servers + 1))); // [B, M+1]
            NDArray share = Activation.sigmoid(out.get(new NDIndex(":, " + (servers + 1)))); // [B]
            NDArray target = sub.create(batch.options(), new Shape(b)).oneHot(servers + 1); // [B, M+1]
            NDArray ce =
                    logits.logSoftmax(1).mul(target).sum(new int[] {1}).mean().neg(); // []
            NDArray err = share.sub(sub.create(batch.shares(), new Shape(b)))
                    .square()
                    .mul(sub.create(mask, new Shape(b))); // [B]
            // divided by an engine-owned scalar: DJL's div(number) frees its scalar before backward (aed.model.Scalars)
            return ce.add(err.sum().div(sub.full(new Shape(), 2f * perOffloaded)));
        };
    }

    /**
     * Labelled UE rows: features, the expert's option (0..M) and its share of that server (ignored for a local label).
     */
    public record Batch(float[][] rows, int[] options, float[] shares) {
        public Batch {
            if (rows.length == 0) throw new IllegalArgumentException("a batch needs at least one row");
            if (options.length != rows.length || shares.length != rows.length) {
                throw new IllegalArgumentException(
                        rows.length + " rows but " + options.length + " options and " + shares.length + " shares");
            }
        }

        public int size() {
            return rows.length;
        }

        int dimension() {
            return rows[0].length;
        }
    }

    /** Writes the weights (DJL's parameter format). */
    public void save(Path file) throws IOException {
        mlp.save(file);
    }

    /**
     * A network for M servers with the weights of a file written by {@link #save}.
     *
     * @throws InputException when the file does not hold weights of this shape
     */
    public static AreNetwork load(Path file, int servers, AreSettings settings) throws IOException {
        String expected =
                "does not hold ARE weights for M = " + servers + ", hidden " + Arrays.toString(settings.hidden());
        Mlp mlp = Mlp.load(file, spec(servers, settings.hidden()), sgd(settings), expected);
        return new AreNetwork(mlp, servers);
    }

    @Override
    public void close() {
        mlp.close();
    }
}
