package org.lambo.aed.alef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.LearnsOnline;
import org.lambo.policy.OffloadingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online ALEF as plain policy-side code, without JADE: which decided slots go out for a label, the buffer of labels,
 * and the background fine-tunes of a policy that {@link LearnsOnline} (the {@code aed} policy, or any plug-in with the
 * capability).
 *
 * <p>The orchestrator calls {@link #slotDecided} after every slot, with the uncertainty of its decision
 * ({@link org.lambo.policy.HasDecisionTrace}); a slot above the threshold is to be sent to the experts, unless
 * {@link Options#maxPending()} queries are still waiting for their labels: then it is skipped and counted
 * ({@link Summary#slotsSkippedBusy()}), so an exact expert slower than the slots is not sent more than it can label,
 * and every query it accepts can be answered in time. Each label that comes back ({@link #labelled}) becomes the
 * policy's training example and is buffered; once {@link Options#batch()} are buffered, they are handed to one
 * background thread that runs {@link Options#epochs()} passes of the policy's {@link LearnsOnline.Learner#fineTune},
 * which switches the policy to the result when it is complete. The decisions never wait. Labels arriving while a
 * fine-tune runs stay in the buffer for the next one. A query that brings no label is counted with its reason
 * ({@link #labelFailed}), and the summary groups the reasons.
 *
 * <p>Thread use: {@link #slotDecided}, {@link #labelled} and {@link #labelFailed} are called by the orchestrator's
 * thread; the fine-tunes run on this object's own thread; {@link #summary} may be read from any.
 */
public final class OnlineAlef implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnlineAlef.class);
    /** A reason's leading "slot 12: ", dropped when reasons are grouped. */
    private static final Pattern SLOT_PREFIX = Pattern.compile("^slot \\d+: ");

    /**
     * @param entropyThreshold a slot whose decision entropy (nats) is above it is sent for a label (&gt;= 0)
     * @param batch labels per fine-tune, K (&gt;= 1)
     * @param epochs passes over the K labels per fine-tune (&gt;= 1)
     * @param learningRate Adam's step size (&gt; 0)
     * @param proposalMs how long the experts have to propose (&gt; 0)
     * @param labelMs how long the accepted expert has at least to label; longer when its bid says it needs longer (&gt;
     *     0)
     * @param maxPending queries waiting for their label at most; a slot above the threshold while as many wait is
     *     skipped (&gt;= 1)
     * @param slotFeatures the fine-tunes train the policy's slot term too (the AED's W_s), as offline ALEF's
     *     {@link AlefOptions#slotFeatures()}; on by default ({@link AlefOptions#DEFAULT_SLOT_FEATURES}), {@code lambo
     *     trial --no-alef-slot-features} turns it off
     */
    public record Options(
            double entropyThreshold,
            int batch,
            int epochs,
            double learningRate,
            long proposalMs,
            long labelMs,
            int maxPending,
            boolean slotFeatures) {
        /**
         * The defaults: threshold 0.3 nats, K = 16, 4 epochs, learning rate 1e-4, 2 s to propose, 30 s to label, 2
         * queries waiting, the slot term trained as by offline ALEF's default.
         */
        public static final Options DEFAULTS =
                new Options(0.3, 16, 4, 1e-4, 2_000, 30_000, 2, AlefOptions.DEFAULT_SLOT_FEATURES);

        public Options {
            if (!(entropyThreshold >= 0) || !Double.isFinite(entropyThreshold)) {
                throw new IllegalArgumentException(
                        "alef entropy threshold must be a finite number >= 0, got " + entropyThreshold);
            }
            if (batch < 1) throw new IllegalArgumentException("alef batch must be >= 1, got " + batch);
            if (epochs < 1) throw new IllegalArgumentException("alef epochs must be >= 1, got " + epochs);
            if (!(learningRate > 0))
                throw new IllegalArgumentException("alef learning rate must be > 0, got " + learningRate);
            if (proposalMs <= 0) throw new IllegalArgumentException("alef proposalMs must be > 0, got " + proposalMs);
            if (labelMs <= 0) throw new IllegalArgumentException("alef labelMs must be > 0, got " + labelMs);
            if (maxPending < 1) throw new IllegalArgumentException("alef maxPending must be >= 1, got " + maxPending);
        }

        public Options withEntropyThreshold(double h) {
            return new Options(h, batch, epochs, learningRate, proposalMs, labelMs, maxPending, slotFeatures);
        }

        public Options withBatch(int k) {
            return new Options(
                    entropyThreshold, k, epochs, learningRate, proposalMs, labelMs, maxPending, slotFeatures);
        }

        public Options withEpochs(int e) {
            return new Options(entropyThreshold, batch, e, learningRate, proposalMs, labelMs, maxPending, slotFeatures);
        }

        public Options withMaxPending(int k) {
            return new Options(entropyThreshold, batch, epochs, learningRate, proposalMs, labelMs, k, slotFeatures);
        }

        public Options withSlotFeatures(boolean on) {
            return new Options(entropyThreshold, batch, epochs, learningRate, proposalMs, labelMs, maxPending, on);
        }

        /**
         * The time limit an expert that takes one ({@code mip.timeLimitS}) gets for a label when the user set none: a
         * third of {@code labelMs}, so that it and the labels queued before it ({@link #maxPending}) fit in the label
         * deadline. Seconds.
         */
        public double expertTimeLimitS() {
            return labelMs / 3_000.0;
        }

        /**
         * How long an accepted expert has to label, fitted to its bid: {@code labelMs} plus twice the time to answer it
         * bid (the labels it owes times its mean solve time); {@code labelMs} for a bid that is not a positive number.
         * So an exact expert with a queue is not cut off by a fixed deadline.
         */
        public long labelDeadlineMs(double bidTimeToAnswerS) {
            return labelDeadlineMs(labelMs, bidTimeToAnswerS);
        }

        /** As {@link #labelDeadlineMs(double)}, for a given {@code labelMs}. */
        public static long labelDeadlineMs(long labelMs, double bidTimeToAnswerS) {
            if (!(bidTimeToAnswerS > 0) || !Double.isFinite(bidTimeToAnswerS)) return labelMs;
            return labelMs + (long) Math.min(7 * 24 * 3_600_000.0, 2_000 * bidTimeToAnswerS);
        }
    }

    /**
     * One applied fine-tune.
     *
     * @param labels the labels it trained on
     * @param afterSlot the last slot decided before the swap: the new state decides the slots after it
     * @param lossBefore the mean loss of its first pass, {@code lossAfter} of its last
     */
    public record FineTune(int labels, int afterSlot, double lossBefore, double lossAfter) {}

    /**
     * What online ALEF did so far.
     *
     * @param slotsSkippedBusy slots above the threshold not sent because {@link Options#maxPending()} queries were
     *     waiting
     * @param failures why the failed queries brought no label: each reason (without its slot) and how often
     */
    public record Summary(
            int slotsSeen,
            int slotsQueried,
            int slotsSkippedBusy,
            int labelsReceived,
            int labelsFailed,
            int labelsUnusable,
            List<FineTune> fineTunes,
            String error,
            Map<String, Integer> failures) {
        public Summary {
            fineTunes = List.copyOf(fineTunes);
            failures = failures == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(failures));
        }

        /** Queries with neither a label nor a failure yet (still with the experts when the trial ended). */
        public int labelsPending() {
            return slotsQueried - labelsReceived - labelsFailed;
        }

        /** The reasons, most frequent first, as {@code 3 × reason; 1 × reason}; empty when none failed. */
        public String failureReasons() {
            return failures.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue()
                            .reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .map(e -> e.getValue() + " × " + e.getKey())
                    .collect(java.util.stream.Collectors.joining("; "));
        }
    }

    private final OffloadingPolicy policy;
    private final Options options;
    private final Session<?> session;
    private final ExecutorService trainer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "online-alef-fine-tune");
        t.setDaemon(true);
        return t;
    });
    private final List<FineTune> fineTunes = new ArrayList<>();
    private final Map<String, Integer> failures = new TreeMap<>();
    private boolean tuning;
    private int slotsSeen;
    private int queried;
    private int skippedBusy;
    private int received;
    private int failed;
    private int unusable;
    private volatile int lastSlot = -1;
    private String error;

    /**
     * @param policy a policy with the capability {@link LearnsOnline}
     * @throws IllegalArgumentException naming the policy when it cannot learn online
     */
    public OnlineAlef(OffloadingPolicy policy, Options options, long seed) {
        if (policy == null || options == null)
            throw new IllegalArgumentException("online ALEF needs a policy and its options");
        LearnsOnline learns = policy.capability(LearnsOnline.class)
                .orElseThrow(() -> new IllegalArgumentException("policy " + policy.name()
                        + " cannot learn online (it has no " + LearnsOnline.class.getSimpleName() + " capability)"));
        this.policy = policy;
        this.options = options;
        this.session = new Session<>(learns.onlineLearner(options.learningRate(), seed, options.slotFeatures()));
    }

    public Options options() {
        return options;
    }

    /** The policy it fine-tunes. */
    public OffloadingPolicy policy() {
        return policy;
    }

    /**
     * Notes a decided slot; true when its entropy is above the threshold and fewer than {@link Options#maxPending()}
     * queries wait for their label: it is then to be sent for a label.
     */
    public synchronized boolean slotDecided(int slot, double entropy) {
        lastSlot = Math.max(lastSlot, slot);
        slotsSeen++;
        if (!(entropy > options.entropyThreshold())) return false;
        if (queried - received - failed >= options.maxPending()) {
            skippedBusy++;
            return false;
        }
        queried++;
        return true;
    }

    /**
     * Buffers an expert's decision of a queried slot; starts a background fine-tune when K are buffered and none runs.
     * A decision that cannot be used (e.g. not replayable on the slot: round-off) is counted and dropped.
     */
    public synchronized void labelled(Instance slot, Prompt prompt, Decision expert) {
        received++;
        try {
            session.add(slot, prompt, expert);
        } catch (IllegalArgumentException e) {
            unusable++;
            LOG.debug("online ALEF drops a label of {}: {}", slot.id(), e.getMessage());
            return;
        }
        startFineTuneIfDue();
    }

    /**
     * Counts a query that brought no label, and why (a leading {@code slot N: } is dropped when the reasons are
     * grouped).
     */
    public synchronized void labelFailed(String why) {
        failed++;
        String reason = why == null || why.isBlank()
                ? "no reason given"
                : SLOT_PREFIX.matcher(why.strip()).replaceFirst("");
        failures.merge(reason, 1, Integer::sum);
        LOG.debug("online ALEF: no label: {}", why);
    }

    private void startFineTuneIfDue() {
        if (tuning || error != null || session.buffered() < options.batch()) return;
        Runnable job = session.takeBatch(options.batch(), options.epochs(), this::fineTuned);
        tuning = true;
        trainer.execute(job);
    }

    private synchronized void fineTuned(int labels, LearnsOnline.FineTuned done, RuntimeException failure) {
        tuning = false;
        if (done != null) fineTunes.add(new FineTune(labels, lastSlot, done.lossBefore(), done.lossAfter()));
        if (failure != null) {
            LOG.error("online ALEF fine-tune failed; the policy stays as it was", failure);
            String m = failure.getMessage();
            error = "fine-tune failed: "
                    + (m == null || m.isBlank() ? failure.getClass().getSimpleName() : m);
        }
        startFineTuneIfDue();
        notifyAll();
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
        return new Summary(slotsSeen, queried, skippedBusy, received, failed, unusable, fineTunes, error, failures);
    }

    /** Labels buffered and not yet trained on. */
    public synchronized int buffered() {
        return session.buffered();
    }

    @Override
    public void close() {
        trainer.shutdownNow();
    }

    @FunctionalInterface
    private interface Done {
        void fineTuned(int labels, LearnsOnline.FineTuned done, RuntimeException failure);
    }

    /**
     * The learner and its buffer of examples, typed; guarded by the enclosing object's lock, the learner used on the
     * trainer thread.
     */
    private static final class Session<E> {
        private final LearnsOnline.Learner<E> learner;
        private final List<E> buffer = new ArrayList<>();

        Session(LearnsOnline.Learner<E> learner) {
            if (learner == null) throw new IllegalArgumentException("the policy gave no online learner");
            this.learner = learner;
        }

        void add(Instance slot, Prompt prompt, Decision expert) {
            E example = learner.example(slot, prompt, expert);
            if (example == null) throw new IllegalArgumentException("the policy made no example of the label");
            buffer.add(example);
        }

        int buffered() {
            return buffer.size();
        }

        /** Takes K examples off the buffer; the job trains on them and reports to {@code done}. */
        Runnable takeBatch(int k, int epochs, Done done) {
            List<E> batch = new ArrayList<>(buffer.subList(0, k));
            buffer.subList(0, k).clear();
            return () -> {
                LearnsOnline.FineTuned result = null;
                RuntimeException failure = null;
                try {
                    result = learner.fineTune(batch, epochs);
                } catch (RuntimeException e) {
                    failure = e;
                }
                done.fineTuned(batch.size(), result, failure);
            };
        }
    }
}
