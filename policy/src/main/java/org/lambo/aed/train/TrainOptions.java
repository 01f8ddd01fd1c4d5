package org.lambo.aed.train;

/**
 * The settings of ACRL pre-training; build with {@link #builder()}, whose defaults are documented on
 * each setter. Immutable and validated.
 */
public record TrainOptions(int steps, int batch, long seed, double learningRate, double entropyWeight, double valueWeight,
                           double clipNorm, int layoutEvery, int evalEvery, int checkpointEvery, int validationSize,
                           String reference, int samples) {
    public TrainOptions {
        if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        if (batch < 2) throw new IllegalArgumentException("batch must be >= 2 (both prompts in every batch), got " + batch);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        if (!(entropyWeight >= 0)) throw new IllegalArgumentException("entropy weight must be >= 0, got " + entropyWeight);
        if (!(valueWeight >= 0)) throw new IllegalArgumentException("value weight must be >= 0, got " + valueWeight);
        if (!(clipNorm > 0)) throw new IllegalArgumentException("clip norm must be > 0, got " + clipNorm);
        if (layoutEvery < 1) throw new IllegalArgumentException("layoutEvery must be >= 1, got " + layoutEvery);
        if (evalEvery < 1) throw new IllegalArgumentException("evalEvery must be >= 1, got " + evalEvery);
        if (checkpointEvery < 1) throw new IllegalArgumentException("checkpointEvery must be >= 1, got " + checkpointEvery);
        if (validationSize < 1) throw new IllegalArgumentException("validationSize must be >= 1, got " + validationSize);
        if (reference == null || reference.isBlank()) throw new IllegalArgumentException("reference policy is missing");
        if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, got " + samples);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.steps = steps;
        b.batch = batch;
        b.seed = seed;
        b.learningRate = learningRate;
        b.entropyWeight = entropyWeight;
        b.valueWeight = valueWeight;
        b.clipNorm = clipNorm;
        b.layoutEvery = layoutEvery;
        b.evalEvery = evalEvery;
        b.checkpointEvery = checkpointEvery;
        b.validationSize = validationSize;
        b.reference = reference;
        b.samples = samples;
        return b;
    }

    public static final class Builder {
        private int steps = 1000;
        private int batch = 32;
        private long seed = 1;
        private double learningRate = 1e-4;
        private double entropyWeight = 0.01;
        private double valueWeight = 0.5;
        private double clipNorm = 1.0;
        private int layoutEvery = 20;
        private int evalEvery = 50;
        private int checkpointEvery = 100;
        private int validationSize = 16;
        private String reference = "greedy";
        private int samples = 1;

        /** Training steps (updates) in all, counting those of a resumed run; default 1000. */
        public Builder steps(int v) { steps = v; return this; }

        /** Instances per step, half under each prompt (each slot appears under both); default 32. */
        public Builder batch(int v) { batch = v; return this; }

        /** Seed of the training data, the sampling and the initial weights; default 1. */
        public Builder seed(long v) { seed = v; return this; }

        /** Adam step size; default 1e-4. */
        public Builder learningRate(double v) { learningRate = v; return this; }

        /** Weight of the entropy bonus of the option head; default 0.01. */
        public Builder entropyWeight(double v) { entropyWeight = v; return this; }

        /** Weight of the critic's squared error; default 0.5. */
        public Builder valueWeight(double v) { valueWeight = v; return this; }

        /** Global gradient-norm clip; default 1. */
        public Builder clipNorm(double v) { clipNorm = v; return this; }

        /** Steps between fresh server layouts (new worlds); default 20. */
        public Builder layoutEvery(int v) { layoutEvery = v; return this; }

        /** Steps between validation passes (greedy, held-out instances); default 50. */
        public Builder evalEvery(int v) { evalEvery = v; return this; }

        /** Steps between checkpoints; default 100 (and always at the end). */
        public Builder checkpointEvery(int v) { checkpointEvery = v; return this; }

        /** Held-out slots in the validation set (each under both prompts); default 16. */
        public Builder validationSize(int v) { validationSize = v; return this; }

        /** The policy the validation gap is measured against, when registered, else {@code local}; default greedy. */
        public Builder reference(String v) { reference = v; return this; }

        /**
         * Sampled decodings of every (slot, prompt) per step; default 1. With 1 the advantage's baseline is
         * the critic's value; with k &gt; 1 it is the mean reward of the k decodings of the same slot and
         * prompt (a shared baseline, as POMO uses), and the critic is still trained alongside.
         */
        public Builder samples(int v) { samples = v; return this; }

        public TrainOptions build() {
            return new TrainOptions(steps, batch, seed, learningRate, entropyWeight, valueWeight, clipNorm, layoutEvery,
                    evalEvery, checkpointEvery, validationSize, reference, samples);
        }
    }
}
