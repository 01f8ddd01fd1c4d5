package org.lambo.policy;

import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;

/**
 * Capability: decides and says how uncertain the decision was, read off the decision the policy makes anyway (for the
 * AED, the mean entropy of its greedy decoding). Online ALEF sends a slot whose uncertainty is above its threshold to
 * the experts. Ask for it with {@code policy.capability(HasDecisionTrace.class)}.
 */
public interface HasDecisionTrace {
    /**
     * A decision and its uncertainty.
     *
     * @param entropy the decision's uncertainty in nats (&gt;= 0), or NaN when the policy cannot say for this slot
     */
    record Traced(Decision decision, double entropy) {
        public Traced {
            if (decision == null) throw new IllegalArgumentException("a traced decision needs its decision");
            if (entropy < 0) throw new IllegalArgumentException("decision entropy must be >= 0 or NaN, got " + entropy);
        }
    }

    /** As {@link OffloadingPolicy#decide}, the same decision, with its uncertainty. */
    Traced decideTraced(Instance instance, Prompt prompt);
}
