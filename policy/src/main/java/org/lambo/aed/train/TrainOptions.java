package org.lambo.aed.train;

/**
 * The settings of ACRL pre-training; build with {@link #builder()}. The one place of their defaults (the
 * {@code DEFAULT_} constants, documented on each setter; {@code lambo train}'s flags and help take them from here) and
 * of their rules (the constructor: a refusal begins with the component's name, so that a command can name its flag).
 * Immutable and validated.
 */
public record TrainOptions(
        int steps,
        int batch,
        long seed,
        double learningRate,
        double entropyWeight,
        double valueWeight,
        double clipNorm,
        int layoutEvery,
        int evalEvery,
        int checkpointEvery,
        int validationSize,
        String reference,
        int samples,
        Baseline baseline,
        Normalisation normalisation,
        double shareWeight,
        TrainingPrompts prompts) {
    /** What a sampled decoding's reward is compared with. */
    public enum Baseline {
        /** The critic's value (with samples &gt; 1: the mean reward of the samples of the same slot and prompt). */
        CRITIC,
        /**
         * The mean reward of the k samples of the same slot and prompt (POMO's shared baseline); needs samples &gt;= 2.
         */
        SHARED,
        /**
         * The current policy's own greedy decoding of the same slot and prompt (self-critical, as in attention-model
         * training).
         */
        GREEDY;

        public static Baseline parse(String s) {
            for (Baseline b : values()) if (b.name().equalsIgnoreCase(s)) return b;
            throw new IllegalArgumentException("baseline must be critic, shared or greedy, got '" + s + "'");
        }
    }

    /** How advantages are scaled before they weigh the log-probabilities. */
    public enum Normalisation {
        /** Divided by the standard deviation over the whole batch. */
        BATCH,
        /**
         * Each (slot, prompt)'s advantages in units of its baseline's cost: (J_baseline - J) / J_baseline, a relative
         * improvement that weighs slots of every N alike.
         */
        INSTANCE,
        /** As they are (rewards are already costs relative to all-local). */
        NONE;

        public static Normalisation parse(String s) {
            for (Normalisation n : values()) if (n.name().equalsIgnoreCase(s)) return n;
            throw new IllegalArgumentException("normalisation must be batch, instance or none, got '" + s + "'");
        }
    }

    public static final int DEFAULT_STEPS = 1000;
    public static final int DEFAULT_BATCH = 32;
    public static final double DEFAULT_LEARNING_RATE = 1e-4;
    public static final double DEFAULT_ENTROPY_WEIGHT = 0.01;
    public static final int DEFAULT_LAYOUT_EVERY = 20;
    public static final int DEFAULT_EVAL_EVERY = 50;
    public static final int DEFAULT_CHECKPOINT_EVERY = 100;
    public static final int DEFAULT_VALIDATION_SIZE = 16;
    /** The most held-out slots a validation set may hold. */
    public static final int MAX_VALIDATION_SIZE = 10_000;

    public static final String DEFAULT_REFERENCE = "greedy";
    public static final int DEFAULT_SAMPLES = 1;
    /** The default normalisation, as {@link Normalisation#parse} reads it. */
    public static final String DEFAULT_NORMALISATION = "batch";

    public static final double DEFAULT_SHARE_WEIGHT = 1.0;
    /** The default training prompts, as {@link TrainingPrompts#parse} reads them. */
    public static final String DEFAULT_PROMPTS = "named";

    public TrainOptions {
        if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        if (batch < 2)
            throw new IllegalArgumentException("batch must be >= 2 (both prompts in every batch), got " + batch);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        if (!(entropyWeight >= 0))
            throw new IllegalArgumentException("entropyWeight must be >= 0, got " + entropyWeight);
        if (!(valueWeight >= 0)) throw new IllegalArgumentException("valueWeight must be >= 0, got " + valueWeight);
        if (!(clipNorm > 0)) throw new IllegalArgumentException("clipNorm must be > 0, got " + clipNorm);
        if (layoutEvery < 1) throw new IllegalArgumentException("layoutEvery must be >= 1, got " + layoutEvery);
        if (evalEvery < 1) throw new IllegalArgumentException("evalEvery must be >= 1, got " + evalEvery);
        if (checkpointEvery < 1)
            throw new IllegalArgumentException("checkpointEvery must be >= 1, got " + checkpointEvery);
        if (validationSize < 1 || validationSize > MAX_VALIDATION_SIZE)
            throw new IllegalArgumentException(
                    "validationSize must be in [1, " + MAX_VALIDATION_SIZE + "], got " + validationSize);
        if (reference == null || reference.isBlank()) throw new IllegalArgumentException("reference is missing");
        if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        if (baseline == null) baseline = samples > 1 ? Baseline.SHARED : Baseline.CRITIC;
        if (normalisation == null) normalisation = Normalisation.parse(DEFAULT_NORMALISATION);
        if (!(shareWeight >= 0) || !Double.isFinite(shareWeight))
            throw new IllegalArgumentException("shareWeight must be >= 0, got " + shareWeight);
        if (prompts == null) prompts = TrainingPrompts.parse(DEFAULT_PROMPTS);
        if (baseline == Baseline.SHARED && samples < 2)
            throw new IllegalArgumentException("samples must be >= 2 for the shared baseline, got " + samples);
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
        b.baseline = baseline;
        b.normalisation = normalisation;
        b.shareWeight = shareWeight;
        b.prompts = prompts;
        return b;
    }

    public static final class Builder {
        private int steps = DEFAULT_STEPS;
        private int batch = DEFAULT_BATCH;
        private long seed = 1;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private double entropyWeight = DEFAULT_ENTROPY_WEIGHT;
        private double valueWeight = 0.5;
        private double clipNorm = 1.0;
        private int layoutEvery = DEFAULT_LAYOUT_EVERY;
        private int evalEvery = DEFAULT_EVAL_EVERY;
        private int checkpointEvery = DEFAULT_CHECKPOINT_EVERY;
        private int validationSize = DEFAULT_VALIDATION_SIZE;
        private String reference = DEFAULT_REFERENCE;
        private int samples = DEFAULT_SAMPLES;
        private Baseline baseline;
        private Normalisation normalisation = Normalisation.parse(DEFAULT_NORMALISATION);
        private double shareWeight = DEFAULT_SHARE_WEIGHT;
        private TrainingPrompts prompts = TrainingPrompts.parse(DEFAULT_PROMPTS);

        /**
         * Training steps (updates) in all, counting those of a resumed run; default
         * {@value TrainOptions#DEFAULT_STEPS}.
         */
        public Builder steps(int v) {
            steps = v;
            return this;
        }

        /**
         * Instances per step, half under each prompt (each slot appears under both); default
         * {@value TrainOptions#DEFAULT_BATCH}.
         */
        public Builder batch(int v) {
            batch = v;
            return this;
        }

        /** Seed of the training data, the sampling and the initial weights; default 1. */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** Adam step size; default {@value TrainOptions#DEFAULT_LEARNING_RATE}. */
        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        /** Weight of the entropy bonus of the option head; default {@value TrainOptions#DEFAULT_ENTROPY_WEIGHT}. */
        public Builder entropyWeight(double v) {
            entropyWeight = v;
            return this;
        }

        /** Weight of the critic's squared error; default 0.5. */
        public Builder valueWeight(double v) {
            valueWeight = v;
            return this;
        }

        /** Global gradient-norm clip; default 1. */
        public Builder clipNorm(double v) {
            clipNorm = v;
            return this;
        }

        /** Steps between fresh server layouts (new worlds); default {@value TrainOptions#DEFAULT_LAYOUT_EVERY}. */
        public Builder layoutEvery(int v) {
            layoutEvery = v;
            return this;
        }

        /**
         * Steps between validation passes (greedy, held-out instances); default
         * {@value TrainOptions#DEFAULT_EVAL_EVERY}.
         */
        public Builder evalEvery(int v) {
            evalEvery = v;
            return this;
        }

        /**
         * Steps between checkpoints; default {@value TrainOptions#DEFAULT_CHECKPOINT_EVERY} (and always at the end).
         */
        public Builder checkpointEvery(int v) {
            checkpointEvery = v;
            return this;
        }

        /**
         * Held-out slots in the validation set (each under both prompts), at most
         * {@value TrainOptions#MAX_VALIDATION_SIZE}; default {@value TrainOptions#DEFAULT_VALIDATION_SIZE}.
         */
        public Builder validationSize(int v) {
            validationSize = v;
            return this;
        }

        /**
         * The policy the validation gap is measured against, when registered, else {@code local}; default
         * {@value TrainOptions#DEFAULT_REFERENCE}.
         */
        public Builder reference(String v) {
            reference = v;
            return this;
        }

        /**
         * Sampled decodings of every (slot, prompt) per step; default {@value TrainOptions#DEFAULT_SAMPLES}. With 1 the
         * advantage's baseline is the critic's value; with k &gt; 1 it is the mean reward of the k decodings of the
         * same slot and prompt (a shared baseline, as POMO uses), and the critic is still trained alongside.
         */
        public Builder samples(int v) {
            samples = v;
            return this;
        }

        /** The advantage's baseline; default: shared with samples &gt; 1, else the critic. */
        public Builder baseline(Baseline v) {
            baseline = v;
            return this;
        }

        /** How advantages are scaled; default {@value TrainOptions#DEFAULT_NORMALISATION}. */
        public Builder normalisation(Normalisation v) {
            normalisation = v;
            return this;
        }

        /**
         * Weight of the share head's policy-gradient term in the actor loss (0: the share head is not trained by ACRL);
         * default {@value TrainOptions#DEFAULT_SHARE_WEIGHT}.
         */
        public Builder shareWeight(double v) {
            shareWeight = v;
            return this;
        }

        /**
         * The prompts the training instances are decided under ({@link TrainingPrompts}); default
         * {@value TrainOptions#DEFAULT_PROMPTS} ({@link TrainingPrompts#NAMED}), the two named prompts alternately.
         */
        public Builder prompts(TrainingPrompts v) {
            prompts = v;
            return this;
        }

        public TrainOptions build() {
            return new TrainOptions(
                    steps,
                    batch,
                    seed,
                    learningRate,
                    entropyWeight,
                    valueWeight,
                    clipNorm,
                    layoutEvery,
                    evalEvery,
                    checkpointEvery,
                    validationSize,
                    reference,
                    samples,
                    baseline,
                    normalisation,
                    shareWeight,
                    prompts);
        }
    }
}
