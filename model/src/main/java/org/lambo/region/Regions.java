package org.lambo.region;

import java.util.Set;
import java.util.function.Supplier;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.PolicyDecorator;
import org.lambo.policy.PolicyProvider;
import org.lambo.policy.PolicySettings;

/**
 * The options {@code P.regions} and {@code P.regionThreads} that every policy P takes, and the policy they make
 * ({@link RegionalPolicy}): a {@link PolicyDecorator} that {@link org.lambo.policy.Policies} finds on the class path
 * ({@code META-INF/services}), so that the registry names neither this package nor any concrete policy class.
 */
public final class Regions implements PolicyDecorator {
    /** Outermost of the project's decorators: a region's decision is what the decorators below it make. */
    @Override
    public int order() {
        return 100;
    }

    @Override
    public Set<String> optionSuffixes() {
        return Set.of(RegionalPolicy.OPTION, RegionalPolicy.THREADS_OPTION);
    }

    /**
     * The policy split into regions when its {@code P.regions} option (or, without it, the provider's
     * {@link PolicyProvider#defaultRegions}) says so: the inner policy itself when that is 1, so that an undivided
     * policy is exactly what it was.
     *
     * @throws org.lambo.io.InputException naming a bad {@code P.regions} or {@code P.regionThreads}
     */
    @Override
    public OffloadingPolicy create(PolicyProvider provider, PolicySettings settings, Supplier<OffloadingPolicy> inner) {
        String key = provider.name() + "." + RegionalPolicy.OPTION;
        RegionCount count = RegionCount.parse(key, settings.string(key, provider.defaultRegions()));
        int threads = settings.intOption(
                provider.name() + "." + RegionalPolicy.THREADS_OPTION, 1, 1, RegionalPolicy.MAX_THREADS);
        if (count.equals(RegionCount.ONE)) return inner.get();
        return new RegionalPolicy(count, threads, inner);
    }
}
