package org.lambo.baseline;

import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.PolicyProvider;
import org.lambo.policy.PolicySettings;
import org.lambo.policy.Stateless;

/** Every task runs on its UE: always feasible, the reference that offloading must beat. */
public final class LocalPolicy implements OffloadingPolicy, Stateless {
    @Override
    public String name() {
        return "local";
    }

    @Override
    public Decision decide(Instance instance, Prompt prompt) {
        return Decision.allLocal(instance.n());
    }

    public static final class Provider implements PolicyProvider {
        @Override
        public String name() {
            return "local";
        }

        @Override
        public String description() {
            return "every task runs locally";
        }

        @Override
        public OffloadingPolicy create(PolicySettings settings) {
            return new LocalPolicy();
        }
    }
}
