package org.lambo.nn;

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
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.optimizer.Optimizer;
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
 * A small fully connected network on DJL, the one the learned baselines (ARE, DROO) are made of: dense layers with a
 * hidden activation, a linear output layer, trained on the engine (CPU) with a loss the owner gives, and evaluated in
 * plain Java over a copy of the weights refreshed after every training call (one decision is a small matrix-vector
 * chain, where the engine's per-call overhead would cost more than the arithmetic).
 *
 * <pre>
 * x      [B, D]
 * h_1    [B, H_1]     act(x W_1^T + b_1)
 * ...
 * out    [B, O]       h_L W_out^T + b_out
 * </pre>
 *
 * The block is {@code Linear, act, ..., Linear}, so the DJL parameter files it writes and reads ({@link #save},
 * {@link #load}) are those ARE and DROO wrote before they shared it. The optimizer's state lives in memory only: a
 * network loaded from disk restarts it. Not thread-safe; {@link #close} frees the native memory.
 */
public final class Mlp implements AutoCloseable {
    /** The hidden layers' activation. */
    public enum Hidden {
        RELU,
        SIGMOID
    }

    /** How the first weights are drawn, always from the testbed's seeded stream (never the engine's generator). */
    public enum Init {
        /** Weights from U(-a, a), a = sqrt(6 / (fan_in + fan_out)) (Xavier uniform); biases 0. */
        XAVIER_UNIFORM,
        /** DeepLearnToolbox's: weights and biases of a layer from U(-a, a), a = 4 sqrt(6 / (in + out)). */
        TOOLBOX
    }

    /**
     * A network's shape.
     *
     * @param inputs D
     * @param hidden the hidden layers' widths
     * @param outputs O
     * @param activation the hidden layers' activation
     */
    public record Spec(int inputs, int[] hidden, int outputs, Hidden activation) {
        public Spec {
            if (inputs < 1 || outputs < 1)
                throw new IllegalArgumentException(
                        "a network needs inputs, outputs >= 1, got " + inputs + ", " + outputs);
            if (activation == null) throw new IllegalArgumentException("a network needs a hidden activation");
            hidden = hidden.clone();
            for (int h : hidden) if (h < 1) throw new IllegalArgumentException("hidden width must be >= 1, got " + h);
        }

        @Override
        public int[] hidden() {
            return hidden.clone();
        }
    }

    /** A loss over the engine's outputs [B, O] of a batch, a scalar; arrays made on {@code sub} are freed with it. */
    @FunctionalInterface
    public interface Loss {
        NDArray of(NDManager sub, NDArray outputs);
    }

    private final NDManager manager;
    private final SequentialBlock block;
    private final Optimizer optimizer;
    private final Spec spec;
    private long steps;
    /** The dense layers' weights as Java arrays ([out * in] row-major, [out]): the inference path. */
    private float[][] layerWeights;

    private float[][] layerBiases;

    private Mlp(Spec spec, Init init, Optimizer optimizer, RandomGenerator rng) {
        this.spec = spec;
        this.optimizer = optimizer;
        this.manager = NDManager.newBaseManager(Device.cpu());
        this.block = new SequentialBlock();
        for (int h : spec.hidden) {
            block.add(Linear.builder().setUnits(h).build());
            block.add(spec.activation == Hidden.RELU ? Activation.reluBlock() : Activation.sigmoidBlock());
        }
        block.add(Linear.builder().setUnits(spec.outputs).build());
        if (init == Init.XAVIER_UNIFORM) block.setInitializer(new SeededXavier(rng), Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, spec.inputs));
        if (init == Init.TOOLBOX) toolboxInit(rng);
        snapshot();
    }

    /**
     * A fresh network, its weights drawn from {@code rng}.
     *
     * @param optimizer its own (it keeps per-parameter state)
     */
    public static Mlp create(Spec spec, Init init, Optimizer optimizer, RandomGenerator rng) {
        return new Mlp(spec, init, optimizer, rng);
    }

    public Spec spec() {
        return spec;
    }

    public int inputs() {
        return spec.inputs;
    }

    public int outputs() {
        return spec.outputs;
    }

    /**
     * The engine arrays in this network's manager: its parameters (DJL's optimisers keep their state apart). A finished
     * step leaves nothing behind there, so the count stays level over any number of steps (MlpArraysTest).
     */
    public int liveArrays() {
        return manager.getManagedArrays().size();
    }

    /** Gradient steps taken since it was created or loaded. */
    public long steps() {
        return steps;
    }

    /** The number of trainable scalars. */
    public long parameterCount() {
        long count = 0;
        for (Pair<String, Parameter> p : block.getParameters())
            count += p.getValue().getArray().size();
        return count;
    }

    /**
     * The outputs of one input row in plain Java (the hidden activation applied, the output layer linear); matches
     * {@link #engineOutputs} to float rounding.
     *
     * @param x [D]
     * @return [O]
     */
    public float[] forward(float[] x) {
        if (x.length != spec.inputs)
            throw new IllegalArgumentException("input has " + x.length + " features, network takes " + spec.inputs);
        boolean relu = spec.activation == Hidden.RELU;
        float[] h = x;
        int last = layerWeights.length - 1;
        for (int l = 0; l <= last; l++) {
            float[] w = layerWeights[l]; // [out * in]
            float[] b = layerBiases[l]; // [out]
            int in = h.length;
            float[] next = new float[b.length]; // [out]
            for (int o = 0; o < next.length; o++) {
                float acc = b[o];
                int row = o * in;
                for (int k = 0; k < in; k++) acc += w[row + k] * h[k];
                next[o] = l < last ? (relu ? Math.max(0f, acc) : sigmoid(acc)) : acc;
            }
            h = next;
        }
        return h;
    }

    /** The logistic function in float, as the Java path applies it. */
    public static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }

    /** The raw outputs [B][O] of rows [B][D] through the engine. */
    public float[][] engineOutputs(float[][] rows) {
        try (NDManager sub = manager.newSubManager()) {
            float[] flat = engineForward(sub, rows, false).toFloatArray();
            int width = spec.outputs;
            float[][] out = new float[rows.length][];
            for (int r = 0; r < rows.length; r++) out[r] = Arrays.copyOfRange(flat, r * width, (r + 1) * width);
            return out;
        }
    }

    /** The loss of rows [B][D] without training. */
    public double loss(float[][] rows, Loss loss) {
        try (NDManager sub = manager.newSubManager()) {
            return loss.of(sub, engineForward(sub, rows, false)).getFloat();
        }
    }

    /**
     * {@code count} gradient steps of the optimizer on the same rows, then the Java path refreshed.
     *
     * @return the loss before each step, [count]
     */
    public double[] train(float[][] rows, Loss loss, int count) {
        if (count < 1) throw new IllegalArgumentException("steps must be >= 1, got " + count);
        double[] losses = new double[count];
        try (NDManager sub = manager.newSubManager()) {
            for (int e = 0; e < count; e++) {
                try (NDManager step = sub.newSubManager()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        // this network's gradients only, with PyTorch's zero_(): the collector's zeroGradients()
                        // walks every array of the engine (other models' too) and leaves two gradient handles per
                        // parameter behind in the network's manager on every call (MlpArraysTest)
                        for (Pair<String, Parameter> p : block.getParameters()) {
                            NDArray w = p.getValue().getArray();
                            if (w.hasGradient()) JniUtils.zeroGrad((PtNDArray) w);
                        }
                        NDArray value = loss.of(step, engineForward(step, rows, true)); // []
                        losses[e] = value.getFloat();
                        gc.backward(value);
                    }
                    for (Pair<String, Parameter> p : block.getParameters()) {
                        NDArray w = p.getValue().getArray();
                        NDArray g = w.getGradient(); // like w; a fresh handle, freed with step
                        g.attach(step);
                        optimizer.update(p.getValue().getId(), w, g);
                    }
                    steps++;
                }
            }
        }
        snapshot();
        return losses;
    }

    private NDArray engineForward(NDManager sub, float[][] rows, boolean training) {
        int width = spec.inputs;
        float[] flat = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != width)
                throw new IllegalArgumentException(
                        "row " + r + " has " + rows[r].length + " features, network takes " + width);
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
        NDArray x = sub.create(flat, new Shape(rows.length, width)); // [B, D]
        return block.forward(new ParameterStore(sub, false), new NDList(x), training)
                .singletonOrThrow(); // [B, O]
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

    private void toolboxInit(RandomGenerator rng) {
        List<Pair<String, Parameter>> params = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) params.add(p);
        for (int k = 0; k < params.size(); k += 2) {
            NDArray w = params.get(k).getValue().getArray(); // [out, in]
            NDArray b = params.get(k + 1).getValue().getArray(); // [out]
            long out = w.getShape().get(0);
            long in = w.getShape().get(1);
            double a = 4 * Math.sqrt(6.0 / (in + out));
            w.set(uniform(rng, Math.toIntExact(w.size()), a));
            b.set(uniform(rng, Math.toIntExact(b.size()), a));
        }
    }

    private static float[] uniform(RandomGenerator rng, int count, double a) {
        float[] v = new float[count];
        for (int k = 0; k < count; k++) v[k] = (float) ((2 * rng.nextDouble() - 1) * a);
        return v;
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
     * @param expected what the file should hold, in words, for the error (e.g. "does not hold DROO weights for ...")
     * @throws InputException when the file does not hold weights of this shape
     */
    public static Mlp load(Path file, Spec spec, Optimizer optimizer, String expected) throws IOException {
        // the initial draw is overwritten by the file; any generator does
        Mlp net = new Mlp(spec, Init.XAVIER_UNIFORM, optimizer, new Well19937c(0));
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

    /** Xavier uniform drawn from the testbed's seeded stream instead of the engine's global generator. */
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
            return manager.create(uniform(rng, Math.toIntExact(shape.size()), a), shape)
                    .toType(dataType, false);
        }
    }
}
