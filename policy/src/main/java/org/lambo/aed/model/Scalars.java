package org.lambo.aed.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multiplying or dividing an array by a Java number in a pass that will be differentiated. DJL's {@code x.mul(2f)} and
 * {@code x.div(2f)} on the PyTorch engine wrap the number in a 0-d array over a Java direct buffer (the CPU tensor
 * aliases the buffer, {@code torch::from_blob}) and close that array as soon as the product is taken. The autograd
 * graph keeps the scalar for the backward pass (d(x c)/dx = c), but once the DJL array is closed nothing in Java holds
 * the buffer: a garbage collection before {@code backward()} frees it, and the backward pass reads freed memory. The
 * gradient is then garbage (NaN, ~1e9, or a plausible wrong number), depending on what ran before in the JVM. The
 * scalars made here are allocated by the engine ({@code torch::full}), which the graph's own reference keeps alive.
 */
public final class Scalars {
    private Scalars() {}

    /** {@code x * c}, safe to differentiate. */
    public static NDArray mul(NDArray x, float c) {
        return x.mul(of(x, c));
    }

    /** {@code x / c}, safe to differentiate. */
    public static NDArray div(NDArray x, float c) {
        return x.div(of(x, c));
    }

    /** A 0-d array of {@code c} in x's manager, type and device, in memory the engine owns. */
    public static NDArray of(NDArray x, float c) {
        return x.getManager().full(new Shape(), c, x.getDataType()).toDevice(x.getDevice(), false);
    }
}
