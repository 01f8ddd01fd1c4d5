package org.lambo.policy;

import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;

/**
 * Capability: besides a decision, says how good it is: its objective, a proven lower bound on the optimum and the
 * solver's status (a {@link Solution}). The experts ({@code mip}, {@code de}, {@code exhaustive}) have it; a bench
 * keeps the reference's bound and {@code lambo solve} prints it. Ask for it with
 * {@code policy.capability(ReportsBound.class)}.
 */
public interface ReportsBound {
    /** Solves the instance; {@code solve(i, p).decision()} is what {@link OffloadingPolicy#decide} returns. */
    Solution solve(Instance instance, Prompt prompt);
}
