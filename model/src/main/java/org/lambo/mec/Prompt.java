package org.lambo.mec;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lambo.io.PromptId;

/**
 * The instruction that tells the policy what to optimise, a value. Every prompt is subject to capacity and deadlines.
 *
 * <ul>
 *   <li>{@link #MIN_LATENCY} {@code min-latency}: minimise L = sum_i T_i (reported as L / N, mean latency per UE, s)
 *   <li>{@link #MIN_ENERGY} {@code min-energy}: minimise E = sum_i E_i (reported as E, total energy, J)
 *   <li>{@link #weighted weighted} {@code weighted:w}, w in [0, 1] ("minimize w latency + (1-w) energy"): minimise w *
 *       L / L_local + (1 - w) * E / E_local, where L_local and E_local are the total latency and energy of the same
 *       instance with every UE local ({@link Instance#allLocalLatency()}, {@link Instance#allLocalEnergy()}). Both
 *       terms are then dimensionless and worth 1 at all-local, so both count whatever the profile's units; the
 *       normalisation is instance-local and deterministic, and weighted:1 / weighted:0 have the optima of min-latency /
 *       min-energy (their objectives are those divided by a positive constant of the instance). Reported as the
 *       objective itself.
 * </ul>
 *
 * The objective of any prompt is linear in L and E: {@code a * L + b * E} with the coefficients
 * {@link #latencyCoefficient} and {@link #energyCoefficient}; {@link CostModel} and {@link Evaluation} compute it
 * through them, and every policy is judged by it.
 *
 * @param latencyWeight w: 1 for min-latency, 0 for min-energy, in [0, 1] for a weighted prompt
 * @param weighted true for {@code weighted:w}, false for the two named prompts
 */
public record Prompt(double latencyWeight, boolean weighted) implements Comparable<Prompt> {
    /** {@code min-latency}: minimise L = sum_i T_i. */
    public static final Prompt MIN_LATENCY = new Prompt(1.0, false);
    /** {@code min-energy}: minimise E = sum_i E_i. */
    public static final Prompt MIN_ENERGY = new Prompt(0.0, false);

    private static final String ID_LATENCY = "min-latency";
    private static final String ID_ENERGY = "min-energy";
    private static final String WEIGHTED = "weighted:";
    /** The longest prompt text that {@link #parse} reads (a bound for messages and files). */
    public static final int MAX_TEXT = PromptId.MAX_TEXT;

    private static final String NUMBER = "([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)";
    private static final Pattern PHRASE = Pattern.compile("(?:minimi[sz]e|最小化)?\\s*" + NUMBER
            + "\\s*\\*?\\s*(latency|energy|延迟|能量|能耗)\\s*\\+\\s*" + NUMBER + "\\s*\\*?\\s*(latency|energy|延迟|能量|能耗)");

    public Prompt {
        latencyWeight += 0.0; // -0.0 becomes 0.0, so that equal weights are equal prompts
        if (!(latencyWeight >= 0 && latencyWeight <= 1)) {
            throw new IllegalArgumentException("prompt weight must be in [0, 1], got " + latencyWeight);
        }
        if (!weighted && latencyWeight != 0 && latencyWeight != 1) {
            throw new IllegalArgumentException(
                    "a named prompt has weight 1 (min-latency) or 0 (min-energy), got " + latencyWeight);
        }
    }

    /** {@code weighted:w}: minimise w * L / L_local + (1 - w) * E / E_local. */
    public static Prompt weighted(double latencyWeight) {
        return new Prompt(latencyWeight, true);
    }

    /** The prompt a message carried (read by the message's reader, {@link PromptId#parse}). */
    public static Prompt of(PromptId id) {
        if (id.weighted()) return weighted(id.latencyWeight());
        return id.latencyWeight() == 1 ? MIN_LATENCY : MIN_ENERGY;
    }

    /** This prompt as a message carries it: its {@link #id()} as a value of the module common, which messages know. */
    public PromptId toId() {
        if (weighted) return PromptId.weighted(latencyWeight);
        return latencyWeight == 1 ? PromptId.MIN_LATENCY : PromptId.MIN_ENERGY;
    }

    /** The two named prompts, min-latency then min-energy (what a bench or a trainer runs by default). */
    public static Prompt[] values() {
        return new Prompt[] {MIN_LATENCY, MIN_ENERGY};
    }

    /**
     * The index of a named prompt in {@link #values()} (0 min-latency, 1 min-energy), for tables kept per named prompt.
     *
     * @throws IllegalStateException for a weighted prompt, which has none
     */
    public int ordinal() {
        if (weighted)
            throw new IllegalStateException("the weighted prompt " + id() + " is not one of the named prompts");
        return latencyWeight == 1 ? 0 : 1;
    }

    /** True for min-latency and weighted:1: the objective does not look at energy. */
    public boolean latencyOnly() {
        return latencyWeight == 1;
    }

    /** True for min-energy and weighted:0: the objective does not look at latency. */
    public boolean energyOnly() {
        return latencyWeight == 0;
    }

    /** a in a * L + b * E: 1 for min-latency, 0 for min-energy, w / L_local for weighted:w (1/s). */
    public double latencyCoefficient(Instance inst) {
        if (!weighted) return latencyWeight;
        return latencyWeight / inst.allLocalLatency();
    }

    /** b in a * L + b * E: 0 for min-latency, 1 for min-energy, (1 - w) / E_local for weighted:w (1/J). */
    public double energyCoefficient(Instance inst) {
        if (!weighted) return 1 - latencyWeight;
        return (1 - latencyWeight) / inst.allLocalEnergy();
    }

    /**
     * a * latency + b * energy on this instance, a term with a zero coefficient left out (so that an infinite latency
     * does not spoil min-energy). Exactly the latency for min-latency and exactly the energy for min-energy.
     */
    public double combine(Instance inst, double latency, double energy) {
        double a = latencyCoefficient(inst);
        double b = energyCoefficient(inst);
        if (b == 0) return a * latency;
        if (a == 0) return b * energy;
        return a * latency + b * energy;
    }

    /**
     * The short name used in files, messages and on the command line: {@code min-latency}, {@code min-energy},
     * {@code weighted:0.3}.
     */
    public String id() {
        return toId().id();
    }

    /** The natural-language instruction, e.g. "minimize latency" or "minimize 0.3 latency + 0.7 energy". */
    public String phrase() {
        if (!weighted) return latencyWeight == 1 ? "minimize latency" : "minimize energy";
        return "minimize " + decimal(latencyWeight) + " latency + " + decimal(1 - latencyWeight) + " energy";
    }

    /** {@link #id()} safe in a file name: {@code min-latency}, {@code weighted-0.3}. */
    public String fileName() {
        return id().replace(':', '-');
    }

    /**
     * What the objective is called in reports: "total latency L", "total energy E", "w L / L_local + (1 - w) E /
     * E_local (w = 0.3)".
     */
    public String objectiveName() {
        if (!weighted) return latencyWeight == 1 ? "total latency L" : "total energy E";
        return "w L / L_local + (1 - w) E / E_local (w = " + decimal(latencyWeight) + ")";
    }

    /** The shortest decimal that reads back as v ({@link PromptId#decimal}). */
    private static String decimal(double v) {
        return PromptId.decimal(v);
    }

    /**
     * Reads a prompt, ignoring case and surrounding blanks:
     *
     * <ul>
     *   <li>the named prompts by id ({@code min-latency}), phrase ("minimize latency", British "minimise" too) or the
     *       article's Chinese phrase (最小延迟, 最小能量);
     *   <li>a weighted prompt as {@code weighted:0.3} (w in [0, 1]) or as a phrase "minimize 0.3 latency + 0.7 energy"
     *       (either order, an optional {@code *}, Chinese "最小化 0.3 延迟 + 0.7 能量" too). The phrase's two weights are
     *       scaled to sum to 1 (scaling an objective does not change its optimum): "1 latency + 3 energy" is
     *       weighted:0.25.
     * </ul>
     *
     * @throws IllegalArgumentException naming the text and the accepted prompts
     */
    public static Prompt parse(String text) {
        if (text != null && text.length() <= MAX_TEXT) {
            String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace("minimise", "minimize");
            if (t.equals(ID_LATENCY) || t.equals("minimize latency") || t.equals("最小延迟")) return MIN_LATENCY;
            if (t.equals(ID_ENERGY) || t.equals("minimize energy") || t.equals("最小能量")) return MIN_ENERGY;
            if (t.startsWith(WEIGHTED)) {
                String w = t.substring(WEIGHTED.length()).trim();
                double v = w.matches(NUMBER) ? Double.parseDouble(w) : Double.NaN;
                if (!(v >= 0 && v <= 1)) {
                    throw new IllegalArgumentException("prompt '" + text
                            + "': the weight of latency after 'weighted:' must be a number in [0, 1], got '" + w + "'");
                }
                return weighted(v);
            }
            Matcher m = PHRASE.matcher(t);
            if (m.matches()) {
                boolean firstLatency =
                        m.group(2).equals("latency") || m.group(2).equals("延迟");
                boolean secondLatency =
                        m.group(4).equals("latency") || m.group(4).equals("延迟");
                if (firstLatency == secondLatency) {
                    throw new IllegalArgumentException("prompt '" + text + "' must weigh latency once and energy once");
                }
                double first = Double.parseDouble(m.group(1));
                double second = Double.parseDouble(m.group(3));
                double lat = firstLatency ? first : second;
                double en = firstLatency ? second : first;
                if (!(Double.isFinite(lat) && Double.isFinite(en) && lat + en > 0 && Double.isFinite(lat + en))) {
                    throw new IllegalArgumentException(
                            "prompt '" + text + "': the weights must be finite and not both 0");
                }
                double sum = lat + en;
                return weighted(Math.abs(sum - 1) <= 1e-12 ? lat : lat / sum);
            }
        }
        String shown = text == null
                ? "null"
                : text.length() > MAX_TEXT
                        ? text.substring(0, MAX_TEXT) + "... (" + text.length() + " characters)"
                        : text;
        throw new IllegalArgumentException("unknown prompt '" + shown
                + "': expected min-latency, min-energy, weighted:W with W in [0, 1], \"minimize latency\", \"minimize energy\""
                + " or \"minimize W latency + V energy\"");
    }

    /**
     * The named prompts first, in the order of {@link #values()} (as the enum they once were), then the weighted ones
     * by weight of latency.
     */
    @Override
    public int compareTo(Prompt o) {
        if (weighted != o.weighted) return weighted ? 1 : -1;
        if (!weighted) return Integer.compare(ordinal(), o.ordinal());
        return Double.compare(latencyWeight, o.latencyWeight);
    }

    @Override
    public String toString() {
        return id();
    }
}
