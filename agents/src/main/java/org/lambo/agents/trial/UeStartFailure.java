package org.lambo.agents.trial;

import org.lambo.agents.GuardedAgent;
import org.lambo.agents.LeaveAfterSetupFailure;

/**
 * Stands in, under its name, for a UE agent that its container could not start ({@link Population#startUes}): tells the
 * trial's clock why, as a UE that cannot set up does ({@link LeaveAfterSetupFailure}: the clock does not wait for it
 * and its tasks fail with the reason), and ends. The clock takes a setup failure only from the agent of the UE's own
 * name, which is why a stand-in of that name says it; when even the stand-in cannot start (the platform holds the
 * name), this container's messenger {@code start-failure-NAME} says it ({@link UeStartWords} says when the clock takes
 * it).
 *
 * <p>Arguments: the reason, in words.
 */
public class UeStartFailure extends GuardedAgent {
    @Override
    protected void setup() {
        Object[] args = getArguments();
        String reason = args != null && args.length == 1 && args[0] instanceof String s && !s.isBlank()
                ? s
                : getLocalName() + " could not start (its container gave no reason)";
        addBehaviour(new LeaveAfterSetupFailure(this, reason));
    }
}
