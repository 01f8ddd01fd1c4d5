package org.lambo.search;

import java.util.Set;
import java.util.function.Supplier;
import org.lambo.io.InputException;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.PolicyDecorator;
import org.lambo.policy.PolicyProvider;
import org.lambo.policy.PolicySettings;

/**
 * The option {@code P.localSearch=K|auto} that every policy P takes (K passes of one-UE moves and exchanges after each
 * decision, {@link LocalSearchPolicy}; 0, the default of most policies, none), a {@link PolicyDecorator} found on the
 * class path ({@code META-INF/services}). It sits inside the regions ({@link #order}): with {@code P.regions} a slot's
 * regions are each decided and searched on their own, so the search's cost grows with the region's size, not the
 * slot's.
 */
public final class LocalSearch implements PolicyDecorator {
    /**
     * Outside the regions: the search sees the whole slot's decision, so a UE may move between regions. (A search per
     * region would cost less on a slot of thousands; {@code auto} leaves such slots alone.)
     */
    @Override
    public int order() {
        return 200;
    }

    @Override
    public Set<String> optionSuffixes() {
        return Set.of(LocalSearchPolicy.OPTION);
    }

    /**
     * The inner policy itself when {@code P.localSearch} (or, without it, the provider's
     * {@link PolicyProvider#defaultLocalSearch}) is 0; else it wrapped in a {@link LocalSearchPolicy}: K passes on
     * every slot, or for {@code auto} {@link LocalSearchPolicy#AUTO_PASSES} on slots of at most
     * {@link LocalSearchPolicy#AUTO_MAX_UES} UEs and {@link LocalSearchPolicy#AUTO_MAX_SERVERS} servers.
     *
     * @throws org.lambo.io.InputException naming a {@code P.localSearch} that is neither {@code auto} nor a whole
     *     number in 0..100
     */
    @Override
    public OffloadingPolicy create(PolicyProvider provider, PolicySettings settings, Supplier<OffloadingPolicy> inner) {
        String key = provider.name() + "." + LocalSearchPolicy.OPTION;
        String value = settings.string(key, provider.defaultLocalSearch()).trim();
        if (value.equals("auto")) {
            return new LocalSearchPolicy(
                    inner.get(),
                    LocalSearchPolicy.AUTO_PASSES,
                    LocalSearchPolicy.AUTO_MAX_UES,
                    LocalSearchPolicy.AUTO_MAX_SERVERS);
        }
        int passes;
        try {
            passes = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InputException(
                    "option",
                    key,
                    "must be auto or a whole number of passes in 0.." + LocalSearchPolicy.MAX_PASSES + ", got '" + value
                            + "'");
        }
        if (passes < 0 || passes > LocalSearchPolicy.MAX_PASSES)
            throw new InputException(
                    "option",
                    key,
                    "must be auto or a whole number of passes in 0.." + LocalSearchPolicy.MAX_PASSES + ", got "
                            + value);
        if (passes == 0) return inner.get();
        return new LocalSearchPolicy(inner.get(), passes, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }
}
