package org.lambo.aed.alef;

import java.util.List;
import java.util.Map;
import org.lambo.mec.Prompt;

/**
 * The settings of ALEF fine-tuning; build with {@link #builder()}. The one place of their defaults (the
 * {@code DEFAULT_} constants, documented on each setter; {@code lambo finetune}'s flags and help take them from here)
 * and of their rules (the constructor: a refusal begins with the component's name and holds the bad value, so that a
 * command can name its flag). Immutable and validated.
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
 * @param offloadWeight weight of a third loss, the cross-entropy of the expert's local-or-offload choice alone (0:
 *     none, the default)
 * @param rankWeight weight of a ranking loss: within a slot, the offload odds of every UE the expert offloaded above
 *     those of every UE it kept local though a server was open ({@link DecoderFineTuner}; 0: none, the default)
 * @param slotFeatures train the decoder's slot term too: a linear term of per-UE, per-option features of the whole slot
 *     in the option logits ({@link org.lambo.aed.features.SlotFeatures}), whose weights start as the checkpoint holds
 *     them (zero in every shipped one); on by default since session 15 ({@value #DEFAULT_SLOT_FEATURES})
 * @param scope what is fine-tuned: the decoder alone (the article's ALEF, the default), or also the encoder's last
 *     layer, or the whole encoder
 * @param reservation what an offloaded UE reserves when an expert decision is replayed (and the share head learns)
 * @param select keep, each round, the epoch's weights whose decodings of the validation slots are closest to the expert
 * @param validationShare the share of {@code labels} held back for the selection: that many labels / prompts pool
 *     slots, drawn at random (seeded) before the first query, are labelled under every prompt and only ever used to
 *     choose weights, never trained on and never queried; 0 selects on the training labels themselves (in-sample, as
 *     before session 11); ignored (nothing held back) when {@code select} is off
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
        double offloadWeight,
        double rankWeight,
        boolean slotFeatures,
        DecoderFineTuner.Scope scope,
        Demonstration.Reservation reservation,
        boolean select,
        double validationShare,
        double clipNorm,
        long seed,
        List<Prompt> prompts,
        String expert,
        Map<String, String> expertOptions,
        String reference) {
    public static final int DEFAULT_LABELS = 200;
    public static final int DEFAULT_ROUNDS = 4;
    public static final int DEFAULT_POOL = 100;
    public static final int DEFAULT_HELD_OUT = 20;
    public static final int DEFAULT_WORLDS = 1;
    public static final int DEFAULT_EPOCHS = 20;
    public static final int DEFAULT_BATCH = 16;
    public static final double DEFAULT_LEARNING_RATE = 3e-4;
    public static final double DEFAULT_SHARE_WEIGHT = 1;
    /** The default weight of the offload loss: none, the loss of sessions before 12. */
    public static final double DEFAULT_OFFLOAD_WEIGHT = 0;
    /** The default weight of the ranking loss: none, the loss of sessions before 13. */
    public static final double DEFAULT_RANK_WEIGHT = 0;
    /**
     * Whether the slot term is trained by default: yes since session 15, when the slot features gained the greedy
     * packing's offload choice. Measured on drift-slow-servers-light-uploads, min-energy, seeds 3 to 6, and min-latency
     * (docs/ALEF.md, "Session 15").
     */
    public static final boolean DEFAULT_SLOT_FEATURES = true;
    /**
     * The default share of the labels held back for the selection ({@link #validationSlots()}): 0, the selection judges
     * on the training labels. Measured on drift-slow-servers-light-uploads (seeds 3 and 4, docs/ALEF.md), holding back
     * 0.2 closed no more of either prompt's gap (min-latency 90 / 96 % against 93 / 97 %, min-energy 55 / 35 % against
     * 57 / 38 %): the 40 labels it takes from training cost more than the out-of-sample choice brings there.
     */
    public static final double DEFAULT_VALIDATION_SHARE = 0;
    /** The default scope, as {@link DecoderFineTuner.Scope#parse} reads it: the decoder alone, the encoder frozen. */
    public static final String DEFAULT_SCOPE = "decoder";
    /** The default reservation, as {@link Demonstration.Reservation#parse} reads it. */
    public static final String DEFAULT_RESERVATION = "minimum";
    /** The default prompts, as {@link #parsePrompts} reads them. */
    public static final String DEFAULT_PROMPTS = "min-latency,min-energy";

    public static final String DEFAULT_EXPERT = "mip";
    public static final String DEFAULT_REFERENCE = "mip";

    public AlefOptions {
        if (labels < 1) throw new IllegalArgumentException("labels must be >= 1, got " + labels);
        if (rounds < 1) throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
        if (rounds > labels)
            throw new IllegalArgumentException("rounds must be <= labels (" + labels + "), got " + rounds);
        if (pool < 1) throw new IllegalArgumentException("pool must be >= 1, got " + pool);
        if (heldOut < 1) throw new IllegalArgumentException("heldOut must be >= 1, got " + heldOut);
        if (worlds < 1) throw new IllegalArgumentException("worlds must be >= 1, got " + worlds);
        if (fromSlot < 0) throw new IllegalArgumentException("fromSlot must be >= 0, got " + fromSlot);
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        if (!(shareWeight >= 0)) throw new IllegalArgumentException("shareWeight must be >= 0, got " + shareWeight);
        if (!(offloadWeight >= 0 && Double.isFinite(offloadWeight)))
            throw new IllegalArgumentException("offloadWeight must be >= 0, got " + offloadWeight);
        if (!(rankWeight >= 0 && Double.isFinite(rankWeight)))
            throw new IllegalArgumentException("rankWeight must be >= 0, got " + rankWeight);
        if (scope == null) throw new IllegalArgumentException("scope is missing");
        if (reservation == null) throw new IllegalArgumentException("reservation is missing");
        if (!(validationShare >= 0 && validationShare < 1))
            throw new IllegalArgumentException(
                    "validationShare must be >= 0 and < 1 (a share of the labels), got " + validationShare);
        if (!(clipNorm > 0)) throw new IllegalArgumentException("clipNorm must be > 0, got " + clipNorm);
        if (prompts == null || prompts.isEmpty()) throw new IllegalArgumentException("prompts must not be empty");
        prompts = List.copyOf(prompts);
        if (prompts.stream().distinct().count() != prompts.size())
            throw new IllegalArgumentException("prompts repeat: " + prompts);
        for (Prompt p : prompts) {
            if (p.weighted())
                throw new IllegalArgumentException(
                        "prompts hold " + p.id() + ": ALEF's curves and summary are kept per "
                                + "named prompt (min-latency, min-energy); a weighted prompt is not supported here yet");
        }
        if (expert == null || expert.isBlank()) throw new IllegalArgumentException("expert is missing");
        expertOptions = Map.copyOf(expertOptions == null ? Map.of() : expertOptions);
        if (reference == null || reference.isBlank()) throw new IllegalArgumentException("reference is missing");
        if (select && validationShare > 0) {
            int slots = (int) Math.round(labels * validationShare / prompts.size());
            if (slots >= pool)
                throw new IllegalArgumentException(
                        "validationShare must leave the queries part of the pool: " + validationShare + " of " + labels
                                + " labels holds back " + slots + " slots of a pool of " + pool);
            int left = labels - slots * prompts.size();
            if (left < rounds)
                throw new IllegalArgumentException("validationShare must leave at least one label a round: "
                        + validationShare + " of " + labels + " labels leaves " + left + " for " + rounds + " rounds");
        }
    }

    /**
     * The pool slots held back for the selection, each labelled under every prompt: round(labels x validationShare /
     * prompts); 0 when {@code select} is off, when {@code validationShare} is 0, or when the budget is too small to
     * hold back one slot (under 2.5 labels a prompt at the default share): then the selection judges on the training
     * labels, and the summary says so (0 held back).
     */
    public int validationSlots() {
        return select ? (int) Math.round(labels * validationShare / prompts.size()) : 0;
    }

    /** The labels the queries may ask for: {@code labels} less the validation slots' labels. */
    public int queryLabels() {
        return labels - validationSlots() * prompts.size();
    }

    /**
     * Labels queried in round {@code r} (1-based): {@link #queryLabels()} / rounds, one more in the first
     * {@code queryLabels() % rounds} rounds.
     */
    public int budget(int r) {
        if (r < 1 || r > rounds) throw new IllegalArgumentException("round must be in 1.." + rounds + ", got " + r);
        int q = queryLabels();
        return q / rounds + (r <= q % rounds ? 1 : 0);
    }

    /**
     * Prompts as a comma-separated list ({@code min-latency,min-energy}), each as {@link Prompt#parse} reads it.
     *
     * @throws IllegalArgumentException beginning with {@code prompts}: a prompt not known
     */
    public static List<Prompt> parsePrompts(String text) {
        List<Prompt> out = new java.util.ArrayList<>();
        for (String p : String.valueOf(text).split(",")) {
            try {
                out.add(Prompt.parse(p.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("prompts " + e.getMessage());
            }
        }
        return out;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults as documented on each setter. */
    public static final class Builder {
        private int labels = DEFAULT_LABELS;
        private int rounds = DEFAULT_ROUNDS;
        private int pool = DEFAULT_POOL;
        private int heldOut = DEFAULT_HELD_OUT;
        private int worlds = DEFAULT_WORLDS;
        private int fromSlot = 0;
        private int epochs = DEFAULT_EPOCHS;
        private int batch = DEFAULT_BATCH;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private double shareWeight = DEFAULT_SHARE_WEIGHT;
        private double offloadWeight = DEFAULT_OFFLOAD_WEIGHT;
        private double rankWeight = DEFAULT_RANK_WEIGHT;
        private boolean slotFeatures = DEFAULT_SLOT_FEATURES;
        private DecoderFineTuner.Scope scope = DecoderFineTuner.Scope.parse(DEFAULT_SCOPE);
        private Demonstration.Reservation reservation = Demonstration.Reservation.parse(DEFAULT_RESERVATION);
        private boolean select = true;
        private double validationShare = DEFAULT_VALIDATION_SHARE;
        private double clipNorm = 1;
        private long seed = 1;
        private List<Prompt> prompts = parsePrompts(DEFAULT_PROMPTS);
        private String expert = DEFAULT_EXPERT;
        private Map<String, String> expertOptions = Map.of();
        private String reference = DEFAULT_REFERENCE;

        /** Total label budget; default {@value AlefOptions#DEFAULT_LABELS}. */
        public Builder labels(int v) {
            labels = v;
            return this;
        }

        /** Query rounds, at most the labels; default {@value AlefOptions#DEFAULT_ROUNDS}. */
        public Builder rounds(int v) {
            rounds = v;
            return this;
        }

        /** Unlabelled pool slots; default {@value AlefOptions#DEFAULT_POOL}. */
        public Builder pool(int v) {
            pool = v;
            return this;
        }

        /** Held-out slots; default {@value AlefOptions#DEFAULT_HELD_OUT}. */
        public Builder heldOut(int v) {
            heldOut = v;
            return this;
        }

        /**
         * Worlds (server layouts) the slots come from; default {@value AlefOptions#DEFAULT_WORLDS}, the one deployed
         * system.
         */
        public Builder worlds(int v) {
            worlds = v;
            return this;
        }

        /** First slot drawn; default 0 (set it to the drift's slot). */
        public Builder fromSlot(int v) {
            fromSlot = v;
            return this;
        }

        /** Passes over the labels after each round; default {@value AlefOptions#DEFAULT_EPOCHS}. */
        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        /** Demonstrations per gradient step; default {@value AlefOptions#DEFAULT_BATCH}. */
        public Builder batch(int v) {
            batch = v;
            return this;
        }

        /** Adam step size; default {@value AlefOptions#DEFAULT_LEARNING_RATE}. */
        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        /** Weight of the share loss; default {@value AlefOptions#DEFAULT_SHARE_WEIGHT}. */
        public Builder shareWeight(double v) {
            shareWeight = v;
            return this;
        }

        /** Weight of the offload loss; default {@value AlefOptions#DEFAULT_OFFLOAD_WEIGHT} (none). */
        public Builder offloadWeight(double v) {
            offloadWeight = v;
            return this;
        }

        /** Weight of the ranking loss; default {@value AlefOptions#DEFAULT_RANK_WEIGHT} (none). */
        public Builder rankWeight(double v) {
            rankWeight = v;
            return this;
        }

        /** What is fine-tuned; default {@value AlefOptions#DEFAULT_SCOPE} (the encoder frozen, as in the article). */
        /** Train the decoder's slot term too; default {@value AlefOptions#DEFAULT_SLOT_FEATURES}. */
        public Builder slotFeatures(boolean v) {
            slotFeatures = v;
            return this;
        }

        public Builder scope(DecoderFineTuner.Scope v) {
            scope = v;
            return this;
        }

        /** What a replayed offloaded UE reserves; default {@value AlefOptions#DEFAULT_RESERVATION}. */
        public Builder reservation(Demonstration.Reservation v) {
            reservation = v;
            return this;
        }

        /** Keep each round's best epoch on the validation slots; default true. */
        public Builder select(boolean v) {
            select = v;
            return this;
        }

        /**
         * Share of the labels held back for the selection, in [0, 1); default
         * {@value AlefOptions#DEFAULT_VALIDATION_SHARE} (0: select on the training labels).
         */
        public Builder validationShare(double v) {
            validationShare = v;
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

        /** Prompts; default {@value AlefOptions#DEFAULT_PROMPTS}. */
        public Builder prompts(List<Prompt> v) {
            prompts = v;
            return this;
        }

        /** Expert policy name; default {@value AlefOptions#DEFAULT_EXPERT}. */
        public Builder expert(String v) {
            expert = v;
            return this;
        }

        /** Expert options ({@code mip.gap=1e-3}); default none. */
        public Builder expertOptions(Map<String, String> v) {
            expertOptions = v;
            return this;
        }

        /** Reference of the held-out gap; default {@value AlefOptions#DEFAULT_REFERENCE}. */
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
                    offloadWeight,
                    rankWeight,
                    slotFeatures,
                    scope,
                    reservation,
                    select,
                    validationShare,
                    clipNorm,
                    seed,
                    prompts,
                    expert,
                    expertOptions,
                    reference);
        }
    }
}
