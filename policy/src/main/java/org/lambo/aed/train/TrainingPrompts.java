package org.lambo.aed.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.commons.math3.random.RandomGenerator;
import org.lambo.aed.features.PromptSampler;
import org.lambo.mec.Prompt;

/**
 * The prompts a training run decides its instances under ({@code lambo train --prompts}), a {@link PromptSampler}:
 *
 * <ul>
 *   <li>{@code named} (the default): min-latency for even k, min-energy for odd k, drawing nothing, as ACRL always did
 *       (so every run and checkpoint made before is made the same way);
 *   <li>{@code weights:K} (2 &lt;= K &lt;= 101): {@code weighted:W} with W drawn uniformly from the K evenly spaced
 *       weights 0, 1 / (K - 1), ..., 1 ({@code weights:11}: 0, 0.1, ..., 1);
 *   <li>a list of weights, {@code 0,0.25,0.5,0.75,1}: {@code weighted:W} with W drawn uniformly from the list.
 * </ul>
 *
 * Weighted prompts at the ends train the named prompts too: {@code weighted:1} has the prompt row and the normalised
 * reward of {@code min-latency}, {@code weighted:0} those of {@code min-energy}.
 *
 * @param id the text it was read from, normalised ({@code named}, {@code weights:11}, {@code 0,0.5,1}); what run.json
 *     and the checkpoint record
 * @param support every prompt it can draw, in prompt order
 */
public record TrainingPrompts(String id, List<Prompt> support) implements PromptSampler {
    /** The largest K of {@code weights:K} and the longest list: weights two decimals apart. */
    public static final int MAX_WEIGHTS = 101;

    /** {@code named}: the two named prompts alternately. */
    public static final TrainingPrompts NAMED = new TrainingPrompts("named", List.of(Prompt.values()));

    public TrainingPrompts {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("training prompts need an id");
        if (support == null || support.isEmpty())
            throw new IllegalArgumentException("training prompts '" + id + "' draw no prompt");
        support = List.copyOf(support);
    }

    /** True for {@code named}: the sampler draws nothing and alternates the two named prompts. */
    public boolean named() {
        return support.stream().noneMatch(Prompt::weighted);
    }

    @Override
    public Prompt next(int k, RandomGenerator rng) {
        if (named()) return support.get(k % support.size());
        return support.get(rng.nextInt(support.size()));
    }

    /**
     * Reads {@code named}, {@code weights:K} or a comma-separated list of weights in [0, 1].
     *
     * @throws IllegalArgumentException beginning with {@code prompts}, naming the text and what is accepted
     */
    public static TrainingPrompts parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("named")) return NAMED;
        if (t.startsWith("weights:")) {
            String k = t.substring("weights:".length()).trim();
            int n;
            try {
                n = Integer.parseInt(k);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 2 || n > MAX_WEIGHTS)
                throw new IllegalArgumentException("prompts '" + text + "': K of weights:K must be an integer in [2, "
                        + MAX_WEIGHTS + "], got '" + k + "'");
            List<Prompt> grid = new ArrayList<>();
            for (int j = 0; j < n; j++) grid.add(Prompt.weighted((double) j / (n - 1)));
            return new TrainingPrompts("weights:" + n, grid);
        }
        if (!t.isEmpty() && t.length() <= 16 * MAX_WEIGHTS && t.matches("[0-9.eE+\\-, ]+")) {
            TreeSet<Double> weights = new TreeSet<>();
            for (String part : t.split(",", -1)) {
                String w = part.trim();
                double v;
                try {
                    v = w.isEmpty() ? Double.NaN : Double.parseDouble(w);
                } catch (NumberFormatException e) {
                    v = Double.NaN;
                }
                if (!(v >= 0 && v <= 1))
                    throw new IllegalArgumentException("prompts '" + text
                            + "': every weight of the list must be a number in [0, 1], got '" + w + "'");
                if (!weights.add(v + 0.0))
                    throw new IllegalArgumentException("prompts '" + text + "': the weight " + w + " is listed twice");
            }
            if (weights.size() > MAX_WEIGHTS)
                throw new IllegalArgumentException(
                        "prompts '" + text + "': at most " + MAX_WEIGHTS + " weights, got " + weights.size());
            List<Prompt> list = weights.stream().map(Prompt::weighted).toList();
            return new TrainingPrompts(
                    String.join(
                            ",",
                            list.stream()
                                    .map(p -> p.id().substring("weighted:".length()))
                                    .toList()),
                    list);
        }
        String shown = text == null ? "null" : text.length() > 64 ? text.substring(0, 64) + "..." : text;
        throw new IllegalArgumentException("prompts '" + shown
                + "' are unknown: expected named, weights:K (K evenly spaced weights of latency in [0, 1]) or a list of weights "
                + "such as 0,0.3,0.5,1");
    }

    @Override
    public String toString() {
        return id;
    }
}
