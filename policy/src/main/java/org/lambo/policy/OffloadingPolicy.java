package org.lambo.policy;

import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;

/**
 * What every offloading scheme is: an instance and a prompt in, a decision for every UE out. The AED,
 * the experts and every baseline implement it, and each passes the one contract test
 * ({@code OffloadingPolicyContract}): a valid decision on every instance, for both prompts.
 *
 * <p>A policy may keep state between calls (a random generator, a replay memory) and is therefore not
 * assumed to be thread-safe.
 */
public interface OffloadingPolicy {
    /** The name it is known by on the command line and in result tables, e.g. {@code mip}. */
    String name();

    /** Decides every UE of the instance. The result must pass the {@code DecisionValidator}. */
    Decision decide(Instance instance, Prompt prompt);
}
