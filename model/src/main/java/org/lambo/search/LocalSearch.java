package org.lambo.search;

import java.util.Set;
import java.util.function.Supplier;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.PolicyDecorator;
import org.lambo.policy.PolicyProvider;
import org.lambo.policy.PolicySettings;

/**
 * The option {@code P.localSearch=K} that every policy P takes (K passes of one-UE moves after each decision,
 * {@link LocalSearchPolicy}; 0, the default, none), a {@link PolicyDecorator} found on the class path
 * ({@code META-INF/services}). Decorators are applied in the order of their class names, so the search (this class)
 * improves the whole slot's decision after {@code org.lambo.region.Regions} has merged its regions'.
 */
public final class LocalSearch implements PolicyDecorator {
    @Override
    public Set<String> optionSuffixes() {
        return Set.of(LocalSearchPolicy.OPTION);
    }

    /**
     * The inner policy itself without {@code P.localSearch} or with 0; else it wrapped in a {@link LocalSearchPolicy}.
     *
     * @throws org.lambo.io.InputException naming a {@code P.localSearch} that is not a whole number in 0..100
     */
    @Override
    public OffloadingPolicy create(PolicyProvider provider, PolicySettings settings, Supplier<OffloadingPolicy> inner) {
        int passes = settings.intOption(
                provider.name() + "." + LocalSearchPolicy.OPTION, 0, 0, LocalSearchPolicy.MAX_PASSES);
        if (passes == 0) return inner.get();
        return new LocalSearchPolicy(inner.get(), passes);
    }
}
