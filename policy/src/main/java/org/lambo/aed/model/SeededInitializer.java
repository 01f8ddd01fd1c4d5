package org.lambo.aed.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Xavier-uniform initialisation, U(-a, a) with a = sqrt(6 / (fan_in + fan_out)), drawn from the testbed's own seeded
 * stream rather than the engine's global generator, so that the same seed gives the same untrained model on every
 * engine and device. Parameters are initialised in the order of their registration, which is fixed by the blocks'
 * constructors.
 */
public final class SeededInitializer implements Initializer {
    private final RandomGenerator rng;

    public SeededInitializer(RandomGenerator rng) {
        if (rng == null) throw new IllegalArgumentException("initializer needs a random generator");
        this.rng = rng;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        long size = shape.size();
        long fanOut = shape.dimension() > 1 ? shape.get(0) : 1;
        long fanIn = shape.dimension() > 1 ? size / fanOut : size;
        double a = Math.sqrt(6.0 / (fanIn + fanOut));
        float[] values = new float[Math.toIntExact(size)];
        for (int k = 0; k < values.length; k++) values[k] = (float) ((2 * rng.nextDouble() - 1) * a);
        return manager.create(values, shape).toType(dataType, false);
    }
}
