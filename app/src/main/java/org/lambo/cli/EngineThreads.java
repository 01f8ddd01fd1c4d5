package org.lambo.cli;

import org.lambo.io.InputException;

/** The PyTorch thread settings of the commands that train: read by DJL when the engine loads, so set first. */
final class EngineThreads {
    private EngineThreads() {}

    /**
     * Validates {@code --threads} (null: the number of cores) and sets PyTorch's intra-op threads to it and its
     * inter-op threads to 1. Must run before anything loads the engine.
     *
     * @return the intra-op thread count set
     * @throws InputException naming {@code --threads} when it is below 1
     */
    static int configure(Integer threads) {
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1) throw new InputException("--threads", "", "must be >= 1, got " + t);
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(t));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        return t;
    }
}
