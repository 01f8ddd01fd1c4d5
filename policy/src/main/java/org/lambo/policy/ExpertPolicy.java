package org.lambo.policy;

import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;

/** A policy that can also say how good its answer is: an objective and a lower bound. */
public interface ExpertPolicy extends OffloadingPolicy {
    Solution solve(Instance instance, Prompt prompt);

    @Override
    default Decision decide(Instance instance, Prompt prompt) {
        return solve(instance, prompt).decision();
    }
}
