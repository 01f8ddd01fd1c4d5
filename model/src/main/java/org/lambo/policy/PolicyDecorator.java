package org.lambo.policy;

import java.util.Set;
import java.util.function.Supplier;

/**
 * A way to make any policy, chosen by options of its own under the policy's name ({@code P.suffix}, e.g.
 * {@code aed.regions=5}): {@link Policies} lists every decorator on the class path ({@link java.util.ServiceLoader},
 * like {@link PolicyProvider}s), accepts their options for every policy, and makes a policy through each in turn. A
 * decorator that its options do not ask for returns the inner policy itself, so a policy made without them is exactly
 * what its provider makes. The regions of {@code org.lambo.region} are one.
 */
public interface PolicyDecorator {
    /**
     * Where this decorator sits among others: a lower order wraps the policy first (innermost), so a higher one sees
     * the decorated policy. 0 by default; the regions of {@code org.lambo.region} are 100, the search of
     * {@code org.lambo.search} 200 (it improves the merged decision of the whole slot).
     */
    default int order() {
        return 0;
    }

    /** The option keys, without the policy's name and its dot, that this decorator reads for every policy. */
    Set<String> optionSuffixes();

    /**
     * The policy {@code provider} makes with {@code settings}, decorated as its options ask.
     *
     * @param inner makes the undecorated policy (a fresh one at each call: a decorator may hold several)
     * @throws org.lambo.io.InputException naming a bad option of this decorator
     */
    OffloadingPolicy create(PolicyProvider provider, PolicySettings settings, Supplier<OffloadingPolicy> inner);
}
