package org.lambo.are;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
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
import org.lambo.policy.Stateless;
import org.lambo.rng.Seeds;
import org.lambo.run.BuiltInCheckpoints;

/**
 * ARE as an offloading policy: Jiang, Wang, Dong, Pan, Xu and Yang's DNN-based adaptive resource allocation (IEEE
 * Network 2020; code github.com/jiangfeibo/ARE, {@code DNNopt2.m}). A per-UE DNN ({@link AreNetwork}) gives each UE a
 * distribution over {local, servers} and a requested share; the decision is made of them as the ARE code does
 * ({@link AreDecoder}). Its learning, the pre-training on expert labels and the online incremental stage that admits a
 * slot into a FIFO memory when the DNN's mean decision entropy on it exceeds a threshold, is {@link AreTrainer}
 * ({@code lambo are-train}).
 *
 * <p>The DNN's input and output are per UE, so one network serves any N; its output has one logit per server, so the
 * policy keeps one network per prompt and M, loaded from the checkpoint (the built-in one trained on {@code paper} by
 * default) or, for a prompt or M the checkpoint lacks, drawn fresh from the policy's seed (untrained: still valid, and
 * never worse than all-local). Deciding does not train.
 */
public final class ArePolicy implements OffloadingPolicy, Stateless, AutoCloseable {
    public static final String NAME = "are";
    /** The built-in checkpoint's folder name under {@code checkpoints/}. */
    public static final String BUILT_IN = "are-paper";

    /** A network's key: the prompt and M. */
    public record Key(Prompt prompt, int servers) {}

    /** A network and the labelled slots it learnt from. */
    public static final class Learned {
        private final AreNetwork network;
        private long slots;

        Learned(AreNetwork network, long slots) {
            this.network = network;
            this.slots = slots;
        }

        public AreNetwork network() {
            return network;
        }

        public long slots() {
            return slots;
        }

        void learntFrom(long more) {
            slots += more;
        }
    }

    private final AreSettings settings;
    private final long seed;
    private final AreCheckpoint checkpoint; // null: every network starts fresh
    private final Map<Key, Learned> networks = new LinkedHashMap<>();

    public ArePolicy(AreSettings settings, long seed, AreCheckpoint checkpoint) {
        if (settings == null) throw new IllegalArgumentException("ARE needs settings");
        if (checkpoint != null && !Arrays.equals(checkpoint.hidden(), settings.hidden())) {
            throw new IllegalArgumentException(
                    "checkpoint " + checkpoint.dir() + " has hidden layers " + Arrays.toString(checkpoint.hidden())
                            + ", the settings ask for " + Arrays.toString(settings.hidden()));
        }
        this.settings = settings;
        this.seed = seed;
        this.checkpoint = checkpoint;
    }

    public AreSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Decision decide(Instance instance, Prompt prompt) {
        return decideWithEntropy(instance, prompt).decision();
    }

    /** The decision with the DNN's mean decision entropy on the slot (what the incremental stage looks at). */
    public AreDecoder.Result decideWithEntropy(Instance instance, Prompt prompt) {
        return AreDecoder.decide(instance, prompt, learned(prompt, instance.m()).network());
    }

    /** The network for a prompt and M, loaded or made on first use. */
    public Learned learned(Prompt prompt, int servers) {
        return networks.computeIfAbsent(new Key(prompt, servers), this::load);
    }

    /** The networks used so far, in order of first use. */
    public Map<Key, Learned> networks() {
        return java.util.Collections.unmodifiableMap(networks);
    }

    /** Writes every network used so far into a checkpoint folder. */
    public AreCheckpoint save(Path dir) throws IOException {
        return AreCheckpoint.write(dir, settings.hidden(), networks);
    }

    private Learned load(Key k) {
        Optional<AreCheckpoint.Entry> found =
                checkpoint == null ? Optional.empty() : checkpoint.find(k.prompt(), k.servers());
        if (found.isPresent()) {
            try {
                return new Learned(
                        checkpoint.network(found.get(), settings), found.get().slots());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read ARE weights from " + checkpoint.dir(), e);
            }
        }
        return new Learned(
                AreNetwork.create(
                        k.servers(),
                        settings,
                        Seeds.stream(seed, "are/" + k.prompt().id() + "/m" + k.servers() + "/weights")),
                0);
    }

    /** Frees every network's native memory; the policy must not be used afterwards. */
    @Override
    public void close() {
        networks.values().forEach(l -> l.network().close());
        networks.clear();
    }

    /**
     * {@code are}. Options: {@code are.checkpoint=DIR|none} (default the built-in networks trained on {@code paper};
     * their hidden widths win and a different explicit {@code are.hidden} is an error), {@code are.hidden=64,32} (the
     * widths of untrained networks).
     */
    public static final class Provider implements PolicyProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Set<String> optionKeys() {
            return Set.copyOf(AreSettings.KNOWN);
        }

        @Override
        public String description() {
            return "ARE (Jiang et al. 2020): per-UE sigmoid DNN, softmax over {local, servers} and a share head, allocUE + corresult"
                    + " (built-in networks trained on paper unless are.checkpoint=DIR|none)";
        }

        @Override
        public OffloadingPolicy create(PolicySettings s) {
            AreSettings settings = AreSettings.fromOptions(s);
            Optional<Path> dir = MlpCheckpoints.folder(
                    s.options(), AreSettings.CHECKPOINT, AreSettings.HIDDEN, () -> BuiltInCheckpoints.folder(BUILT_IN));
            if (dir.isEmpty()) return new ArePolicy(settings, s.seed(), null);
            AreCheckpoint ckpt = AreCheckpoint.read(dir.get());
            MlpCheckpoints.requireHidden(s.options(), AreSettings.HIDDEN, settings.hidden(), ckpt.hidden(), dir.get());
            return new ArePolicy(settings.withHidden(ckpt.hidden()), s.seed(), ckpt);
        }
    }
}
