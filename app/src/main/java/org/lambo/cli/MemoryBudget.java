package org.lambo.cli;

import java.util.Locale;
import org.lambo.aed.model.AedConfig;
import org.lambo.aed.model.EncoderMemory;
import org.lambo.io.InputException;
import org.lambo.scenario.ScenarioSource;

/** The AED commands' check that the scenario's largest slots can be encoded within {@code --memory-mb}. */
final class MemoryBudget {
    private MemoryBudget() {}

    /**
     * The most UEs any slot of the scenario (or of any world of a family) has: N at slot 0 or after a ue-count drift.
     */
    static int maxUes(ScenarioSource sc) {
        return sc.maxUes();
    }

    /**
     * Refuses a scenario whose largest slot cannot be encoded {@code batch} at a time within {@code memoryMb} MiB: the
     * forward pass of the encoder alone ({@link EncoderMemory}), a lower bound of what training needs.
     *
     * @throws InputException naming {@code --scenario}, N, the batch, the estimate and the budget
     */
    static void check(ScenarioSource sc, AedConfig config, int batch, long memoryMb) {
        if (memoryMb < 1) throw new InputException("--memory-mb", "", "must be >= 1, got " + memoryMb);
        int n = maxUes(sc);
        long need = (long) Math.max(batch, 1) * EncoderMemory.estimateBytes(config, n);
        if (need > memoryMb << 20) {
            throw new InputException(
                    "--scenario",
                    "",
                    String.format(
                            Locale.ROOT,
                            "%s has up to N = %d UEs: %s needs at least %,d MiB of native memory "
                                    + "to encode with %s, over --memory-mb %,d; use a smaller %smodel or scenario, or raise --memory-mb",
                            sc.name(),
                            n,
                            batch > 1 ? "a batch of " + batch : "one slot",
                            need >> 20,
                            config.name(),
                            memoryMb,
                            batch > 1 ? "--batch, " : ""));
        }
    }
}
