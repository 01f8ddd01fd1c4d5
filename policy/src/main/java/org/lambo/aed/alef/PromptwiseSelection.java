package org.lambo.aed.alef;

import java.util.Map;
import java.util.TreeMap;
import org.lambo.mec.Prompt;

/**
 * Step 4 of an ALEF round ({@link AlefLoop}): the choice among the round's candidate weights (those it started from,
 * then those after each epoch), judged by their own greedy decodings of the labelled slots
 * ({@link DecoderFineTuner#labelledGaps}). A candidate is <em>admissible</em> when under every prompt among the labels
 * its mean labelled gap is at most that of the weights the round started from: the decoder is shared by the prompts, so
 * the labels of a prompt that needs fixing could otherwise buy its gain with another prompt's loss, and a prompt that
 * needs no fixing (its labelled gap already the expert's) would only be made worse. Among the admissible candidates the
 * least mean gap over all labels wins; the starting weights are admissible and win ties, so a round whose every epoch
 * costs some prompt keeps the weights it started with.
 */
final class PromptwiseSelection {
    /** Round-off allowance when comparing gaps computed from the same objective functions. */
    static final double TOLERANCE = 1e-12;

    private final Map<Prompt, Double> start;
    private final Map<Prompt, Integer> counts;
    private double best;
    private int offers;
    private int chosen;

    /**
     * @param start the starting weights' labelled gap per prompt
     * @param counts the number of labels per prompt (the weights of the mean)
     */
    PromptwiseSelection(Map<Prompt, Double> start, Map<Prompt, Integer> counts) {
        if (start.isEmpty()) throw new IllegalArgumentException("no prompt to select on");
        if (!start.keySet().equals(counts.keySet()))
            throw new IllegalArgumentException("gaps for " + start.keySet() + " but counts for " + counts.keySet());
        this.start = new TreeMap<>(start);
        this.counts = new TreeMap<>(counts);
        this.best = mean(start);
    }

    /** The label counts per prompt of a list of demonstrations. */
    static Map<Prompt, Integer> counts(Iterable<Demonstration> demos) {
        Map<Prompt, Integer> out = new TreeMap<>();
        for (Demonstration d : demos) out.merge(d.prompt(), 1, Integer::sum);
        return out;
    }

    /** True when no prompt's gap under the candidate exceeds its gap under the starting weights. */
    boolean admissible(Map<Prompt, Double> candidate) {
        for (Map.Entry<Prompt, Double> e : start.entrySet()) {
            Double g = candidate.get(e.getKey());
            if (g == null)
                throw new IllegalArgumentException(
                        "no gap for prompt " + e.getKey().id());
            if (!(g <= e.getValue() + TOLERANCE)) return false;
        }
        return true;
    }

    /** The mean gap over all labels (each prompt's mean weighted by its label count). */
    double mean(Map<Prompt, Double> gaps) {
        double sum = 0;
        int n = 0;
        for (Map.Entry<Prompt, Integer> e : counts.entrySet()) {
            Double g = gaps.get(e.getKey());
            if (g == null)
                throw new IllegalArgumentException(
                        "no gap for prompt " + e.getKey().id());
            sum += g * e.getValue();
            n += e.getValue();
        }
        return sum / n;
    }

    /**
     * Offers the next candidate (the weights after epoch {@code offers + 1}).
     *
     * @return true when it is admissible and its mean gap is below the best so far: the caller keeps its weights
     */
    boolean offer(Map<Prompt, Double> candidate) {
        offers++;
        if (!admissible(candidate)) return false;
        double m = mean(candidate);
        if (!(m < best)) return false;
        best = m;
        chosen = offers;
        return true;
    }

    /** The candidate kept: 0 for the starting weights, k for the weights after the k-th offer. */
    int chosen() {
        return chosen;
    }
}
