package org.lambo.aed.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lambo.io.InputException;

/**
 * Adam (Kingma and Ba 2015) with global-norm gradient clipping, over the trainable parameters of a block, keeping its
 * moments so that a checkpoint can resume training exactly where it stopped (the engine's own optimisers keep theirs
 * out of reach). Call {@link #step} after the gradient collector is closed. The engine accumulates gradients;
 * {@code step} zeroes them once used, so the next backward pass starts clean without the collector's
 * {@code zeroGradients()}, which walks every array of the engine and leaves two gradient handles per parameter behind
 * on each call.
 */
public final class Adam {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final NDManager manager;
    private final List<Parameter> params = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<NDArray> first = new ArrayList<>();
    private final List<NDArray> second = new ArrayList<>();
    private final double learningRate;
    private final double clipNorm;
    private long t;
    private String lastSkip;

    /**
     * @param parameters the parameters to update, in a fixed order (a block's {@code getParameters()})
     * @param learningRate the step size, &gt; 0
     * @param clipNorm the largest global gradient norm; larger gradients are scaled down
     */
    /**
     * A gradient norm above this is not a gradient but garbage, and its step is skipped like a non-finite one. The
     * AED's norms are 1 to 30 (random weights included). Norms of ~1e9 or NaN were seen when the backward pass read a
     * scalar already freed (DJL's {@code x.mul(number)}, fixed by {@code model.Scalars}; docs/AED.md, "Training over a
     * scenario family"); the guard stays for whatever else could garble a gradient, and {@link #lastSkip} names it.
     */
    public static final double GARBAGE_NORM = 1e6;

    public Adam(NDManager manager, PairList<String, Parameter> parameters, double learningRate, double clipNorm) {
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        if (!(clipNorm > 0)) throw new IllegalArgumentException("clip norm must be > 0, got " + clipNorm);
        this.manager = manager;
        this.learningRate = learningRate;
        this.clipNorm = clipNorm;
        for (Pair<String, Parameter> p : parameters) {
            if (!p.getValue().requiresGradient()) continue;
            params.add(p.getValue());
            names.add(p.getKey());
            NDArray w = p.getValue().getArray();
            first.add(manager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
            second.add(manager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
        }
    }

    /**
     * Which parameter's gradient made the last skipped step garbage ({@code "name: norm"}, the first non-finite one,
     * else the largest), and how many were; null while no step was skipped.
     */
    public String lastSkip() {
        return lastSkip;
    }

    /** How many updates were applied. */
    public long steps() {
        return t;
    }

    /**
     * Applies one update from the gradients the last backward pass left on the parameters.
     *
     * @return the global gradient norm before clipping; when it is not finite, or above {@link #GARBAGE_NORM}, the
     *     update is skipped (the step count does not advance) and the gradients are zeroed
     */
    public double step() {
        try (NDManager sub = manager.newSubManager()) {
            double sq = 0;
            double[] each = new double[params.size()];
            List<NDArray> grads = new ArrayList<>(params.size());
            for (Parameter p : params) {
                // each call wraps the gradient in a new handle: it belongs to this step and is closed with it
                NDArray g = p.getArray().getGradient();
                sub.attachAll(g);
                grads.add(g);
                // in double: large but finite gradients square without overflowing (the step is clipped, not skipped)
                each[grads.size() - 1] = g.toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                        .square()
                        .sum()
                        .getDouble();
                sq += each[grads.size() - 1];
            }
            double norm = Math.sqrt(sq);
            if (!(norm <= GARBAGE_NORM)) {
                // a non-finite gradient would poison the weights and the moments: skip the update
                lastSkip = culprit(each);
                for (Parameter p : params) zeroGradient(p.getArray());
                return norm;
            }
            t++;
            double scale = norm > clipNorm ? clipNorm / norm : 1.0;
            double c1 = 1 - Math.pow(BETA1, t);
            double c2 = 1 - Math.pow(BETA2, t);
            for (int k = 0; k < params.size(); k++) {
                NDArray w = params.get(k).getArray();
                NDArray m = first.get(k);
                NDArray v = second.get(k);
                sub.tempAttachAll(w, m, v);
                // the update runs after the backward pass, outside the recording: numbers as operands are safe here
                NDArray g = grads.get(k).mul(scale); // not differentiated: the update (like w)
                m.muli(BETA1).addi(g.mul(1 - BETA1)); // not differentiated: the update (like w)
                v.muli(BETA2).addi(g.square().mul(1 - BETA2)); // not differentiated: the update (like w)
                // not differentiated: the update
                NDArray update = m.div(c1).div(v.div(c2).sqrt().add(EPSILON)).mul(learningRate);
                w.subi(update);
                zeroGradient(w); // ready for the next backward
            }
            return norm;
        }
    }

    /** The first parameter whose gradient is not finite, else the largest, and how many are garbage. */
    private String culprit(double[] each) {
        int worst = 0;
        int bad = 0;
        for (int k = 0; k < each.length; k++) {
            boolean garbage = !(Math.sqrt(each[k]) <= GARBAGE_NORM);
            if (garbage) bad++;
            boolean worse = Double.isNaN(each[worst]) || Double.isInfinite(each[worst])
                    ? false
                    : !Double.isFinite(each[k]) || each[k] > each[worst];
            if (worse) worst = k;
        }
        return String.format(
                java.util.Locale.ROOT,
                "%s: %.3g (%d of %d gradients garbage)",
                names.get(worst),
                Math.sqrt(each[worst]),
                bad,
                each.length);
    }

    /**
     * Sets a parameter's gradient to exact zeros for the next backward pass. Multiplying by 0 (or DJL's
     * {@code zeroGradients()}, which subtracts the gradient from itself) would keep a NaN a NaN.
     */
    private static void zeroGradient(NDArray w) {
        if (w.hasGradient()) ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) w);
    }

    /** Writes the step count and both moments. */
    public void save(Path file) throws IOException {
        NDList state = new NDList();
        state.addAll(first);
        state.addAll(second);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeLong(t);
            out.writeInt(params.size());
            state.encode(out);
        }
    }

    /** {@code moment} becomes {@code read} (same shape and type, else the file is refused naming the parameter). */
    private static void take(NDArray moment, NDArray read, Path file, int k) {
        if (!read.getShape().equals(moment.getShape()) || read.getDataType() != moment.getDataType()) {
            throw new InputException(
                    file.toString(),
                    "parameter " + k,
                    "optimiser state " + read.getDataType() + read.getShape() + ", the model's parameter is "
                            + moment.getDataType() + moment.getShape());
        }
        // a copy in memory the engine owns: the read array aliases a Java direct buffer (from_blob) that only its
        // DJL wrapper holds, which intern would close, and a garbage collection would free the moment
        moment.intern(read.duplicate());
    }

    /** Reads what {@link #save} wrote, for the same parameters. */
    public void load(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            long steps = in.readLong();
            int count = in.readInt();
            if (count != params.size()) {
                throw new InputException(
                        file.toString(),
                        "",
                        "holds optimiser state for " + count + " parameters, the model has " + params.size());
            }
            try (NDList state = NDList.decode(manager, in)) {
                for (int k = 0; k < count; k++) {
                    // the read arrays take the moments' places (intern): NDArray.set(buffer) would go through
                    // PyTorch's deprecated AutoNonVariableTypeMode, which prints a warning on every resume
                    take(first.get(k), state.get(k), file, k);
                    take(second.get(k), state.get(count + k), file, k);
                }
            }
            t = steps;
        }
    }
}
