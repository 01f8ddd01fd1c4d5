package org.lambo.droo;

import org.apache.commons.math3.random.RandomGenerator;

/**
 * DROO's replay memory: the last {@code capacity} frames, each a slot's features and the best assignment found for it,
 * overwritten oldest first. Training batches are drawn uniformly with replacement from what it holds, as in the paper.
 * Mutable; not thread-safe.
 */
public final class ReplayMemory {
    private final float[][] states; // [capacity][D]
    private final int[][] labels; // [capacity][N]
    private final int dimension;
    private final int ues;
    private long added;

    public ReplayMemory(int capacity, int dimension, int ues) {
        if (capacity < 1) throw new IllegalArgumentException("memory capacity must be >= 1, got " + capacity);
        if (dimension < 1 || ues < 1)
            throw new IllegalArgumentException("memory needs dimension and ues >= 1, got " + dimension + ", " + ues);
        this.states = new float[capacity][];
        this.labels = new int[capacity][];
        this.dimension = dimension;
        this.ues = ues;
    }

    public int capacity() {
        return states.length;
    }

    /** How many frames it holds now, at most the capacity. */
    public int size() {
        return (int) Math.min(added, states.length);
    }

    /** How many frames were ever added. */
    public long added() {
        return added;
    }

    /** Stores a frame, replacing the oldest when full. The arrays are copied. */
    public void add(float[] state, int[] assignment) {
        if (state.length != dimension)
            throw new IllegalArgumentException("state has " + state.length + " features, memory holds " + dimension);
        if (assignment.length != ues)
            throw new IllegalArgumentException("assignment covers " + assignment.length + " UEs, memory holds " + ues);
        int slot = (int) (added % states.length);
        states[slot] = state.clone();
        labels[slot] = assignment.clone();
        added++;
    }

    /** The frame in slot {@code k} (0..size-1), not copied: the state. */
    float[] state(int k) {
        return states[k];
    }

    /** The frame in slot {@code k} (0..size-1), not copied: the assignment. */
    int[] label(int k) {
        return labels[k];
    }

    /**
     * Slot indices of a training batch, uniform with replacement over the frames held.
     *
     * @throws IllegalStateException when the memory is empty
     */
    public int[] sample(int batch, RandomGenerator rng) {
        int size = size();
        if (size == 0) throw new IllegalStateException("cannot sample from an empty replay memory");
        int[] idx = new int[batch];
        for (int b = 0; b < batch; b++) idx[b] = rng.nextInt(size);
        return idx;
    }
}
