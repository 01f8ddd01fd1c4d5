package org.lambo.agents.testing;

import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.PolicyProvider;
import org.lambo.policy.PolicySettings;

/**
 * A broken plug-in for the agent tests: registered as {@code nameless}, its policy names itself with a blank name,
 * against the policy contract. Everything kept local.
 */
public final class NamelessPolicy implements OffloadingPolicy {
    @Override
    public String name() {
        return " ";
    }

    @Override
    public Decision decide(Instance inst, Prompt prompt) {
        return new Decision(new int[inst.n()], new double[inst.n()]);
    }

    public static final class Provider implements PolicyProvider {
        @Override
        public String name() {
            return "nameless";
        }

        @Override
        public String description() {
            return "test policy: names itself with a blank name (a broken plug-in)";
        }

        @Override
        public OffloadingPolicy create(PolicySettings settings) {
            return new NamelessPolicy();
        }
    }
}
