package org.lambo.aed.alef;

import java.util.List;
import org.lambo.scenario.DriftEvent;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;

/**
 * The set-up the ALEF loop tests ({@link AlefLoopTest}, {@link AlefLeavesAPromptWithNoGapTest},
 * {@link AlefValidationShareTest}) share: {@code tiny} (6 UEs, 2 servers: {@code exhaustive} is exact and fast) with
 * server 2, the faster, losing half its capacity at slot 2, an untrained tiny model's seed, and a small ALEF run over
 * it (40 labels in 2 rounds from a pool of 30 slots in 2 worlds, 12 held-out slots, 12 epochs at a learning rate that
 * moves an untrained decoder).
 */
final class TinyDrift {
    static final Scenario DRIFTING =
            ScenarioLoader.load("tiny").withDrift(List.of(new DriftEvent.ServerCapacity(2, 2, 0.5)));

    static final int MODEL_SEED = 4;

    private TinyDrift() {}

    /** The shared run's options; the caller names the expert and the reference. */
    static AlefOptions.Builder options() {
        return AlefOptions.builder()
                .labels(40)
                .rounds(2)
                .pool(30)
                .heldOut(12)
                .worlds(2)
                .fromSlot(2)
                .epochs(12)
                .batch(8)
                .learningRate(2e-3)
                .validationShare(0.2)
                .seed(5);
    }

    /** One intra-op thread (effective when the calling class loads the engine): tiny tensors gain nothing from more. */
    static void oneEngineThread() {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null)
            System.setProperty("ai.djl.pytorch.num_threads", "1");
    }
}
