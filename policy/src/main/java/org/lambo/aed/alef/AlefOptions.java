package org.lambo.aed.alef;

import java.util.List;
import java.util.Map;
import org.lambo.mec.Prompt;

/**
 * The settings of ALEF fine-tuning; build with {@link #builder()}, whose defaults are documented on each setter.
 * Immutable and validated (the bad value is in the message).
 *
 * @param labels total label budget: expert solves of one (slot, prompt)
 * @param rounds query rounds; each queries labels / rounds (the remainder goes to the first rounds)
 * @param pool unlabelled slots of the drifted environment the queries choose from (each under every prompt)
 * @param heldOut held-out slots (each under every prompt) on which the gap to the reference is measured
 * @param worlds independent worlds (server layouts) the pool and held-out slots are spread over
 * @param fromSlot the first slot drawn (the drift's slot: everything is drawn from the changed environment)
 * @param epochs passes over all labels gathered so far after each round's query
 * @param batch demonstrations per gradient step
 * @param learningRate Adam step size of the decoder
 * @param shareWeight weight of the share head's loss next to the option cross-entropy (0: options only)
 * @param reservation what an offloaded UE reserves when an expert decision is replayed (and the share head learns)
 * @param select keep, each round, the epoch's weights whose decodings of the labelled slots are closest to the expert
 * @param clipNorm global gradient-norm clip
 * @param seed seed of worlds, expert, shuffling
 * @param prompts the prompts the candidates are decoded and labelled under
 * @param expert the labelling policy, by registered name ({@code mip}, {@code de}, {@code exhaustive})
 * @param expertOptions its {@code key=value} options
 * @param reference the policy the held-out gap is measured against (default {@code mip})
 */
public record AlefOptions(
        int labels,
        int rounds,
        int pool,
        int heldOut,
        int worlds,
        int fromSlot,
        int epochs,
        int batch,
        double learningRate,
        double shareWeight,
        Demonstration.Reservation reservation,
        boolean select,
        double clipNorm,
        long seed,
        List<Prompt> prompts,
        String expert,
        Map<String, String> expertOptions,
        String reference) {
    public AlefOptions {
        if (labels < 1) throw new IllegalArgumentException("labels must be >= 1, got " + labels);
        if (rounds < 1) throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
        if (rounds > labels)
            throw new IllegalArgumentException("rounds must be <= labels (" + labels + "), got " + rounds);
        if (pool < 1) throw new IllegalArgumentException("pool must be >= 1, got " + pool);
        if (heldOut < 1) throw new IllegalArgumentException("held-out must be >= 1, got " + heldOut);
        if (worlds < 1) throw new IllegalArgumentException("worlds must be >= 1, got " + worlds);
        if (fromSlot < 0) throw new IllegalArgumentException("from-slot must be >= 0, got " + fromSlot);
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        if (!(shareWeight >= 0)) throw new IllegalArgumentException("share weight must be >= 0, got " + shareWeight);
        if (reservation == null) throw new IllegalArgumentException("reservation is missing");
        if (!(clipNorm > 0)) throw new IllegalArgumentException("clip norm must be > 0, got " + clipNorm);
        if (prompts == null || prompts.isEmpty()) throw new IllegalArgumentException("prompts must not be empty");
        prompts = List.copyOf(prompts);
        if (prompts.stream().distinct().count() != prompts.size())
            throw new IllegalArgumentException("prompts repeat: " + prompts);
        if (expert == null || expert.isBlank()) throw new IllegalArgumentException("expert is missing");
        expertOptions = Map.copyOf(expertOptions == null ? Map.of() : expertOptions);
        if (reference == null || reference.isBlank()) throw new IllegalArgumentException("reference policy is missing");
    }

    /** Labels queried in round {@code r} (1-based): labels / rounds, one more in the first labels % rounds rounds. */
    public int budget(int r) {
        if (r < 1 || r > rounds) throw new IllegalArgumentException("round must be in 1.." + rounds + ", got " + r);
        return labels / rounds + (r <= labels % rounds ? 1 : 0);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults as documented on each setter. */
    public static final class Builder {
        private int labels = 200;
        private int rounds = 4;
        private int pool = 100;
        private int heldOut = 20;
        private int worlds = 1;
        private int fromSlot = 0;
        private int epochs = 20;
        private int batch = 16;
        private double learningRate = 3e-4;
        private double shareWeight = 1;
        private Demonstration.Reservation reservation = Demonstration.Reservation.MINIMUM;
        private boolean select = true;
        private double clipNorm = 1;
        private long seed = 1;
        private List<Prompt> prompts = List.of(Prompt.values());
        private String expert = "mip";
        private Map<String, String> expertOptions = Map.of();
        private String reference = "mip";

        /** Total label budget; default 200. */
        public Builder labels(int v) {
            labels = v;
            return this;
        }

        /** Query rounds; default 4. */
        public Builder rounds(int v) {
            rounds = v;
            return this;
        }

        /** Unlabelled pool slots; default 100. */
        public Builder pool(int v) {
            pool = v;
            return this;
        }

        /** Held-out slots; default 20. */
        public Builder heldOut(int v) {
            heldOut = v;
            return this;
        }

        /** Worlds (server layouts) the slots come from; default 1, the one deployed system. */
        public Builder worlds(int v) {
            worlds = v;
            return this;
        }

        /** First slot drawn; default 0 (set it to the drift's slot). */
        public Builder fromSlot(int v) {
            fromSlot = v;
            return this;
        }

        /** Passes over the labels after each round; default 20. */
        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        /** Demonstrations per gradient step; default 16. */
        public Builder batch(int v) {
            batch = v;
            return this;
        }

        /** Adam step size; default 3e-4. */
        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        /** Weight of the share loss; default 1. */
        public Builder shareWeight(double v) {
            shareWeight = v;
            return this;
        }

        /** What a replayed offloaded UE reserves; default {@link Demonstration.Reservation#MINIMUM}. */
        public Builder reservation(Demonstration.Reservation v) {
            reservation = v;
            return this;
        }

        /** Keep each round's best epoch on the labelled slots; default true. */
        public Builder select(boolean v) {
            select = v;
            return this;
        }

        /** Global gradient-norm clip; default 1. */
        public Builder clipNorm(double v) {
            clipNorm = v;
            return this;
        }

        /** Seed; default 1. */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** Prompts; default both. */
        public Builder prompts(List<Prompt> v) {
            prompts = v;
            return this;
        }

        /** Expert policy name; default mip. */
        public Builder expert(String v) {
            expert = v;
            return this;
        }

        /** Expert options ({@code mip.gap=1e-3}); default none. */
        public Builder expertOptions(Map<String, String> v) {
            expertOptions = v;
            return this;
        }

        /** Reference of the held-out gap; default mip. */
        public Builder reference(String v) {
            reference = v;
            return this;
        }

        public AlefOptions build() {
            return new AlefOptions(
                    labels,
                    rounds,
                    pool,
                    heldOut,
                    worlds,
                    fromSlot,
                    epochs,
                    batch,
                    learningRate,
                    shareWeight,
                    reservation,
                    select,
                    clipNorm,
                    seed,
                    prompts,
                    expert,
                    expertOptions,
                    reference);
        }
    }
}
