package org.lambo.mec;

import java.util.Locale;

/**
 * The instruction that tells the policy what to optimise. Both are subject to capacity and deadlines.
 * <ul>
 *   <li>{@code min-latency}: minimise L = sum_i T_i (reported as L / N, mean latency per UE, s)</li>
 *   <li>{@code min-energy}: minimise E = sum_i E_i (reported as E, total energy, J)</li>
 * </ul>
 */
public enum Prompt {
    MIN_LATENCY("min-latency", "minimize latency", "最小延迟"),
    MIN_ENERGY("min-energy", "minimize energy", "最小能量");

    private final String id;
    private final String phrase;
    private final String phraseZh;

    Prompt(String id, String phrase, String phraseZh) {
        this.id = id;
        this.phrase = phrase;
        this.phraseZh = phraseZh;
    }

    /** The short name used in files and on the command line, e.g. {@code min-latency}. */
    public String id() {
        return id;
    }

    /** The natural-language instruction, e.g. "minimize latency". */
    public String phrase() {
        return phrase;
    }

    /**
     * Reads a prompt from its id ({@code min-latency}), its phrase ("minimize latency", British
     * "minimise" too) or the article's Chinese phrase, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the text and the accepted prompts
     */
    public static Prompt parse(String text) {
        if (text != null) {
            String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace("minimise", "minimize");
            for (Prompt p : values()) {
                if (t.equals(p.id) || t.equals(p.phrase) || t.equals(p.phraseZh) || t.equals(p.name().toLowerCase(Locale.ROOT).replace('_', '-'))) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("unknown prompt '" + text
                + "': expected min-latency, min-energy, \"minimize latency\" or \"minimize energy\"");
    }

    @Override
    public String toString() {
        return id;
    }
}
