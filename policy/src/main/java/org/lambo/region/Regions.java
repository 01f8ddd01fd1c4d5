package org.lambo.region;

import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.PolicyProvider;
import org.lambo.policy.PolicySettings;

/**
 * Where {@link org.lambo.policy.Policies} asks whether a policy is split into regions: the options {@code P.regions}
 * and {@code P.regionThreads} that every policy P takes, and the policy they make ({@link RegionalPolicy}). Not a
 * policy itself, so that the registry names no concrete policy class.
 */
public final class Regions {
    private Regions() {}

    /**
     * The policy {@code provider} makes with {@code settings}, split into regions when its {@code P.regions} option
     * (or, without it, the provider's {@link PolicyProvider#defaultRegions}) says so: the inner policy itself when that
     * is 1, so that an undivided policy is exactly what it was.
     *
     * @throws org.lambo.io.InputException naming a bad {@code P.regions} or {@code P.regionThreads}
     */
    public static OffloadingPolicy create(PolicyProvider provider, PolicySettings settings) {
        String key = provider.name() + "." + RegionalPolicy.OPTION;
        RegionCount count = RegionCount.parse(key, settings.string(key, provider.defaultRegions()));
        int threads = settings.intOption(
                provider.name() + "." + RegionalPolicy.THREADS_OPTION, 1, 1, RegionalPolicy.MAX_THREADS);
        if (count.equals(RegionCount.ONE)) return provider.create(settings);
        return new RegionalPolicy(count, threads, () -> provider.create(settings));
    }

    /** Whether {@code key} is one of the options every policy {@code policy} takes from here. */
    public static boolean isOptionOf(String policy, String key) {
        return key.equals(policy + "." + RegionalPolicy.OPTION)
                || key.equals(policy + "." + RegionalPolicy.THREADS_OPTION);
    }
}
