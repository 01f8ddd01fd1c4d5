package org.lambo.policy;

/**
 * Makes a policy by name. Built-in policies and users' own are found the same way, through
 * {@link java.util.ServiceLoader}: list the provider class in
 * {@code META-INF/services/org.lambo.policy.PolicyProvider} on the class path and
 * {@code lambo bench --policies yours} picks it up, no fork needed.
 */
public interface PolicyProvider {
    /** The policy's name, e.g. {@code mip}; unique. */
    String name();

    /** One line for {@code --help} listings. */
    String description();

    /**
     * The option keys this policy reads, each prefixed with its name (e.g. {@code de.population}).
     * {@link Policies} refuses any other key with this prefix, so a typo is an error, never a silent
     * default. None by default.
     */
    default java.util.Set<String> optionKeys() {
        return java.util.Set.of();
    }

    OffloadingPolicy create(PolicySettings settings);
}
