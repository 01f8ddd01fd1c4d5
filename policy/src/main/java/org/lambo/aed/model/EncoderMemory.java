package org.lambo.aed.model;

import java.util.Locale;
import org.lambo.io.InputException;

/**
 * The native (engine) memory the AED's encoder needs to encode one slot of N UEs, and the budget it must fit in.
 * Self-attention scores every pair of UEs: each of the L layers keeps three [h, N, N] float tensors (the scores, the
 * scaled scores and the softmax) until the pass ends, so the memory grows as {@code 12 h L N^2} bytes, plus a linear
 * term for the [N, d] and [N, ffHidden] activations. Measured on the 2-core VM (lambo-m, h = 8, L = 4): N = 1,000 grew
 * the process by 293 MiB, N = 2,000 by 1,431 MiB; this estimate gives 409 and 1,551 MiB, and 36.2 GiB for N = 10,000
 * (the report of a 10,000-UE slot killed at 24 GB). That is {@link #estimateBytes}, what a training pass (gradients)
 * needs.
 *
 * <p>Deciding a slot ({@link #inferenceBytes}) attends in blocks of queries ({@link MultiHeadAttention#CHUNK_PAIRS}):
 * above 2^18 pairs per head only one block's three [h, rows, N] tensors live at a time, so the attention term stops
 * growing as N^2 and the linear term dominates (lambo-m: 109 MiB at N = 2,000 against 1,550 MiB unchunked, 453 MiB at N
 * = 10,000; lambo-l 1,312 MiB at N = 10,000). A slot whose inference estimate is over the budget is refused before the
 * encoder runs, with N, the estimate and the budget in the message.
 */
public final class EncoderMemory {
    /**
     * The default budget, MiB ({@code aed.memoryMb}): with attention in blocks every model fits every N up to
     * {@code Instance.MAX_UES} in it (lambo-l at N = 10,000: about 1.3 GiB).
     */
    public static final long DEFAULT_BUDGET_MB = 4096;
    /** The option that sets the budget. */
    public static final String OPTION = "aed.memoryMb";

    private EncoderMemory() {}

    /** The estimated peak native memory, bytes, of encoding one slot of {@code n} UEs. */
    public static long estimateBytes(AedConfig config, int n) {
        long nn = (long) n * n;
        long attention = 3L * config.heads() * config.encoderLayers() * nn * Float.BYTES;
        long activations =
                (long) config.encoderLayers() * n * (16L * config.dModel() + 3L * config.ffHidden()) * Float.BYTES;
        return attention + activations;
    }

    /**
     * The estimated peak native memory, bytes, of encoding one slot of {@code n} UEs to decide it: the attention of one
     * block at a time when the pass is chunked, all of it otherwise, plus the linear term of {@link #estimateBytes}.
     */
    public static long inferenceBytes(AedConfig config, int n) {
        long nn = (long) n * n;
        if (nn <= MultiHeadAttention.CHUNK_PAIRS) return estimateBytes(config, n);
        long rows = Math.max(1, MultiHeadAttention.CHUNK_PAIRS / n);
        long block = 3L * config.heads() * rows * n * Float.BYTES;
        long activations =
                (long) config.encoderLayers() * n * (16L * config.dModel() + 3L * config.ffHidden()) * Float.BYTES;
        return block + activations;
    }

    /**
     * Refuses a slot of {@code n} UEs whose inference estimate ({@link #inferenceBytes}) is over {@code budgetMb} MiB.
     *
     * @throws InputException naming the instance, N, the estimate, the model and the budget
     */
    public static void check(String instanceId, AedConfig config, int n, long budgetMb) {
        long need = inferenceBytes(config, n);
        if (need > budgetMb * (1L << 20)) {
            throw new InputException(
                    "aed",
                    "",
                    String.format(
                            Locale.ROOT,
                            "instance %s has N = %d UEs: encoding it needs about %,d MiB of native memory with %s (%d heads, %d layers; "
                                    + "attention in blocks, so memory grows as N), over the memory budget of %,d MiB (%s); decide fewer UEs per slot, use a smaller model, "
                                    + "or raise %s",
                            instanceId,
                            n,
                            need >> 20,
                            config.name(),
                            config.heads(),
                            config.encoderLayers(),
                            budgetMb,
                            OPTION,
                            OPTION));
        }
    }
}
