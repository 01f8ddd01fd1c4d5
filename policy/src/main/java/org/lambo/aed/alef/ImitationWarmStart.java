package org.lambo.aed.alef;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.commons.math3.random.RandomGenerator;
import org.lambo.aed.AedModel;
import org.lambo.io.InputException;
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
 * minimum-share reservations, share targets floored at {@link Demonstration#WARM_START_FRACTION_FLOOR}) and the encoder
 * and decoder are trained on them by teacher forcing for {@code epochs} passes ({@link DecoderFineTuner.Scope#ACTOR}).
 * The critic is left to ACRL, which starts from these weights.
 *
 * <p>The slots are drawn from the stream {@code "imitation"} of the seed, which neither the training batches
 * ({@code "train"}) nor the validation set ({@code "validation"}) use.
 */
public final class ImitationWarmStart {
    /**
     * @param experts the labelling policy of each prompt (every prompt of the map is labelled)
     * @param expertSettings seed and options of the experts ({@code de.timeLimitMs=...})
     * @param slots training slots labelled under every prompt, &gt;= 1 ({@code lambo train}'s default
     *     {@value #DEFAULT_SLOTS})
     * @param epochs passes over the labels, &gt;= 1 (default {@value #DEFAULT_EPOCHS})
     * @param batch demonstrations per gradient step, &gt;= 1
     * @param learningRate Adam step size, &gt; 0 (default {@value #DEFAULT_LEARNING_RATE})
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
        public static final int DEFAULT_SLOTS = 256;
        public static final int DEFAULT_EPOCHS = 30;
        public static final double DEFAULT_LEARNING_RATE = 1e-3;

        /** A refusal begins with the component's name, so that a command can name its flag. */
        public Options {
            if (experts == null || experts.isEmpty())
                throw new IllegalArgumentException("experts must name an expert for at least one prompt");
            experts = java.util.Collections.unmodifiableMap(
                    new TreeMap<>(experts)); // prompt order, the same in every JVM (Map.copyOf is not)
            Objects.requireNonNull(expertSettings, "expertSettings");
            if (slots < 1) throw new IllegalArgumentException("slots must be >= 1, got " + slots);
            if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
            if (!(learningRate > 0))
                throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
            if (!(clipNorm > 0)) throw new IllegalArgumentException("clipNorm must be > 0, got " + clipNorm);
            if (!(shareWeight >= 0)) throw new IllegalArgumentException("shareWeight must be >= 0, got " + shareWeight);
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

    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** The folder of the warm start's state inside a run folder. */
    public static final String STATE = "imitation";
    /** The labels file inside {@link #STATE}. */
    public static final String LABELS = "labels.jsonl";
    /** The file inside {@link #STATE} naming the last finished epoch (written atomically after its snapshot). */
    public static final String LATEST = "latest-epoch";
    /** The optimiser state inside the latest epoch's snapshot. */
    public static final String OPTIMIZER = "adam.state";

    /** The snapshot folder of an epoch inside {@link #STATE}. */
    public static Path snapshot(Path state, int epoch) {
        return state.resolve(String.format(Locale.ROOT, "epoch-%03d", epoch));
    }

    /**
     * The last epoch whose snapshot is complete (0: none), as {@link #LATEST} says.
     *
     * @throws InputException naming the file when it does not hold an epoch with a snapshot
     */
    public static int latestEpoch(Path state) {
        Path f = state.resolve(LATEST);
        if (!Files.exists(f)) return 0;
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new InputException(f.toString(), "", "cannot be read: " + e.getMessage());
        }
        int epoch;
        try {
            epoch = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InputException(f + ":1", "", "is '" + text + "', not an epoch number");
        }
        if (epoch < 1 || !Files.isRegularFile(snapshot(state, epoch).resolve(AedModel.META)))
            throw new InputException(f + ":1", "", "names epoch " + epoch + ", which has no snapshot");
        return epoch;
    }

    /**
     * Labels every slot under every prompt of {@link Options#experts()}; a label the replay refuses (round-off at a
     * full server) is skipped and counted.
     *
     * @param onLabel told after every label (for a progress bar); may be null
     */
    public Labels label(List<Instance> slots, Runnable onLabel) {
        return label(slots, onLabel, null, null);
    }

    /**
     * As {@link #label(List, Runnable)}, keeping the labels in {@code store}: the labels it already holds are taken
     * from it (checked against the slots and experts), the missing ones computed and appended as each arrives.
     *
     * @param store the labels file, or null to keep nothing
     * @param notice told of a repair of the file; may be null
     */
    public Labels label(List<Instance> slots, Runnable onLabel, LabelsFile store, Consumer<String> notice) {
        Map<LabelsFile.Key, Decision> known = store == null ? Map.of() : store.read(slots, opts.experts(), notice);
        Map<Prompt, OffloadingPolicy> experts = new TreeMap<>();
        List<Demonstration> demos = new ArrayList<>();
        int skipped = 0;
        try {
            for (int k = 0; k < slots.size(); k++) {
                Instance inst = slots.get(k);
                for (Map.Entry<Prompt, String> e : opts.experts().entrySet()) {
                    Decision d = known.get(new LabelsFile.Key(k, e.getKey()));
                    if (d == null) {
                        OffloadingPolicy expert = experts.computeIfAbsent(
                                e.getKey(),
                                p -> Policies.create(
                                        e.getValue(),
                                        opts.expertSettings().withSeed(Seeds.derive(opts.seed(), "imitation.expert"))));
                        d = expert.decide(inst, e.getKey());
                        DecisionValidator.requireValid(inst, d, expert.name());
                        if (store != null) store.append(k, inst, e.getKey(), e.getValue(), d);
                    }
                    try {
                        demos.add(Demonstration.replay(
                                inst,
                                e.getKey(),
                                d,
                                Demonstration.Reservation.MINIMUM,
                                Demonstration.WARM_START_FRACTION_FLOOR));
                    } catch (IllegalArgumentException ex) {
                        skipped++;
                    }
                    if (onLabel != null) onLabel.run();
                }
            }
        } finally {
            experts.values().forEach(OffloadingPolicy::close);
        }
        return new Labels(demos, skipped);
    }

    /**
     * Labels the slots and trains the actor of {@code model} on them.
     *
     * @param onLabel told after every label; may be null
     * @param onEpoch told after every epoch; may be null
     */
    public Result run(AedModel model, Runnable onLabel, Consumer<Epoch> onEpoch) {
        return run(model, onLabel, onEpoch, null, null);
    }

    /**
     * Labels the slots and trains the actor of {@code model} on them, keeping the state in {@code state} (a folder,
     * {@value #STATE}/ of a run folder) so that a stopped run continues where it stopped: the labels in
     * {@value #LABELS} ({@link LabelsFile}), and after every epoch a snapshot {@code epoch-NNN/} in the checkpoint
     * format (its JSON's {@code imitation.epoch} the epoch) with the optimiser state, then {@value #LATEST} naming it.
     * When {@code state} already names a finished epoch E, {@code model} must hold that epoch's weights (load
     * {@link #snapshot}{@code (state, E)}); the optimiser state is restored here and training goes on at epoch E + 1.
     * Every epoch's shuffle derives from the seed and the epoch number, so a resumed run takes the steps the
     * uninterrupted one would have taken.
     *
     * @param state the state folder, or null to keep nothing
     * @param notice told of a repair of the labels file; may be null
     */
    public Result run(AedModel model, Runnable onLabel, Consumer<Epoch> onEpoch, Path state, Consumer<String> notice) {
        long t0 = System.nanoTime();
        Labels labels = label(slots(), onLabel, state == null ? null : new LabelsFile(state.resolve(LABELS)), notice);
        List<Demonstration> demos = labels.demonstrations();
        double labelSeconds = (System.nanoTime() - t0) / 1e9;
        if (demos.isEmpty()) throw new IllegalStateException("no expert label could be replayed: nothing to imitate");
        long t1 = System.nanoTime();
        DecoderFineTuner tuner = new DecoderFineTuner(
                model, DecoderFineTuner.Scope.ACTOR, opts.learningRate(), opts.clipNorm(), opts.shareWeight());
        int done = state == null ? 0 : latestEpoch(state);
        if (done > 0) {
            try {
                tuner.optimizer().load(snapshot(state, done).resolve(OPTIMIZER));
            } catch (IOException e) {
                throw new InputException(
                        snapshot(state, done).resolve(OPTIMIZER).toString(), "", "cannot be read: " + e.getMessage());
            }
        }
        List<Epoch> epochs = new ArrayList<>();
        for (int e = done + 1; e <= opts.epochs(); e++) {
            RandomGenerator shuffle = Seeds.stream(opts.seed(), "imitation.shuffle", e);
            DecoderFineTuner.Loss l = tuner.epoch(demos, opts.batch(), shuffle);
            Epoch row = new Epoch(e, l.total(), l.crossEntropy(), tuner.labelledGap(demos));
            epochs.add(row);
            if (state != null) save(model, tuner, state, row);
            if (onEpoch != null) onEpoch.accept(row);
        }
        return new Result(demos.size(), labels.skipped(), labelSeconds, (System.nanoTime() - t1) / 1e9, epochs);
    }

    /** Writes the epoch's snapshot with the optimiser state, then points {@value #LATEST} at it. */
    private void save(AedModel model, DecoderFineTuner tuner, Path state, Epoch row) {
        Path dir = snapshot(state, row.epoch());
        try {
            ObjectNode extra = JSON.createObjectNode();
            ObjectNode im = extra.putObject("imitation");
            im.put("epoch", row.epoch());
            im.put("epochs", opts.epochs());
            im.put("slots", opts.slots());
            im.put("seed", opts.seed());
            im.put("learningRate", opts.learningRate());
            im.put("loss", row.loss());
            im.put("crossEntropy", row.crossEntropy());
            im.put("labelledGap", row.labelledGap());
            ObjectNode ex = im.putObject("experts");
            opts.experts().forEach((p, e) -> ex.put(p.id(), e));
            model.save(dir, 0, extra);
            tuner.optimizer().save(dir.resolve(OPTIMIZER));
            Path tmp = state.resolve(LATEST + ".tmp");
            Files.writeString(tmp, row.epoch() + "\n", StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, state.resolve(LATEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            // only the latest epoch needs its optimiser state; the older snapshots keep their weights
            if (row.epoch() > 1)
                Files.deleteIfExists(snapshot(state, row.epoch() - 1).resolve(OPTIMIZER));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the imitation snapshot " + dir, e);
        }
    }
}
