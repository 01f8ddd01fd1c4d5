package org.lambo.aed.infer;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Runs an inference pass with the engine's gradient recording off on the calling thread. PyTorch's grad mode is a
 * per-thread flag, on by default: the engine turns it off only on the thread that loaded it, so an encoder pass on any
 * other thread (an agent's, a trial's lane) would record an autograd graph of every operation against the parameters,
 * which require gradients, and free it again after the pass. Recording changes no value computed (the forward kernels
 * are the same), only the bookkeeping and the memory held during the pass. The flag is restored afterwards, so a
 * training pass on the same thread (a {@code GradientCollector} turns it on) is unaffected.
 */
public final class NoGrad {
    private NoGrad() {}

    /** The value of {@code pass}, computed with gradient recording off on this thread. */
    public static <T> T call(Supplier<T> pass) {
        if (!isPyTorch() || !JniUtils.isGradMode()) return pass.get();
        JniUtils.setGradMode(false);
        try {
            return pass.get();
        } finally {
            JniUtils.setGradMode(true);
        }
    }

    /** Whether the calling thread records gradients (false for engines other than PyTorch). */
    public static boolean recording() {
        return isPyTorch() && JniUtils.isGradMode();
    }

    private static boolean isPyTorch() {
        return "PyTorch".equals(Engine.getInstance().getEngineName());
    }
}
