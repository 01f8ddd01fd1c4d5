package org.lambo.ontology;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;
import org.lambo.check.Require;

/**
 * An expert's label for a slot: the option and share of every UE (in the request's UE order), the prompt's objective,
 * the proven lower bound when the expert has one (null otherwise), the solver's {@link Status} and the seconds it took.
 */
public record Label(
        String requestId,
        String expert,
        String policy,
        List<Integer> options,
        List<Double> shares,
        double objective,
        Double bound,
        Status status,
        double solveS)
        implements LamboMessage {
    public Label {
        Require.name("requestId", requestId);
        Require.name("expert", expert);
        Require.name("policy", policy);
        options = Require.list("options", options, org.lambo.io.Limits.MAX_UES);
        shares = Require.list("shares", shares, org.lambo.io.Limits.MAX_UES);
        if (options.size() != shares.size()) {
            throw new IllegalArgumentException(
                    "options and shares must have the same length, got " + options.size() + " and " + shares.size());
        }
        for (int k = 0; k < options.size(); k++) {
            Require.between("options[" + k + "]", options.get(k), 0, org.lambo.io.Limits.MAX_SERVERS);
            Require.share("shares[" + k + "]", shares.get(k));
        }
        Require.nonNegative("objective", objective);
        if (bound != null) Require.finite("bound", bound);
        Require.present("status", status);
        Require.nonNegative("solveS", solveS);
    }

    /**
     * How the expert stopped, the words of {@code org.lambo.policy.Solution.Status} (docs/EXPERTS.md): on the wire its
     * name, {@code OPTIMAL}, {@code GAP_LIMIT}, {@code TIME_LIMIT}, {@code STALLED} or {@code HEURISTIC}.
     */
    public enum Status {
        /** Proven optimal. */
        OPTIMAL,
        /** Proven within the expert's gap. */
        GAP_LIMIT,
        /** The expert's time ran out: the best decision found, a valid bound. */
        TIME_LIMIT,
        /** No cut left to tighten the bound, the gap still open. */
        STALLED,
        /** A heuristic's answer (or an expert without a bound): nothing proven. */
        HEURISTIC;

        /**
         * The status a word names: its name in any case, as messages wrote it when the status was free text
         * ({@code heuristic}, and {@code heuristic: stopped by generations after 300 generations}, the details after
         * the colon dropped).
         *
         * @throws IllegalArgumentException naming the field and the word when it names none
         */
        @JsonCreator
        public static Status parse(String word) {
            if (word != null) {
                int colon = word.indexOf(':');
                String name = (colon < 0 ? word : word.substring(0, colon)).strip();
                for (Status s : values()) if (s.name().equalsIgnoreCase(name)) return s;
            }
            String shown = word == null
                    ? "null"
                    : "'"
                            + (word.length() <= 64
                                    ? word
                                    : word.substring(0, 64) + "... (" + word.length() + " characters)")
                            + "'";
            throw new IllegalArgumentException(
                    "status must be one of OPTIMAL, GAP_LIMIT, TIME_LIMIT, STALLED, HEURISTIC, got " + shown);
        }
    }
}
