package org.lambo.aed.alef;

import java.util.List;
import org.lambo.aed.AedModel;
import org.lambo.aed.AedPolicy;
import org.lambo.aed.infer.FastDecoder;
import org.lambo.aed.infer.Trajectory;
import org.lambo.mec.CostModel;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Evaluation;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;

/**
 * The yardstick of ALEF: held-out slots, each solved once by the reference policy under every prompt, and the mean gap
 * (cost - reference) / reference of the AED as deployed (greedy decoding, shares re-optimised by water-filling, as the
 * policy {@code aed} with its defaults) on them.
 */
public final class HeldOutGaps {
    private final List<Instance> slots;
    private final List<Prompt> prompts;
    private final double[][] referenceCost; // [slot][prompt ordinal]

    /**
     * Solves every slot under every prompt with the reference.
     *
     * @param onSolved told after each reference solve (progress), may be null
     */
    public HeldOutGaps(List<Instance> slots, List<Prompt> prompts, OffloadingPolicy reference, Runnable onSolved) {
        if (slots.isEmpty()) throw new IllegalArgumentException("no held-out slots");
        this.slots = List.copyOf(slots);
        this.prompts = List.copyOf(prompts);
        this.referenceCost = new double[slots.size()][Prompt.values().length];
        for (int k = 0; k < slots.size(); k++) {
            Instance inst = slots.get(k);
            for (Prompt p : prompts) {
                var decision = reference.decide(inst, p);
                DecisionValidator.requireValid(inst, decision, reference.name());
                referenceCost[k][p.ordinal()] =
                        CostModel.evaluate(inst, decision).objective(p);
                if (onSolved != null) onSolved.run();
            }
        }
    }

    public int size() {
        return slots.size();
    }

    /** The reference's objective of slot k under a prompt. */
    public double referenceCost(int k, Prompt p) {
        return referenceCost[k][p.ordinal()];
    }

    /**
     * The mean gap of the model's greedy decisions per prompt, indexed by {@link Prompt#ordinal()}; NaN for prompts not
     * measured.
     */
    public double[] gaps(AedModel model) {
        double[] gap = new double[Prompt.values().length];
        java.util.Arrays.fill(gap, Double.NaN);
        FastDecoder dec = model.fastDecoder();
        for (Prompt p : prompts) {
            double sum = 0;
            for (int k = 0; k < slots.size(); k++) {
                Instance inst = slots.get(k);
                // slots may differ in size (a UE-count drift): encode one by one
                float[][] h = model.encode(List.of(inst), List.of(p))[0];
                Trajectory tr = dec.decode(inst, p, dec.prepare(h), FastDecoder.Mode.GREEDY, null);
                double cost = CostModel.evaluate(inst, AedPolicy.reoptimised(inst, tr.decision()))
                        .objective(p);
                sum += Evaluation.gap(cost, referenceCost[k][p.ordinal()]);
            }
            gap[p.ordinal()] = sum / slots.size();
        }
        return gap;
    }
}
