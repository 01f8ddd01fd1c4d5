package org.lambo.policy;

import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;

/**
 * A policy whose answer is a {@link Solution}: it has the capability {@link ReportsBound}, and decides by solving.
 * Callers ask for the capability ({@code policy.capability(ReportsBound.class)}), not for this type.
 */
public interface ExpertPolicy extends OffloadingPolicy, ReportsBound {
    @Override
    default Decision decide(Instance instance, Prompt prompt) {
        return solve(instance, prompt).decision();
    }
}
