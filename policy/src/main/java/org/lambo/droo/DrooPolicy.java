package org.lambo.droo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.nn.MlpCheckpoints;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.PolicyProvider;
import org.lambo.policy.PolicySettings;
import org.lambo.rng.Seeds;
import org.lambo.run.BuiltInCheckpoints;

/**
 * DROO as an offloading policy: Huang, Bi and Zhang's deep-reinforcement-learning online offloading (IEEE TMC 2020),
 * adapted to M servers with shared CPU (see {@link DrooLearner} for the loop, {@link OrderPreservingQuantizer} for the
 * generalised quantiser, {@link CandidateRepair} for how candidates become valid decisions).
 *
 * <p>DROO is an online learner: every call to {@link #decide} is a frame, which is decided as the best of K quantised
 * candidates and, unless {@code droo.learn=false}, also trains the DNN. A DNN has a fixed input and output size and
 * learns one objective, so the policy keeps one learner per prompt and slot shape (N, M), created on first use (fresh,
 * or from {@code droo.checkpoint=DIR} when that holds one). Each learner's weights and batches come from its own stream
 * of the policy's seed, so the same seed and the same sequence of slots give the same decisions.
 */
public final class DrooPolicy implements OffloadingPolicy, AutoCloseable {
    public static final String NAME = "droo";

    private final DrooSettings settings;
    private final long seed;
    private final DrooCheckpoint checkpoint; // null: every learner starts fresh
    private final Map<Key, DrooLearner> learners = new LinkedHashMap<>();

    private record Key(Prompt prompt, int ues, int servers) {}

    /**
     * @param checkpoint trained networks to start from, or null; its hidden widths must be the settings' (see
     *     {@link Provider} for how options resolve that)
     */
    public DrooPolicy(DrooSettings settings, long seed, DrooCheckpoint checkpoint) {
        if (settings == null) throw new IllegalArgumentException("DROO needs settings");
        if (checkpoint != null && !Arrays.equals(checkpoint.hidden(), settings.hidden())) {
            throw new IllegalArgumentException(
                    "checkpoint " + checkpoint.dir() + " has hidden layers " + Arrays.toString(checkpoint.hidden())
                            + ", the settings ask for " + Arrays.toString(settings.hidden()));
        }
        this.settings = settings;
        this.seed = seed;
        this.checkpoint = checkpoint;
    }

    public DrooPolicy(DrooSettings settings, long seed) {
        this(settings, seed, null);
    }

    @Override
    public String name() {
        return NAME;
    }

    public DrooSettings settings() {
        return settings;
    }

    @Override
    public Decision decide(Instance instance, Prompt prompt) {
        return learner(prompt, instance.n(), instance.m()).step(instance).decision();
    }

    /** The learner for a prompt and slot shape, made on first use. */
    public DrooLearner learner(Prompt prompt, int ues, int servers) {
        return learners.computeIfAbsent(new Key(prompt, ues, servers), this::newLearner);
    }

    /** The learners made so far, in order of creation. */
    public Collection<DrooLearner> learners() {
        return learners.values();
    }

    /** Writes every learner's network into a checkpoint folder. */
    public DrooCheckpoint save(Path dir) throws IOException {
        return DrooCheckpoint.write(dir, settings.hidden(), learners.values());
    }

    private DrooLearner newLearner(Key k) {
        String stream = "droo/" + k.prompt.id() + "/n" + k.ues + "/m" + k.servers;
        Optional<DrooCheckpoint.Entry> found =
                checkpoint == null ? Optional.empty() : checkpoint.find(k.prompt, k.ues, k.servers);
        DrooNetwork net;
        long frames = 0;
        int candidates = 0;
        if (found.isPresent()) {
            try {
                net = checkpoint.network(found.get(), settings);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read DROO weights from " + checkpoint.dir(), e);
            }
            frames = found.get().frames();
            // the checkpoint's adapted K, unless K is fixed (droo.adapt=0) or capped lower (droo.k)
            candidates = settings.adaptInterval() == 0
                    ? 0
                    : Math.min(found.get().candidates(), settings.candidatesFor(k.ues));
        } else {
            net = DrooNetwork.create(k.ues, k.servers, settings, Seeds.stream(seed, stream + "/weights"));
        }
        return new DrooLearner(k.prompt, net, settings, Seeds.stream(seed, stream + "/batches"), frames, candidates);
    }

    /** Frees every learner's native memory; the policy must not be used afterwards. */
    @Override
    public void close() {
        learners.values().forEach(DrooLearner::close);
        learners.clear();
    }

    /**
     * {@code droo}. Options: {@code droo.checkpoint=DIR} (start from trained networks; their hidden widths win, and a
     * different explicit {@code droo.hidden} is an error), {@code droo.learn}, {@code droo.k}, {@code droo.adapt},
     * {@code droo.interval}, {@code droo.batch}, {@code droo.memory}, {@code droo.lr}, {@code droo.hidden} (see
     * {@link DrooSettings}).
     */
    public static final class Provider implements PolicyProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Set<String> optionKeys() {
            return Set.copyOf(DrooSettings.KNOWN);
        }

        @Override
        public String description() {
            return "DROO (Huang et al. 2020): DNN, order-preserving quantisation into K candidates, replay memory, online training"
                    + " (built-in networks trained on paper unless droo.checkpoint=DIR|none)";
        }

        @Override
        public OffloadingPolicy create(PolicySettings s) {
            DrooSettings settings = DrooSettings.fromOptions(s);
            // no option: the built-in networks trained on paper; droo.checkpoint=none (or other widths): fresh learners
            Optional<Path> dir = MlpCheckpoints.folder(
                    s.options(),
                    DrooSettings.CHECKPOINT,
                    DrooSettings.HIDDEN,
                    () -> BuiltInCheckpoints.folder(BuiltInCheckpoints.DROO));
            if (dir.isEmpty()) return new DrooPolicy(settings, s.seed());
            DrooCheckpoint ckpt = DrooCheckpoint.read(dir.get());
            MlpCheckpoints.requireHidden(s.options(), DrooSettings.HIDDEN, settings.hidden(), ckpt.hidden(), dir.get());
            DrooSettings resolved = new DrooSettings(
                    ckpt.hidden(),
                    settings.learningRate(),
                    settings.memorySize(),
                    settings.batchSize(),
                    settings.trainingInterval(),
                    settings.maxCandidates(),
                    settings.adaptInterval(),
                    settings.learn());
            return new DrooPolicy(resolved, s.seed(), ckpt);
        }
    }
}
