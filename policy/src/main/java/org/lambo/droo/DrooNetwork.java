package org.lambo.droo;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
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
 * Training runs on the engine, on the CPU (a batch is a few small matrix products, where a GPU would spend more on
 * transfers than on arithmetic); decisions go through {@link #forward}, plain Java over a copy of the weights refreshed
 * after every step. Weights are drawn from the testbed's seeded stream (Xavier uniform), so the same seed gives the
 * same untrained network. Adam's moments live in memory only: a network loaded from disk restarts them. Not
 * thread-safe.
 */
public final class DrooNetwork implements AutoCloseable {
    private final NDManager manager;
    private final SequentialBlock block;
    private final Optimizer optimizer;
    private final int ues;
    private final int options;
    private final int inputDim;
    private final int[] hidden;
    private long trainingSteps;
    /**
     * The dense layers' weights as Java arrays ([out * in] row-major, [out]), refreshed after every change: the
     * inference path.
     */
    private float[][] layerWeights;

    private float[][] layerBiases;

    private DrooNetwork(int ues, int servers, int[] hidden, double learningRate, RandomGenerator rng) {
        if (ues < 1 || servers < 1)
            throw new IllegalArgumentException("DROO network needs N, M >= 1, got " + ues + ", " + servers);
        this.ues = ues;
        this.options = servers + 1;
        this.inputDim = StateFeatures.dimension(ues, servers);
        this.hidden = hidden.clone();
        this.manager = NDManager.newBaseManager(Device.cpu());
        this.block = new SequentialBlock();
        for (int h : hidden) {
            block.add(Linear.builder().setUnits(h).build());
            block.add(Activation.reluBlock());
        }
        block.add(Linear.builder().setUnits((long) ues * options).build());
        block.setInitializer(new SeededXavier(rng), Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, inputDim));
        snapshot();
        this.optimizer = Optimizer.adam()
                .optLearningRateTracker(Tracker.fixed((float) learningRate))
                .build();
    }

    /** A fresh network for slots of N UEs and M servers, its weights drawn from {@code rng}. */
    public static DrooNetwork create(int ues, int servers, DrooSettings settings, RandomGenerator rng) {
        return new DrooNetwork(ues, servers, settings.hidden(), settings.learningRate(), rng);
    }

    public int ues() {
        return ues;
    }

    /** M + 1. */
    public int options() {
        return options;
    }

    public int inputDimension() {
        return inputDim;
    }

    /** How many Adam steps this network took since it was created or loaded. */
    public long trainingSteps() {
        return trainingSteps;
    }

    /** The number of trainable scalars. */
    public long parameterCount() {
        long count = 0;
        for (Pair<String, Parameter> p : block.getParameters())
            count += p.getValue().getArray().size();
        return count;
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
     * The logits of one state computed in plain Java from a copy of the weights: one decision is one small
     * matrix-vector chain, where the engine's per-call overhead (and its thread pool, on a busy machine) would cost
     * more than the arithmetic. Matches {@link #logits} to float rounding.
     *
     * @param state [D]
     * @return [N (M+1)]
     */
    public float[] forward(float[] state) {
        if (state.length != inputDim)
            throw new IllegalArgumentException("state has " + state.length + " features, network takes " + inputDim);
        float[] h = state;
        for (int l = 0; l < layerWeights.length; l++) {
            float[] w = layerWeights[l]; // [out * in]
            float[] b = layerBiases[l]; // [out]
            int in = h.length;
            float[] next = new float[b.length]; // [out]
            for (int o = 0; o < next.length; o++) {
                float acc = b[o];
                int row = o * in;
                for (int k = 0; k < in; k++) acc += w[row + k] * h[k];
                next[o] = l < layerWeights.length - 1 ? Math.max(0f, acc) : acc; // ReLU on hidden layers only
            }
            h = next;
        }
        return h;
    }

    /** Copies the engine's weights into the Java inference path. */
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

    /** Raw logits, [B][N (M+1)], for a batch of states [B][D], through the engine. */
    public float[][] logits(float[][] states) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = sub.create(flatten(states, inputDim), new Shape(states.length, inputDim)); // [B, D]
            NDArray out = block.forward(new ParameterStore(sub, false), new NDList(x), false)
                    .singletonOrThrow(); // [B, N (M+1)]
            float[] flat = out.toFloatArray();
            int width = ues * options;
            float[][] rows = new float[states.length][];
            for (int b = 0; b < states.length; b++) rows[b] = Arrays.copyOfRange(flat, b * width, (b + 1) * width);
            return rows;
        }
    }

    /** The mean cross-entropy of the labels under the network, without training. */
    public double loss(float[][] states, int[][] labels) {
        try (NDManager sub = manager.newSubManager()) {
            return crossEntropy(sub, states, labels, false).getFloat();
        }
    }

    /**
     * One Adam step on the mean cross-entropy between the per-UE softmax and the labels.
     *
     * @param states [B][D]
     * @param labels [B][N], options 0..M
     * @return the loss before the step
     */
    public double trainStep(float[][] states, int[][] labels) {
        try (NDManager sub = manager.newSubManager()) {
            double before;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.zeroGradients();
                NDArray loss = crossEntropy(sub, states, labels, true); // []
                before = loss.getFloat();
                gc.backward(loss);
            }
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray w = p.getValue().getArray();
                NDArray g = w.getGradient(); // like w; a fresh handle, freed with sub
                g.attach(sub);
                optimizer.update(p.getValue().getId(), w, g);
            }
            trainingSteps++;
            snapshot();
            return before;
        }
    }

    private NDArray crossEntropy(NDManager sub, float[][] states, int[][] labels, boolean training) {
        int b = states.length;
        if (labels.length != b) throw new IllegalArgumentException(b + " states but " + labels.length + " label rows");
        int[] flatLabels = new int[b * ues];
        for (int r = 0; r < b; r++) {
            if (labels[r].length != ues)
                throw new IllegalArgumentException(
                        "label row " + r + " has " + labels[r].length + " UEs, network has " + ues);
            System.arraycopy(labels[r], 0, flatLabels, r * ues, ues);
        }
        NDArray x = sub.create(flatten(states, inputDim), new Shape(b, inputDim)); // [B, D]
        NDArray logits = block.forward(new ParameterStore(sub, false), new NDList(x), training)
                .singletonOrThrow(); // [B, N (M+1)]
        NDArray logp = logits.reshape(b * ues, options).logSoftmax(1); // [B N, M+1]
        NDArray target = sub.create(flatLabels, new Shape(b * ues)).oneHot(options); // [B N, M+1]
        return logp.mul(target).sum(new int[] {1}).mean().neg(); // []
    }

    /** Writes the weights (DJL's parameter format) to a file. */
    public void save(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            block.saveParameters(out);
        }
    }

    /**
     * A network of this shape with the weights of a file written by {@link #save}.
     *
     * @throws InputException when the file does not hold weights of this shape
     */
    public static DrooNetwork load(Path file, int ues, int servers, DrooSettings settings) throws IOException {
        // the initial draw is overwritten by the file; any generator does
        DrooNetwork net = new DrooNetwork(ues, servers, settings.hidden(), settings.learningRate(), new Well19937c(0));
        String expected = "does not hold DROO weights for N = " + ues + ", M = " + servers + ", hidden "
                + Arrays.toString(settings.hidden());
        List<Shape> shapes = new ArrayList<>();
        for (Pair<String, Parameter> p : net.block.getParameters())
            shapes.add(p.getValue().getArray().getShape());
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            net.block.loadParameters(net.manager, in);
        } catch (MalformedModelException | IllegalArgumentException | IllegalStateException | IOException e) {
            net.close();
            throw new InputException(file.toString(), "", expected + ": " + e.getMessage());
        }
        // DJL reads whatever shapes the file has (a network of another size would load silently), and the
        // arrays it reads do not require gradients (the loaded network could not train)
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

    private static float[] flatten(float[][] rows, int width) {
        float[] flat = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != width)
                throw new IllegalArgumentException(
                        "state " + r + " has " + rows[r].length + " features, network takes " + width);
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
        return flat;
    }

    /**
     * Xavier uniform, U(-a, a) with a = sqrt(6 / (fan_in + fan_out)), drawn from the testbed's seeded stream instead of
     * the engine's global generator.
     */
    private static final class SeededXavier implements Initializer {
        private final RandomGenerator rng;

        SeededXavier(RandomGenerator rng) {
            this.rng = rng;
        }

        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            long fanOut = shape.get(0); // weight [out, in]
            long fanIn = shape.size() / fanOut;
            double a = Math.sqrt(6.0 / (fanIn + fanOut));
            float[] v = new float[Math.toIntExact(shape.size())];
            for (int k = 0; k < v.length; k++) v[k] = (float) ((2 * rng.nextDouble() - 1) * a);
            return manager.create(v, shape).toType(dataType, false);
        }
    }
}
