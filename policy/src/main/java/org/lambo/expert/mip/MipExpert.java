package org.lambo.expert.mip;

import org.lambo.io.InputException;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.ExpertPolicy;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.PolicyProvider;
import org.lambo.policy.PolicySettings;
import org.lambo.policy.Solution;
import org.lambo.policy.Stateless;

/**
 * The exact expert {@code mip}, on OR-Tools' SCIP: {@code min-energy} (and {@code weighted:0}) as a generalised
 * assignment problem solved to proven optimality ({@link EnergyMip}), {@code min-latency} and {@code weighted:w} for w
 * &gt; 0 by outer approximation to a proven gap ({@link LatencyOuterApproximation}: the weighted objective a L + b E
 * adds b E, linear in the assignment, to the same model). Its {@link Solution} carries the decision, its true objective
 * (through {@link CostModel}), a proven lower bound and a {@link Solution.Status}:
 *
 * <ul>
 *   <li>{@code OPTIMAL}: proven optimal (min-energy; min-latency when the bounds meet to 1e-12)
 *   <li>{@code GAP_LIMIT}: proven within {@code mip.gap} of the optimum (min-latency)
 *   <li>{@code TIME_LIMIT}: {@code mip.timeLimitS} ran out, between rounds or inside one; the bound says how far it may
 *       be
 *   <li>{@code STALLED}: (min-latency, time left, {@code mip.gap} below numerical precision) no cut could improve the
 *       bound
 * </ul>
 *
 * Deterministic for a given instance unless the time limit strikes. See {@code docs/EXPERTS.md}.
 */
public final class MipExpert implements ExpertPolicy, Stateless {
    private final MipOptions options;

    public MipExpert(MipOptions options) {
        if (options == null) throw new IllegalArgumentException("mip options are required");
        this.options = options;
    }

    public MipExpert() {
        this(MipOptions.defaults());
    }

    public MipOptions options() {
        return options;
    }

    @Override
    public String name() {
        return "mip";
    }

    @Override
    public Solution solve(Instance instance, Prompt prompt) {
        return prompt.energyOnly()
                ? EnergyMip.solve(instance, prompt, options)
                : LatencyOuterApproximation.solve(instance, prompt, options);
    }

    /** Every UE local, with the bound equal to its objective (used where nothing can be offloaded profitably). */
    static Solution allLocal(Instance inst, Prompt prompt, Solution.Status status) {
        double value = CostModel.evaluate(inst, Decision.allLocal(inst.n())).objective(prompt);
        return allLocal(inst, prompt, status, value);
    }

    static Solution allLocal(Instance inst, Prompt prompt, Solution.Status status, double bound) {
        double value = CostModel.evaluate(inst, Decision.allLocal(inst.n())).objective(prompt);
        return new Solution(Decision.allLocal(inst.n()), value, Math.min(bound, value), status);
    }

    /** {@code mip}; options {@code mip.gap} (1e-4), {@code mip.timeLimitS} (60), {@code mip.threads} (1). */
    public static final class Provider implements PolicyProvider {

        @Override
        public java.util.Set<String> optionKeys() {
            return java.util.Set.of("mip.gap", "mip.timeLimitS", "mip.threads");
        }

        @Override
        public String name() {
            return "mip";
        }

        @Override
        public String description() {
            return "exact expert on SCIP: min-energy proven optimal, min-latency to a proven gap (mip.gap, mip.timeLimitS, mip.threads)";
        }

        @Override
        public OffloadingPolicy create(PolicySettings settings) {
            try {
                return new MipExpert(MipOptions.from(settings));
            } catch (InputException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new InputException("option", "mip", e.getMessage());
            }
        }
    }
}
