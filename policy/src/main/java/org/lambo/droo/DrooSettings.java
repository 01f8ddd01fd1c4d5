package org.lambo.droo;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.lambo.io.InputException;
import org.lambo.policy.PolicySettings;

/**
 * The hyper-parameters of DROO (Huang, Bi and Zhang, "Deep Reinforcement Learning for Online Computation Offloading in
 * Wireless Powered Mobile-Edge Computing Networks", IEEE TMC 2020). The defaults are the paper's where the paper has
 * one (memory 1024, batch 128, training interval 10, adaptive K every 32 frames, K up to N, Adam); the network is wider
 * than the paper's 120-80 because its input is the whole slot (N x (2M + 3) + 2M features), not N channel gains.
 * Immutable; build with {@link #builder()} or read from policy options with {@link #fromOptions}.
 *
 * @param hidden widths of the hidden ReLU layers, each &gt;= 1 (default 256, 128)
 * @param learningRate Adam step size, &gt; 0 (default 1e-3)
 * @param memorySize replay memory capacity in frames, &gt;= 1 (default 1024)
 * @param batchSize frames per training step, sampled uniformly with replacement (default 128)
 * @param trainingInterval frames between two training steps (the paper's delta, default 10)
 * @param maxCandidates the most candidate decisions quantised per frame; 0 means N, the paper's choice (default 0)
 * @param adaptInterval frames between two updates of the adaptive K (the paper's Delta), 0 keeps K fixed at its maximum
 *     (default 32)
 * @param learn whether {@code decide} keeps training online (store the best candidate, train every
 *     {@code trainingInterval} frames), as DROO does (default true)
 */
public record DrooSettings(
        int[] hidden,
        double learningRate,
        int memorySize,
        int batchSize,
        int trainingInterval,
        int maxCandidates,
        int adaptInterval,
        boolean learn) {
    /** Option keys, as given to {@code --option} of {@code lambo bench} and {@code lambo solve}. */
    public static final String HIDDEN = "droo.hidden";

    public static final String LEARNING_RATE = "droo.lr";
    public static final String MEMORY = "droo.memory";
    public static final String BATCH = "droo.batch";
    public static final String INTERVAL = "droo.interval";
    public static final String CANDIDATES = "droo.k";
    public static final String ADAPT = "droo.adapt";
    public static final String LEARN = "droo.learn";
    public static final String CHECKPOINT = "droo.checkpoint";

    /** Every option key DROO reads. */
    public static final List<String> KNOWN =
            List.of(HIDDEN, LEARNING_RATE, MEMORY, BATCH, INTERVAL, CANDIDATES, ADAPT, LEARN, CHECKPOINT);

    private static final double DEFAULT_LR = 1e-3;

    public DrooSettings {
        if (hidden == null || hidden.length == 0)
            throw new IllegalArgumentException("DROO needs at least one hidden layer");
        hidden = hidden.clone();
        for (int h : hidden) {
            if (h < 1)
                throw new IllegalArgumentException("hidden layer widths must be >= 1, got " + Arrays.toString(hidden));
        }
        if (!(learningRate > 0 && learningRate < 1))
            throw new IllegalArgumentException("learning rate must be in (0, 1), got " + learningRate);
        if (memorySize < 1) throw new IllegalArgumentException("memory size must be >= 1, got " + memorySize);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (trainingInterval < 1)
            throw new IllegalArgumentException("training interval must be >= 1, got " + trainingInterval);
        if (maxCandidates < 0)
            throw new IllegalArgumentException("max candidates must be >= 0 (0 = N), got " + maxCandidates);
        if (adaptInterval < 0)
            throw new IllegalArgumentException("adapt interval must be >= 0 (0 = fixed K), got " + adaptInterval);
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /** K for a slot of n UEs: {@code maxCandidates}, or n when it is 0. */
    public int candidatesFor(int n) {
        return maxCandidates == 0 ? n : maxCandidates;
    }

    public DrooSettings withLearn(boolean on) {
        return new DrooSettings(
                hidden, learningRate, memorySize, batchSize, trainingInterval, maxCandidates, adaptInterval, on);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static DrooSettings defaults() {
        return builder().build();
    }

    /**
     * Reads the {@code droo.*} options (unknown {@code droo.} keys are an error, so a typo does not silently fall back
     * to a default).
     *
     * @throws InputException naming the option and the bad value
     */
    public static DrooSettings fromOptions(PolicySettings s) {
        for (String key : s.options().keySet()) {
            if (key.startsWith("droo.") && !KNOWN.contains(key)) {
                throw new InputException(
                        "option", key, "is not a DROO option (known: " + String.join(", ", KNOWN) + ")");
            }
        }
        Builder b = builder()
                .learningRate(s.doubleOption(LEARNING_RATE, DEFAULT_LR, 1e-7, 0.5))
                .memorySize(s.intOption(MEMORY, 1024, 1, 1 << 22))
                .batchSize(s.intOption(BATCH, 128, 1, 1 << 16))
                .trainingInterval(s.intOption(INTERVAL, 10, 1, 1 << 20))
                .maxCandidates(s.intOption(CANDIDATES, 0, 0, 1 << 16))
                .adaptInterval(s.intOption(ADAPT, 32, 0, 1 << 20));
        String hidden = s.options().get(HIDDEN);
        if (hidden != null) b.hidden(parseHidden(hidden));
        String learn = s.options().get(LEARN);
        if (learn != null) {
            String v = learn.trim().toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false"))
                throw new InputException("option", LEARN, "must be true or false, got '" + learn + "'");
            b.learn(v.equals("true"));
        }
        return b.build();
    }

    private static int[] parseHidden(String text) {
        String[] parts = text.split("[,x ]+");
        int[] out = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            try {
                out[k] = Integer.parseInt(parts[k].trim());
            } catch (NumberFormatException e) {
                throw new InputException(
                        "option", HIDDEN, "must be comma-separated layer widths such as 256,128, got '" + text + "'");
            }
            if (out[k] < 1 || out[k] > 1 << 14)
                throw new InputException("option", HIDDEN, "widths must be in [1, 16384], got '" + text + "'");
        }
        return out;
    }

    /** Builder with the defaults of the record's documentation. */
    public static final class Builder {
        private int[] hidden = {256, 128};
        private double learningRate = DEFAULT_LR;
        private int memorySize = 1024;
        private int batchSize = 128;
        private int trainingInterval = 10;
        private int maxCandidates = 0;
        private int adaptInterval = 32;
        private boolean learn = true;

        private Builder() {}

        public Builder hidden(int... widths) {
            this.hidden = widths.clone();
            return this;
        }

        public Builder learningRate(double v) {
            this.learningRate = v;
            return this;
        }

        public Builder memorySize(int v) {
            this.memorySize = v;
            return this;
        }

        public Builder batchSize(int v) {
            this.batchSize = v;
            return this;
        }

        public Builder trainingInterval(int v) {
            this.trainingInterval = v;
            return this;
        }

        public Builder maxCandidates(int v) {
            this.maxCandidates = v;
            return this;
        }

        public Builder adaptInterval(int v) {
            this.adaptInterval = v;
            return this;
        }

        public Builder learn(boolean v) {
            this.learn = v;
            return this;
        }

        public DrooSettings build() {
            return new DrooSettings(
                    hidden, learningRate, memorySize, batchSize, trainingInterval, maxCandidates, adaptInterval, learn);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DrooSettings d
                && Arrays.equals(hidden, d.hidden)
                && learningRate == d.learningRate
                && memorySize == d.memorySize
                && batchSize == d.batchSize
                && trainingInterval == d.trainingInterval
                && maxCandidates == d.maxCandidates
                && adaptInterval == d.adaptInterval
                && learn == d.learn;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hidden) * 31
                + Objects.hash(
                        learningRate, memorySize, batchSize, trainingInterval, maxCandidates, adaptInterval, learn);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "DrooSettings[hidden=%s, lr=%g, memory=%d, batch=%d, interval=%d, k=%s, adapt=%d, learn=%b]",
                Arrays.toString(hidden),
                learningRate,
                memorySize,
                batchSize,
                trainingInterval,
                maxCandidates == 0 ? "N" : maxCandidates,
                adaptInterval,
                learn);
    }
}
