package org.lambo.policy;

/**
 * Makes a policy by name. Built-in policies and users' own are found the same way, through
 * {@link java.util.ServiceLoader}: list the provider class (public, with a public constructor without arguments) in
 * {@code META-INF/services/org.lambo.policy.PolicyProvider} of a jar, and give the jar to lambo as a plug-in,
 * {@code lambo --plugins yours.jar bench --policies yours} or the environment variable {@code LAMBO_PLUGINS} (see
 * {@link Plugins}); no fork needed. Putting the jar on a class path does not work with {@code testbed-scripts/lambo},
 * which runs {@code java -jar}. A ready project to copy, built against the artifacts {@code lambo-model} (this SPI and
 * the system model, without DJL or OR-Tools) and {@code lambo-policy-testkit} and tested with
 * {@code OffloadingPolicyContract}, is {@code examples/policy-plugin}.
 */
public interface PolicyProvider {
    /** The policy's name, e.g. {@code mip}; unique. */
    String name();

    /** One line for {@code --help} listings. */
    String description();

    /**
     * The option keys this policy reads, each prefixed with its name (e.g. {@code de.population}). {@link Policies}
     * refuses any other key with this prefix, so a typo is an error, never a silent default. None by default.
     */
    default java.util.Set<String> optionKeys() {
        return java.util.Set.of();
    }

    /**
     * What {@code P.regions} is when not given: {@code 1} (one region: the policy decides the whole slot) by default,
     * {@code auto} to split a large slot into regions decided one by one ({@code org.lambo.region.RegionalPolicy}).
     */
    default String defaultRegions() {
        return "1";
    }

    /**
     * What {@code P.localSearch} is when not given: {@code 0} (no search: the policy's own decisions) by default,
     * {@code auto} for the search on slots within the size a learned policy was trained on
     * ({@code org.lambo.search.LocalSearchPolicy}).
     */
    default String defaultLocalSearch() {
        return "0";
    }

    OffloadingPolicy create(PolicySettings settings);
}
