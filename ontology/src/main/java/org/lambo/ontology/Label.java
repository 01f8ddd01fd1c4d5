package org.lambo.ontology;

import java.util.List;
import org.lambo.check.Require;

/**
 * An expert's label for a slot: the option and share of every UE (in the request's UE order), the prompt's objective,
 * the proven lower bound when the expert has one (null otherwise), the solver's status and the seconds it took.
 */
public record Label(
        String requestId,
        String expert,
        String policy,
        List<Integer> options,
        List<Double> shares,
        double objective,
        Double bound,
        String status,
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
        Require.name("status", status);
        Require.nonNegative("solveS", solveS);
    }
}
