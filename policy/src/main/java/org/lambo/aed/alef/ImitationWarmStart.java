package org.lambo.aed.alef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.commons.math3.random.RandomGenerator;
import org.lambo.aed.AedModel;
import org.lambo.mec.Decision;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.rng.Seeds;
import org.lambo.scenario.ScenarioSource;

/**
 * Behaviour cloning of the whole actor (encoder and decoder) on expert labels, as a warm start before ACRL
 * ({@code lambo train --imitate}).
 *
 * <p>Policy-gradient training from random weights spends its first hundreds of steps finding what an expert already
 * knows: which UEs gain by offloading at all. Here {@code slots} training slots, each from a world of its own (a fresh
 * server layout), are labelled under each prompt by that prompt's expert (say {@code de} for min-latency, {@code mip}
 * for min-energy, which it solves exactly in milliseconds); the labels are replayed UE by UE ({@link Demonstration},
 * minimum-share reservations) and the encoder and decoder are trained on them by teacher forcing for {@code epochs}
 * passes ({@link DecoderFineTuner.Scope#ACTOR}). The critic is left to ACRL, which starts from these weights.
 *
 * <p>The slots are drawn from the stream {@code "imitation"} of the seed, which neither the training batches
 * ({@code "train"}) nor the validation set ({@code "validation"}) use.
 */
public final class ImitationWarmStart {
    /**
     * @param experts the labelling policy of each prompt (every prompt of the map is labelled)
     * @param expertSettings seed and options of the experts ({@code de.timeLimitMs=...})
     * @param slots training slots labelled under every prompt, &gt;= 1
     * @param epochs passes over the labels, &gt;= 1
     * @param batch demonstrations per gradient step, &gt;= 1
     * @param learningRate Adam step size, &gt; 0
     * @param clipNorm global gradient-norm clip, &gt; 0
     * @param shareWeight weight of the share loss, &gt;= 0
     * @param seed the scenario seed the slots and the shuffling derive from
     */
    public record Options(
            Map<Prompt, String> experts,
            PolicySettings expertSettings,
            int slots,
            int epochs,
            int batch,
            double learningRate,
            double clipNorm,
            double shareWeight,
            long seed) {
        public Options {
            if (experts == null || experts.isEmpty())
                throw new IllegalArgumentException("imitation needs an expert for at least one prompt");
            experts = Map.copyOf(new TreeMap<>(experts));
            Objects.requireNonNull(expertSettings, "expertSettings");
            if (slots < 1) throw new IllegalArgumentException("imitation slots must be >= 1, got " + slots);
            if (epochs < 1) throw new IllegalArgumentException("imitation epochs must be >= 1, got " + epochs);
            if (batch < 1) throw new IllegalArgumentException("imitation batch must be >= 1, got " + batch);
            if (!(learningRate > 0))
                throw new IllegalArgumentException("imitation learning rate must be > 0, got " + learningRate);
            if (!(clipNorm > 0)) throw new IllegalArgumentException("imitation clip norm must be > 0, got " + clipNorm);
            if (!(shareWeight >= 0))
                throw new IllegalArgumentException("imitation share weight must be >= 0, got " + shareWeight);
        }
    }

    /** The replayed labels, and how many labels the replay refused. */
    public record Labels(List<Demonstration> demonstrations, int skipped) {
        public Labels {
            demonstrations = List.copyOf(demonstrations);
        }
    }

    /**
     * What one epoch did: the mean loss before its steps, and the labelled slots' own greedy gap to their labels after
     * it.
     */
    public record Epoch(int epoch, double loss, double crossEntropy, double labelledGap) {}

    /** The labels and what training on them did. */
    public record Result(int labels, int skipped, double labelSeconds, double trainSeconds, List<Epoch> epochs) {
        public Result {
            epochs = List.copyOf(epochs);
        }
    }

    private final ScenarioSource scenario;
    private final Options opts;

    public ImitationWarmStart(ScenarioSource scenario, Options opts) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.opts = Objects.requireNonNull(opts, "opts");
    }

    /** The slots labelled: the first slot of {@code slots} worlds of their own. */
    public List<Instance> slots() {
        List<Instance> out = new ArrayList<>(opts.slots());
        for (int k = 0; k < opts.slots(); k++) out.add(scenario.firstSlot(Seeds.derive(opts.seed(), "imitation", k)));
        return out;
    }

    /**
     * Labels every slot under every prompt of {@link Options#experts()}; a label the replay refuses (round-off at a
     * full server) is skipped and counted.
     *
     * @param onLabel told after every label (for a progress bar); may be null
     */
    public Labels label(List<Instance> slots, Runnable onLabel) {
        Map<Prompt, OffloadingPolicy> experts = new TreeMap<>();
        for (Map.Entry<Prompt, String> e : opts.experts().entrySet()) {
            experts.put(
                    e.getKey(),
                    Policies.create(
                            e.getValue(),
                            opts.expertSettings().withSeed(Seeds.derive(opts.seed(), "imitation.expert"))));
        }
        List<Demonstration> demos = new ArrayList<>();
        int skipped = 0;
        for (Instance inst : slots) {
            for (Map.Entry<Prompt, OffloadingPolicy> e : experts.entrySet()) {
                Decision d = e.getValue().decide(inst, e.getKey());
                DecisionValidator.requireValid(inst, d, e.getValue().name());
                try {
                    demos.add(Demonstration.replay(inst, e.getKey(), d, Demonstration.Reservation.MINIMUM));
                } catch (IllegalArgumentException ex) {
                    skipped++;
                }
                if (onLabel != null) onLabel.run();
            }
        }
        experts.values().forEach(OffloadingPolicy::close); // made above (an exception leaves them to the JVM's exit)
        return new Labels(demos, skipped);
    }

    /**
     * Labels the slots and trains the actor of {@code model} on them.
     *
     * @param onLabel told after every label; may be null
     * @param onEpoch told after every epoch; may be null
     */
    public Result run(AedModel model, Runnable onLabel, Consumer<Epoch> onEpoch) {
        long t0 = System.nanoTime();
        Labels labels = label(slots(), onLabel);
        List<Demonstration> demos = labels.demonstrations();
        double labelSeconds = (System.nanoTime() - t0) / 1e9;
        if (demos.isEmpty()) throw new IllegalStateException("no expert label could be replayed: nothing to imitate");
        long t1 = System.nanoTime();
        DecoderFineTuner tuner = new DecoderFineTuner(
                model, DecoderFineTuner.Scope.ACTOR, opts.learningRate(), opts.clipNorm(), opts.shareWeight());
        List<Epoch> epochs = new ArrayList<>();
        for (int e = 1; e <= opts.epochs(); e++) {
            RandomGenerator shuffle = Seeds.stream(opts.seed(), "imitation.shuffle", e);
            DecoderFineTuner.Loss l = tuner.epoch(demos, opts.batch(), shuffle);
            Epoch row = new Epoch(e, l.total(), l.crossEntropy(), tuner.labelledGap(demos));
            epochs.add(row);
            if (onEpoch != null) onEpoch.accept(row);
        }
        return new Result(demos.size(), labels.skipped(), labelSeconds, (System.nanoTime() - t1) / 1e9, epochs);
    }
}
