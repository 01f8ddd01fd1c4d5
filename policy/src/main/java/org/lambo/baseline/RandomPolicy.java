package org.lambo.baseline;

import org.apache.commons.math3.random.RandomGenerator;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;
import org.lambo.mec.ShareAllocation;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.PolicyProvider;
import org.lambo.policy.PolicySettings;
import org.lambo.rng.Seeds;

/**
 * The floor every learned policy must clear: UE by UE in index order, each UE takes an option drawn uniformly from
 * those the {@link SequentialState} marks feasible (local always among them; each offloaded UE reserves its minimum
 * share), then the shares are water-filled by {@link ShareAllocation#best}. Ignores the prompt. The generator is the
 * policy's own stream ({@code Seeds.stream(seed, "random")}) and advances from call to call, so a fixed seed fixes the
 * whole sequence of decisions.
 */
public final class RandomPolicy implements OffloadingPolicy {
    private final RandomGenerator rng;

    public RandomPolicy(RandomGenerator rng) {
        if (rng == null) throw new IllegalArgumentException("random policy needs a generator");
        this.rng = rng;
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public Decision decide(Instance instance, Prompt prompt) {
        SequentialState state = new SequentialState(instance);
        int[] feasible = new int[instance.m() + 1];
        for (int i = 0; i < instance.n(); i++) {
            int k = 0;
            for (int j = 0; j <= instance.m(); j++) if (state.feasible(i, j)) feasible[k++] = j;
            state.assign(i, feasible[rng.nextInt(k)], 0.0);
        }
        return ShareAllocation.require(instance, state.options());
    }

    public static final class Provider implements PolicyProvider {
        @Override
        public String name() {
            return "random";
        }

        @Override
        public String description() {
            return "a uniformly random feasible option per UE (seeded); water-filled shares";
        }

        @Override
        public OffloadingPolicy create(PolicySettings settings) {
            return new RandomPolicy(Seeds.stream(settings.seed(), "random"));
        }
    }
}
