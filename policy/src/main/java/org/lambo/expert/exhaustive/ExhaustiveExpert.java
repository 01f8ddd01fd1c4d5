package org.lambo.expert.exhaustive;

import java.util.Arrays;
import java.util.Optional;
import org.lambo.io.InputException;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.ShareAllocation;
import org.lambo.policy.ExpertPolicy;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.PolicyProvider;
import org.lambo.policy.PolicySettings;
import org.lambo.policy.Solution;
import org.lambo.policy.Stateless;

/**
 * The ground truth on small instances: enumerates every assignment of UEs to options, gives each its best shares
 * ({@link ShareAllocation#best}) and keeps the one with the least objective ({@link CostModel#evaluate}). Since the
 * best shares of a fixed assignment are optimal, the result is the exact optimum of the slot, and its bound equals its
 * objective.
 *
 * <p>The options of UE i are local and every up server whose minimum share for i is at most 1 (the others can never
 * meet the deadline); the enumeration visits the product of these counts, at most (M + 1)^N. Instances with more than
 * {@code exhaustive.maxAssignments} (default 4^8 = 65,536) assignments are refused with an {@link InputException}: use
 * {@code mip} there.
 */
public final class ExhaustiveExpert implements ExpertPolicy, Stateless {
    /** Default of {@code exhaustive.maxAssignments}: 4^8, e.g. 8 UEs and 3 servers. */
    public static final long DEFAULT_MAX_ASSIGNMENTS = 1L << 16;

    private final long maxAssignments;

    /** @param maxAssignments the most assignments it agrees to enumerate, &gt;= 1 */
    public ExhaustiveExpert(long maxAssignments) {
        if (maxAssignments < 1)
            throw new IllegalArgumentException("maxAssignments must be >= 1, got " + maxAssignments);
        this.maxAssignments = maxAssignments;
    }

    public ExhaustiveExpert() {
        this(DEFAULT_MAX_ASSIGNMENTS);
    }

    @Override
    public String name() {
        return "exhaustive";
    }

    @Override
    public Solution solve(Instance inst, Prompt prompt) {
        int n = inst.n();
        int[][] choices = choices(inst);
        long count = 1;
        for (int[] c : choices) {
            if (c.length > maxAssignments / count) { // count * c.length > maxAssignments, without overflow
                throw new InputException(
                        "instance " + inst.id(),
                        "",
                        "has more than " + maxAssignments + " assignments to enumerate (N = " + n + ", M = " + inst.m()
                                + "); raise exhaustive.maxAssignments or use the mip expert");
            }
            count *= c.length;
        }
        int[] digit = new int[n]; // digit[i] indexes choices[i]
        int[] options = new int[n]; // the assignment those digits stand for
        Decision best = Decision.allLocal(n);
        double bestObjective = CostModel.evaluate(inst, best).objective(prompt);
        while (true) {
            for (int i = 0; i < n; i++) options[i] = choices[i][digit[i]];
            Optional<Decision> d = ShareAllocation.best(inst, options);
            if (d.isPresent()) {
                double obj = CostModel.evaluate(inst, d.get()).objective(prompt);
                if (obj < bestObjective) {
                    bestObjective = obj;
                    best = d.get();
                }
            }
            int i = 0; // odometer step: the first UE whose digit can still advance
            while (i < n && digit[i] == choices[i].length - 1) digit[i++] = 0;
            if (i == n) break;
            digit[i]++;
        }
        return new Solution(best, bestObjective, bestObjective, Solution.Status.OPTIMAL);
    }

    /** For every UE, its options that could meet the deadline: local first, then the reachable up servers. */
    static int[][] choices(Instance inst) {
        int[][] out = new int[inst.n()][];
        for (int i = 0; i < inst.n(); i++) {
            int[] buf = new int[inst.m() + 1];
            int k = 0;
            buf[k++] = Decision.LOCAL;
            for (int j = 1; j <= inst.m(); j++) {
                if (inst.server(j).up() && CostModel.minShare(inst, i, j) <= 1) buf[k++] = j;
            }
            out[i] = Arrays.copyOf(buf, k);
        }
        return out;
    }

    /** {@code exhaustive}; option {@code exhaustive.maxAssignments} (default 65536). */
    public static final class Provider implements PolicyProvider {

        @Override
        public java.util.Set<String> optionKeys() {
            return java.util.Set.of("exhaustive.maxAssignments");
        }

        @Override
        public String name() {
            return "exhaustive";
        }

        @Override
        public String description() {
            return "exact optimum by enumerating every assignment (small instances only: up to exhaustive.maxAssignments = 65536)";
        }

        @Override
        public OffloadingPolicy create(PolicySettings settings) {
            return new ExhaustiveExpert(
                    settings.intOption("exhaustive.maxAssignments", (int) DEFAULT_MAX_ASSIGNMENTS, 1, 1 << 26));
        }
    }
}
