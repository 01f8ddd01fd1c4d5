package org.lambo.aed.infer;

import java.util.Locale;
import org.lambo.aed.AedConfig;
import org.lambo.io.InputException;

/**
 * The native (engine) memory the AED's encoder needs to encode one slot of N UEs, and the budget it
 * must fit in. Self-attention scores every pair of UEs: each of the L layers keeps three [h, N, N] float
 * tensors (the scores, the scaled scores and the softmax) until the pass ends, so the memory grows as
 * {@code 12 h L N^2} bytes, plus a linear term for the [N, d] and [N, ffHidden] activations. Measured on
 * the 2-core VM (lambo-m, h = 8, L = 4): N = 1,000 grew the process by 293 MiB, N = 2,000 by 1,431 MiB;
 * this estimate gives 409 and 1,551 MiB, and 36.2 GiB for N = 10,000 (the report of a 10,000-UE
 * slot killed at 24 GB). A slot over the budget is refused
 * before the encoder runs, with N, the estimate and the budget in the message.
 */
public final class EncoderMemory {
    /** The default budget, MiB ({@code aed.memoryMb}): lambo-m fits N up to 3,286 in it, lambo-s 6,630, lambo-l 2,615. */
    public static final long DEFAULT_BUDGET_MB = 4096;
    /** The option that sets the budget. */
    public static final String OPTION = "aed.memoryMb";

    private EncoderMemory() {}

    /** The estimated peak native memory, bytes, of encoding one slot of {@code n} UEs. */
    public static long estimateBytes(AedConfig config, int n) {
        long nn = (long) n * n;
        long attention = 3L * config.heads() * config.encoderLayers() * nn * Float.BYTES;
        long activations = (long) config.encoderLayers() * n * (16L * config.dModel() + 3L * config.ffHidden()) * Float.BYTES;
        return attention + activations;
    }

    /**
     * Refuses a slot of {@code n} UEs whose estimate is over {@code budgetMb} MiB.
     *
     * @throws InputException naming the instance, N, the estimate, the model and the budget
     */
    public static void check(String instanceId, AedConfig config, int n, long budgetMb) {
        long need = estimateBytes(config, n);
        if (need > budgetMb * (1L << 20)) {
            throw new InputException("aed", "", String.format(Locale.ROOT,
                    "instance %s has N = %d UEs: encoding it needs about %,d MiB of native memory with %s (%d heads, %d layers; "
                            + "attention grows as N^2), over the memory budget of %,d MiB (%s); decide fewer UEs per slot, use a smaller model, "
                            + "or raise %s", instanceId, n, need >> 20, config.name(), config.heads(), config.encoderLayers(), budgetMb, OPTION, OPTION));
        }
    }
}
