package org.lambo.mec;

import java.util.ArrayList;
import java.util.List;

/**
 * The one validator that every decision of every policy goes through: options in range, no down server, shares in (0,
 * 1] when offloaded and 0 when local, each server's shares summing to at most 1, and every deadline met (a local UE's
 * too, unless its deadline binds only offloading, {@link Task#offloadOnly()}). A decision that fails is a bug in the
 * policy that made it.
 */
public final class DecisionValidator {
    /**
     * Relative slack for floating-point round-off in capacity and deadline checks: the records' own
     * ({@link org.lambo.check.Require#SHARE_SLACK}), so that a decision this accepts is one the messages carry.
     */
    public static final double TOLERANCE = org.lambo.check.Require.SHARE_SLACK;

    private DecisionValidator() {}

    public enum Kind {
        SIZE,
        OPTION,
        SERVER_DOWN,
        SHARE,
        CAPACITY,
        DEADLINE
    }

    /** One broken rule; {@code ue} or {@code server} is -1 where it does not apply. */
    public record Violation(Kind kind, int ue, int server, String message) {
        @Override
        public String toString() {
            return kind + ": " + message;
        }
    }

    /** All the rules the decision breaks on the instance; empty when it is valid. */
    public static List<Violation> violations(Instance inst, Decision d) {
        List<Violation> out = new ArrayList<>();
        if (d.size() != inst.n()) {
            out.add(new Violation(Kind.SIZE, -1, -1, "decision covers " + d.size() + " UEs, instance has " + inst.n()));
            return out;
        }
        int m = inst.m();
        double[] used = new double[m + 1];
        for (int i = 0; i < inst.n(); i++) {
            int o = d.option(i);
            double s = d.share(i);
            if (o < 0 || o > m) {
                out.add(new Violation(Kind.OPTION, i, -1, "UE " + i + " has option " + o + ", not in 0.." + m));
                continue;
            }
            if (o == Decision.LOCAL) {
                if (s != 0) out.add(new Violation(Kind.SHARE, i, -1, "UE " + i + " runs locally but has share " + s));
                continue;
            }
            if (!inst.server(o).up()) {
                out.add(new Violation(
                        Kind.SERVER_DOWN, i, o, "UE " + i + " offloads to server " + o + ", which is down"));
            }
            if (!(s > 0 && s <= 1 + TOLERANCE)) {
                out.add(new Violation(
                        Kind.SHARE, i, o, "UE " + i + " has share " + s + " of server " + o + ", not in (0, 1]"));
                continue;
            }
            used[o] += s;
        }
        for (int j = 1; j <= m; j++) {
            if (used[j] > 1 + TOLERANCE) {
                out.add(new Violation(
                        Kind.CAPACITY, -1, j, "server " + j + " is given shares summing to " + used[j] + " > 1"));
            }
        }
        for (int i = 0; i < inst.n(); i++) {
            int o = d.option(i);
            if (o < 0 || o > m || (o != Decision.LOCAL && !(d.share(i) > 0))) continue;
            if (o == Decision.LOCAL && !inst.ue(i).task().deadlineBindsLocal()) continue;
            double t = CostModel.latency(inst, i, o, d.share(i));
            double deadline = inst.ue(i).task().deadlineS();
            if (t > deadline * (1 + TOLERANCE)) {
                out.add(new Violation(
                        Kind.DEADLINE, i, o, "UE " + i + " finishes after " + t + " s, deadline " + deadline + " s"));
            }
        }
        return out;
    }

    public static boolean isValid(Instance inst, Decision d) {
        return violations(inst, d).isEmpty();
    }

    /** @throws InvalidDecisionException listing every violation */
    public static void requireValid(Instance inst, Decision d, String policy) {
        List<Violation> v = violations(inst, d);
        if (!v.isEmpty()) throw new InvalidDecisionException(policy, inst.id(), v);
    }

    /** Thrown when a policy returns a decision that breaks the model's rules: a bug in that policy. */
    public static final class InvalidDecisionException extends RuntimeException {
        private final transient List<Violation> violations;

        public InvalidDecisionException(String policy, String instance, List<Violation> violations) {
            super("policy " + policy + " returned an invalid decision on instance " + instance + ": " + violations);
            this.violations = List.copyOf(violations);
        }

        public List<Violation> violations() {
            return violations;
        }
    }
}
