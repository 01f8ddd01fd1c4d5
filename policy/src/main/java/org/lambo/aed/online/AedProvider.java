package org.lambo.aed.online;

import org.lambo.aed.AedPolicy;
import org.lambo.aed.model.EncoderMemory;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.PolicyProvider;
import org.lambo.policy.PolicySettings;

/**
 * Registers {@code aed} with {@link org.lambo.policy.Policies}: an {@link AedPolicy} built by
 * {@link AedPolicy#fromSettings}, able to learn online ({@link FineTunableAed}).
 */
public final class AedProvider implements PolicyProvider {

    @Override
    public java.util.Set<String> optionKeys() {
        return java.util.Set.of(
                "aed.checkpoint",
                "aed.samples",
                "aed.reoptimise",
                "aed.model",
                EncoderMemory.OPTION,
                AedPolicy.WARMUP_OPTION);
    }

    @Override
    public String name() {
        return "aed";
    }

    @Override
    public String description() {
        return "LAMBO asymmetric encoder-decoder; built-in checkpoint trained on paper unless aed.checkpoint=DIR|none (aed.samples=k, aed.reoptimise=true|false, aed.memoryMb=MB: the encoder's native memory budget, default 4096; aed.warmup=k: synthetic slots decided when built, default 3; aed.regions=auto|R: a slot above 200 UEs or 8 servers decided in regions, default auto; aed.localSearch=auto|K: the decoded decision improved by one-UE moves and exchanges, default auto: 3 passes on slots of at most 200 UEs and 8 servers, 0 for the model's decision alone)";
    }

    /** A slot larger than the family the default AED was trained on is split into regions (docs/BENCHMARKS.md). */
    @Override
    public String defaultRegions() {
        return "auto";
    }

    /**
     * The decoded decision is improved by local search on slots the size of the default's training family (docs/AED.md,
     * "Local search after decoding"); {@code aed.localSearch=0} gives the model's decision alone.
     */
    @Override
    public String defaultLocalSearch() {
        return "auto";
    }

    @Override
    public OffloadingPolicy create(PolicySettings settings) {
        return new FineTunableAed(AedPolicy.fromSettings(settings));
    }
}
