package org.lambo.droo;

import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;

/**
 * DROO's online loop for one prompt and one slot shape (N UEs, M servers). Every frame (one slot):
 *
 * <ol>
 *   <li>the DNN maps the slot's features to a relaxed decision, a distribution over the options of every UE (options
 *       the UE can never take in this slot masked out);
 *   <li>the order-preserving quantiser turns it into at most K candidate assignments;
 *   <li>each candidate is made feasible and given its best shares ({@link CandidateRepair}) and scored by the prompt's
 *       objective ({@link CostModel}); the best one is the frame's decision;
 *   <li>when learning: the frame (features, best assignment) goes into the replay memory, and every
 *       {@code trainingInterval} frames the DNN takes one Adam step on a batch drawn from the memory; every
 *       {@code adaptInterval} frames K becomes one more than the largest (1-based) index of a winning candidate over
 *       those frames, at most its maximum (the paper's adaptive K).
 * </ol>
 *
 * Mutable; not thread-safe. Closing it frees the network's native memory.
 */
public final class DrooLearner implements AutoCloseable {
    private final Prompt prompt;
    private final int ues;
    private final int servers;
    private final DrooSettings settings;
    private final DrooNetwork network;
    private final ReplayMemory memory;
    private final RandomGenerator batches;
    private final int maxCandidates;
    private final int[] recentWinners;
    private int candidates;
    private long frames;

    /**
     * @param network the DNN, fresh or loaded, for N = {@code network.ues()} and M = {@code network.options() - 1}
     * @param batches the stream training batches are drawn from
     * @param frames frames already seen (0 for a fresh learner; a checkpoint's count keeps the training and adaptation
     *     schedule where it was)
     * @param candidates the current K (a checkpoint's), or 0 to start at its maximum
     */
    public DrooLearner(
            Prompt prompt,
            DrooNetwork network,
            DrooSettings settings,
            RandomGenerator batches,
            long frames,
            int candidates) {
        if (prompt == null || network == null || settings == null || batches == null)
            throw new IllegalArgumentException("DROO learner needs prompt, network, settings and a generator");
        if (frames < 0) throw new IllegalArgumentException("frames must be >= 0, got " + frames);
        this.prompt = prompt;
        this.ues = network.ues();
        this.servers = network.options() - 1;
        this.settings = settings;
        this.network = network;
        this.memory = new ReplayMemory(settings.memorySize(), network.inputDimension(), ues);
        this.batches = batches;
        this.maxCandidates = settings.candidatesFor(ues);
        if (candidates < 0 || candidates > maxCandidates)
            throw new IllegalArgumentException("K must be in 0.." + maxCandidates + ", got " + candidates);
        this.candidates = candidates == 0 ? maxCandidates : candidates;
        this.recentWinners = new int[Math.max(1, settings.adaptInterval())];
        this.frames = frames;
    }

    /** What one frame did. */
    public record Frame(Decision decision, double objective, int winner, int candidates, double loss) {
        /** Whether the DNN was trained during this frame ({@code loss} is the batch loss before the step). */
        public boolean trained() {
            return !Double.isNaN(loss);
        }
    }

    public Prompt prompt() {
        return prompt;
    }

    public int ues() {
        return ues;
    }

    public int servers() {
        return servers;
    }

    public DrooNetwork network() {
        return network;
    }

    public ReplayMemory memory() {
        return memory;
    }

    /** Frames seen while learning. */
    public long frames() {
        return frames;
    }

    /** The current K. */
    public int candidates() {
        return candidates;
    }

    /** Decides one slot and, if the settings say so, learns from it. */
    public Frame step(Instance inst) {
        return settings.learn() ? learn(inst) : infer(inst);
    }

    /** Decides one slot without storing it or training: the best of the current K candidates. */
    public Frame infer(Instance inst) {
        Scored s = bestCandidate(inst, StateFeatures.encode(inst));
        return new Frame(s.decision, s.objective, s.index, s.count, Double.NaN);
    }

    /** One frame of the online loop: decide, store the best candidate, train and adapt K on schedule. */
    public Frame learn(Instance inst) {
        float[] state = StateFeatures.encode(inst);
        Scored s = bestCandidate(inst, state);
        memory.add(state, s.decision.options());
        recentWinners[(int) (frames % recentWinners.length)] = s.index;
        frames++;
        double loss = Double.NaN;
        if (frames % settings.trainingInterval() == 0) loss = trainOnce();
        if (settings.adaptInterval() > 0 && frames % settings.adaptInterval() == 0) {
            int largest = 0;
            for (int w : recentWinners) largest = Math.max(largest, w);
            candidates = Math.min(largest + 2, maxCandidates); // (largest + 1) is the 1-based index; one more
        }
        return new Frame(s.decision, s.objective, s.index, s.count, loss);
    }

    /** One Adam step on a batch from the replay memory; returns the batch loss before the step. */
    public double trainOnce() {
        int[] idx = memory.sample(settings.batchSize(), batches);
        float[][] x = new float[idx.length][];
        int[][] y = new int[idx.length][];
        for (int b = 0; b < idx.length; b++) {
            x[b] = memory.state(idx[b]);
            y[b] = memory.label(idx[b]);
        }
        return network.trainStep(x, y);
    }

    private record Scored(Decision decision, double objective, int index, int count) {}

    private Scored bestCandidate(Instance inst, float[] state) {
        if (inst.n() != ues || inst.m() != servers) {
            throw new IllegalArgumentException(
                    "this DROO learner decides slots of N = " + ues + ", M = " + servers + ", got " + inst);
        }
        SequentialState fresh = new SequentialState(inst);
        boolean[][] allowed = new boolean[ues][];
        for (int i = 0; i < ues; i++) allowed[i] = fresh.mask(i);
        double[][] p = network.probabilities(state, allowed);
        List<int[]> cands = OrderPreservingQuantizer.candidates(p, candidates);
        Decision best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        int bestIndex = -1;
        for (int k = 0; k < cands.size(); k++) {
            Decision d = CandidateRepair.repair(inst, cands.get(k), p);
            double cost = CostModel.evaluate(inst, d).objective(prompt);
            if (cost < bestCost) {
                best = d;
                bestCost = cost;
                bestIndex = k;
            }
        }
        return new Scored(best, bestCost, bestIndex, cands.size());
    }

    @Override
    public void close() {
        network.close();
    }
}
