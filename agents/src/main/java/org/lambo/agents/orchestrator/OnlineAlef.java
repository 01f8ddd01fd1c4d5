package org.lambo.agents.orchestrator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.commons.math3.random.RandomGenerator;
import org.lambo.aed.AedPolicy;
import org.lambo.aed.alef.DecoderFineTuner;
import org.lambo.aed.alef.Demonstration;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.rng.Seeds;

/**
 * Online ALEF without JADE: which decided slots go out for a label, the buffer of labels, and the
 * background fine-tunes of the AED's decoder with the atomic swap of the policy's decoder snapshot.
 *
 * <p>The orchestrator calls {@link #slotDecided} after every slot the {@code aed} policy decided, with
 * the {@link org.lambo.aed.alef.DecisionEntropy} of its greedy decoding; a slot above the threshold is
 * to be sent to the experts. Each label that comes back ({@link #labelled}) is replayed as a
 * {@link Demonstration} and buffered; once {@link Options#batch()} are buffered, they are handed to one
 * background thread that runs {@link Options#epochs()} passes of {@link DecoderFineTuner} over them (encoder
 * frozen) and then swaps {@code policy.model().fastDecoder()} into the policy
 * ({@link AedPolicy#swapDecoder}). The decisions never wait: the decoder they use is a plain-Java copy
 * of the weights, taken after the fine-tune is complete, and a slot keeps the copy it started with.
 * Labels arriving while a fine-tune runs stay in the buffer for the next one.
 *
 * <p>Thread use: {@link #slotDecided}, {@link #labelled} and {@link #labelFailed} are called by the
 * orchestrator's thread; the fine-tunes run on this object's own thread; {@link #summary} may be read from any.
 */
public final class OnlineAlef implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OnlineAlef.class.getName());

    /**
     * @param entropyThreshold a slot whose decision entropy (nats) is above it is sent for a label (&gt;= 0)
     * @param batch            labels per fine-tune, K (&gt;= 1)
     * @param epochs           passes over the K labels per fine-tune (&gt;= 1)
     * @param learningRate     Adam's step size (&gt; 0)
     * @param proposalMs       how long the experts have to propose (&gt; 0)
     * @param labelMs          how long the accepted expert has to label (&gt; 0)
     */
    public record Options(double entropyThreshold, int batch, int epochs, double learningRate, long proposalMs, long labelMs) {
        /** The defaults: threshold 0.3 nats, K = 16, 4 epochs, learning rate 1e-4, 2 s to propose, 30 s to label. */
        public static final Options DEFAULTS = new Options(0.3, 16, 4, 1e-4, 2_000, 30_000);

        public Options {
            if (!(entropyThreshold >= 0) || !Double.isFinite(entropyThreshold)) {
                throw new IllegalArgumentException("alef entropy threshold must be a finite number >= 0, got " + entropyThreshold);
            }
            if (batch < 1) throw new IllegalArgumentException("alef batch must be >= 1, got " + batch);
            if (epochs < 1) throw new IllegalArgumentException("alef epochs must be >= 1, got " + epochs);
            if (!(learningRate > 0)) throw new IllegalArgumentException("alef learning rate must be > 0, got " + learningRate);
            if (proposalMs <= 0) throw new IllegalArgumentException("alef proposalMs must be > 0, got " + proposalMs);
            if (labelMs <= 0) throw new IllegalArgumentException("alef labelMs must be > 0, got " + labelMs);
        }

        public Options withEntropyThreshold(double h) {
            return new Options(h, batch, epochs, learningRate, proposalMs, labelMs);
        }

        public Options withBatch(int k) {
            return new Options(entropyThreshold, k, epochs, learningRate, proposalMs, labelMs);
        }

        public Options withEpochs(int e) {
            return new Options(entropyThreshold, batch, e, learningRate, proposalMs, labelMs);
        }
    }

    /**
     * One applied fine-tune.
     *
     * @param labels    the labels it trained on
     * @param afterSlot the last slot decided before the swap: the new decoder decides the slots after it
     * @param lossBefore the mean loss of its first pass, {@code lossAfter} of its last
     */
    public record FineTune(int labels, int afterSlot, double lossBefore, double lossAfter) {}

    /** What online ALEF did so far. */
    public record Summary(int slotsSeen, int slotsQueried, int labelsReceived, int labelsFailed, int labelsUnusable,
                          List<FineTune> fineTunes, String error) {
        public Summary {
            fineTunes = List.copyOf(fineTunes);
        }

        /** Queries with neither a label nor a failure yet (still with the experts when the trial ended). */
        public int labelsPending() {
            return slotsQueried - labelsReceived - labelsFailed;
        }
    }

    private final AedPolicy policy;
    private final Options options;
    private final RandomGenerator rng;
    private final ExecutorService trainer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "online-alef-fine-tune");
        t.setDaemon(true);
        return t;
    });
    private final List<Demonstration> buffer = new ArrayList<>();
    private final List<FineTune> fineTunes = new ArrayList<>();
    private DecoderFineTuner tuner;                                               // made and used on the trainer thread only
    private boolean tuning;
    private int slotsSeen;
    private int queried;
    private int received;
    private int failed;
    private int unusable;
    private volatile int lastSlot = -1;
    private String error;

    public OnlineAlef(AedPolicy policy, Options options, long seed) {
        if (policy == null || options == null) throw new IllegalArgumentException("online ALEF needs the aed policy and its options");
        this.policy = policy;
        this.options = options;
        this.rng = Seeds.stream(seed, "online-alef");
    }

    public Options options() {
        return options;
    }

    public AedPolicy policy() {
        return policy;
    }

    /** Notes a decided slot; true when its entropy is above the threshold and it is to be sent for a label. */
    public synchronized boolean slotDecided(int slot, double entropy) {
        lastSlot = Math.max(lastSlot, slot);
        slotsSeen++;
        boolean query = entropy > options.entropyThreshold();
        if (query) queried++;
        return query;
    }

    /**
     * Buffers an expert's decision of a queried slot; starts a background fine-tune when K are buffered
     * and none runs. A decision that cannot be replayed on the slot (round-off) is counted and dropped.
     */
    public synchronized void labelled(Instance slot, Prompt prompt, Decision expert) {
        received++;
        try {
            buffer.add(Demonstration.replay(slot, prompt, expert, Demonstration.Reservation.MINIMUM));
        } catch (IllegalArgumentException e) {
            unusable++;
            LOG.fine(() -> "online ALEF drops a label of " + slot.id() + ": " + e.getMessage());
            return;
        }
        startFineTuneIfDue();
    }

    /** Counts a query that brought no label. */
    public synchronized void labelFailed(String why) {
        failed++;
        LOG.fine(() -> "online ALEF: no label: " + why);
    }

    private void startFineTuneIfDue() {
        if (tuning || error != null || buffer.size() < options.batch()) return;
        List<Demonstration> batch = new ArrayList<>(buffer.subList(0, options.batch()));
        buffer.subList(0, options.batch()).clear();
        tuning = true;
        trainer.execute(() -> fineTune(batch));
    }

    /** On the trainer thread: K labels, E passes, then the swap. */
    private void fineTune(List<Demonstration> batch) {
        FineTune done = null;
        String failure = null;
        try {
            // PyTorch's grad mode is per thread and on in a new one; DJL turns it off only on the thread that
            // loads the engine. Adam's in-place updates need it off (GradientCollector turns it on while it records).
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
            if (tuner == null) tuner = new DecoderFineTuner(policy.model(), options.learningRate(), 1.0, 1.0);
            double first = Double.NaN;
            double last = Double.NaN;
            for (int e = 0; e < options.epochs(); e++) {
                last = tuner.epoch(batch, batch.size(), rng).total();
                if (e == 0) first = last;
            }
            policy.swapDecoder(policy.model().fastDecoder());
            done = new FineTune(batch.size(), lastSlot, first, last);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "online ALEF fine-tune failed; the decoder stays as it was", e);
            failure = "fine-tune failed: " + org.lambo.agents.ReceiveContent.describe(e);
        }
        synchronized (this) {
            tuning = false;
            if (done != null) fineTunes.add(done);
            if (failure != null) error = failure;
            startFineTuneIfDue();
            notifyAll();
        }
    }

    /** Waits until no fine-tune runs (or the time is up); true when none runs. */
    public synchronized boolean awaitIdle(long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (tuning) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) return false;
            wait(left);
        }
        return true;
    }

    public synchronized Summary summary() {
        return new Summary(slotsSeen, queried, received, failed, unusable, fineTunes, error);
    }

    /** Labels buffered and not yet trained on. */
    public synchronized int buffered() {
        return buffer.size();
    }

    @Override
    public void close() {
        trainer.shutdownNow();
    }
}
