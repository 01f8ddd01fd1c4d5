package org.lambo.are;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.lambo.io.InputException;

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
 * whose label offloads (a local label has no share). Decisions go through {@link #forward}, plain Java over a copy of
 * the weights refreshed after every training call. Not thread-safe; {@link #close} frees the native memory.
 */
public final class AreNetwork implements AutoCloseable {
    private final NDManager manager;
    private final SequentialBlock block;
    private final Optimizer optimizer;
    private final int servers;
    private final int inputDim;
    private final int[] hidden;
    private long updates;
    private float[][] layerWeights;
    private float[][] layerBiases;

    private AreNetwork(int servers, int[] hidden, double learningRate, double momentum, RandomGenerator rng) {
        if (servers < 1) throw new IllegalArgumentException("ARE network needs M >= 1, got " + servers);
        this.servers = servers;
        this.inputDim = AreFeatures.dimension(servers);
        this.hidden = hidden.clone();
        this.manager = NDManager.newBaseManager(Device.cpu());
        this.block = new SequentialBlock();
        for (int h : hidden) {
            block.add(Linear.builder().setUnits(h).build());
            block.add(Activation.sigmoidBlock());
        }
        block.add(Linear.builder().setUnits(servers + 2L).build());
        block.initialize(manager, DataType.FLOAT32, new Shape(1, inputDim));
        toolboxInit(rng);
        snapshot();
        this.optimizer = Optimizer.sgd()
                .setLearningRateTracker(Tracker.fixed((float) learningRate))
                .optMomentum((float) momentum)
                .build();
    }

    /** A fresh network for M servers, its weights drawn from {@code rng}. */
    public static AreNetwork create(int servers, AreSettings settings, RandomGenerator rng) {
        return new AreNetwork(servers, settings.hidden(), settings.learningRate(), settings.momentum(), rng);
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
        return inputDim;
    }

    public int[] hidden() {
        return hidden.clone();
    }

    /** Gradient steps taken since it was created or loaded. */
    public long updates() {
        return updates;
    }

    /** DeepLearnToolbox's initialisation: weight and bias of a layer from U(-a, a), a = 4 sqrt(6 / (in + out)). */
    private void toolboxInit(RandomGenerator rng) {
        List<Pair<String, Parameter>> params = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) params.add(p);
        for (int k = 0; k < params.size(); k += 2) {
            NDArray w = params.get(k).getValue().getArray(); // [out, in]
            NDArray b = params.get(k + 1).getValue().getArray(); // [out]
            long out = w.getShape().get(0);
            long in = w.getShape().get(1);
            double a = 4 * Math.sqrt(6.0 / (in + out));
            w.set(draw(rng, Math.toIntExact(w.size()), a));
            b.set(draw(rng, Math.toIntExact(b.size()), a));
        }
    }

    private static float[] draw(RandomGenerator rng, int count, double a) {
        float[] v = new float[count];
        for (int k = 0; k < count; k++) v[k] = (float) ((2 * rng.nextDouble() - 1) * a);
        return v;
    }

    /**
     * The two heads for one UE row, in plain Java.
     *
     * @param row [3 + 4M]
     * @return [M + 2]: M + 1 option logits, then the share in (0, 1) (the sigmoid already applied)
     */
    public float[] forward(float[] row) {
        if (row.length != inputDim)
            throw new IllegalArgumentException("row has " + row.length + " features, network takes " + inputDim);
        float[] h = row;
        int last = layerWeights.length - 1;
        for (int l = 0; l <= last; l++) {
            float[] w = layerWeights[l];
            float[] b = layerBiases[l];
            int in = h.length;
            float[] next = new float[b.length];
            for (int o = 0; o < next.length; o++) {
                float acc = b[o];
                int base = o * in;
                for (int k = 0; k < in; k++) acc += w[base + k] * h[k];
                next[o] = l < last ? sigmoid(acc) : acc;
            }
            h = next;
        }
        h[servers + 1] = sigmoid(h[servers + 1]);
        return h;
    }

    private static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }

    private void snapshot() {
        List<float[]> w = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            float[] values = p.getValue().getArray().toFloatArray();
            if (p.getValue().getType() == Parameter.Type.WEIGHT) w.add(values);
            else b.add(values);
        }
        this.layerWeights = w.toArray(float[][]::new);
        this.layerBiases = b.toArray(float[][]::new);
    }

    /** The raw outputs [B][M + 2] (logits, then the share's logit) through the engine; for tests. */
    public float[][] engineOutputs(float[][] rows) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = sub.create(flatten(rows), new Shape(rows.length, inputDim));
            float[] flat = block.forward(new ParameterStore(sub, false), new NDList(x), false)
                    .singletonOrThrow()
                    .toFloatArray();
            float[][] out = new float[rows.length][];
            for (int r = 0; r < rows.length; r++)
                out[r] = Arrays.copyOfRange(flat, r * (servers + 2), (r + 1) * (servers + 2));
            return out;
        }
    }

    /** The loss of labelled rows without training. */
    public double loss(Batch batch) {
        try (NDManager sub = manager.newSubManager()) {
            return loss(sub, batch, false).getFloat();
        }
    }

    /**
     * {@code epochs} full-batch gradient steps with momentum on the rows (DeepLearnToolbox's {@code nntrain} with the
     * batch size set to the whole training set, as the ARE code sets it).
     *
     * @return the loss before each step, [epochs]
     */
    public double[] train(Batch batch, int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        double[] losses = new double[epochs];
        try (NDManager sub = manager.newSubManager()) {
            for (int e = 0; e < epochs; e++) {
                try (NDManager step = sub.newSubManager()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.zeroGradients();
                        NDArray loss = loss(step, batch, true);
                        losses[e] = loss.getFloat();
                        gc.backward(loss);
                    }
                    for (Pair<String, Parameter> p : block.getParameters()) {
                        NDArray w = p.getValue().getArray();
                        NDArray g = w.getGradient();
                        g.attach(step);
                        optimizer.update(p.getValue().getId(), w, g);
                    }
                    updates++;
                }
            }
        }
        snapshot();
        return losses;
    }

    private NDArray loss(NDManager sub, Batch batch, boolean training) {
        if (batch.dimension() != inputDim)
            throw new IllegalArgumentException(
                    "rows have " + batch.dimension() + " features, network takes " + inputDim);
        for (int label : batch.options()) {
            if (label < 0 || label > servers)
                throw new IllegalArgumentException("label " + label + " is not in 0.." + servers);
        }
        int b = batch.size();
        NDArray x = sub.create(flatten(batch.rows()), new Shape(b, inputDim)); // [B, D]
        NDArray out = block.forward(new ParameterStore(sub, false), new NDList(x), training)
                .singletonOrThrow(); // [B, M+2]
        NDArray logits = out.get(new NDIndex(":, 0:" + (servers + 1))); // [B, M+1]
        NDArray share = Activation.sigmoid(out.get(new NDIndex(":, " + (servers + 1)))); // [B]
        NDArray target = sub.create(batch.options(), new Shape(b)).oneHot(servers + 1); // [B, M+1]
        NDArray ce = logits.logSoftmax(1).mul(target).sum(new int[] {1}).mean().neg(); // []
        float[] mask = new float[b];
        int offloaded = 0;
        for (int r = 0; r < b; r++) {
            if (batch.options()[r] != 0) {
                mask[r] = 1;
                offloaded++;
            }
        }
        NDArray err =
                share.sub(sub.create(batch.shares(), new Shape(b))).square().mul(sub.create(mask, new Shape(b))); // [B]
        // divided by an engine-owned scalar: DJL's div(number) frees its scalar before backward (aed.model.Scalars)
        return ce.add(err.sum().div(sub.full(new Shape(), 2f * Math.max(1, offloaded))));
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

    private float[] flatten(float[][] rows) {
        float[] flat = new float[rows.length * inputDim];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != inputDim)
                throw new IllegalArgumentException(
                        "row " + r + " has " + rows[r].length + " features, network takes " + inputDim);
            System.arraycopy(rows[r], 0, flat, r * inputDim, inputDim);
        }
        return flat;
    }

    /** Writes the weights (DJL's parameter format). */
    public void save(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            block.saveParameters(out);
        }
    }

    /**
     * A network for M servers with the weights of a file written by {@link #save}.
     *
     * @throws InputException when the file does not hold weights of this shape
     */
    public static AreNetwork load(Path file, int servers, AreSettings settings) throws IOException {
        AreNetwork net = new AreNetwork(
                servers, settings.hidden(), settings.learningRate(), settings.momentum(), new Well19937c(0));
        String expected =
                "does not hold ARE weights for M = " + servers + ", hidden " + Arrays.toString(settings.hidden());
        List<Shape> shapes = new ArrayList<>();
        for (Pair<String, Parameter> p : net.block.getParameters())
            shapes.add(p.getValue().getArray().getShape());
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            net.block.loadParameters(net.manager, in);
        } catch (MalformedModelException | IllegalArgumentException | IllegalStateException | IOException e) {
            net.close();
            throw new InputException(file.toString(), "", expected + ": " + e.getMessage());
        }
        int k = 0;
        for (Pair<String, Parameter> p : net.block.getParameters()) {
            p.getValue().getArray().setRequiresGradient(true);
            Shape got = p.getValue().getArray().getShape();
            if (!got.equals(shapes.get(k++))) {
                net.close();
                throw new InputException(
                        file.toString(),
                        "",
                        expected + ": parameter " + p.getKey() + " has shape " + got + ", expected "
                                + shapes.get(k - 1));
            }
        }
        net.snapshot();
        return net;
    }

    @Override
    public void close() {
        manager.close();
    }
}
