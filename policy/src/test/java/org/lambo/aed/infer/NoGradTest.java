package org.lambo.aed.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.run.BuiltInCheckpoints;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/** The encoder's pass on an agent's thread records no gradients, gives the same bits, and leaves the flag as it was. */
class NoGradTest {
    @Test
    void aFreshThreadRecordsGradientsOnlyOutsideThePass() throws Exception {
        AtomicReference<Object[]> seen = new AtomicReference<>();
        try (AedModel model = AedModel.load(BuiltInCheckpoints.folder("aed-paper-lambo-s"))) {
            Thread t = new Thread(() -> {
                boolean before = NoGrad.recording();
                boolean inside = NoGrad.call(NoGrad::recording);
                seen.set(new Object[] {before, inside, NoGrad.recording()});
            });
            t.start();
            t.join(120_000);
        }
        // PyTorch's default on a new thread is to record; the pass turns it off and restores it
        assertThat(seen.get()).containsExactly(true, false, true);
    }

    @Test
    void encodingOnAnotherThreadGivesTheSameBitsAsOnTheLoadingThread() throws Exception {
        Instance inst = new World(ScenarioLoader.load("paper"), 4242).next();
        try (AedModel model = AedModel.load(BuiltInCheckpoints.folder("aed-paper-lambo-s"))) {
            float[][] here = model.encode(List.of(inst), List.of(Prompt.MIN_ENERGY))[0];
            AtomicReference<float[][]> there = new AtomicReference<>();
            Thread t = new Thread(
                    () -> there.set(NoGrad.call(() -> model.encode(List.of(inst), List.of(Prompt.MIN_ENERGY))[0])));
            t.start();
            t.join(120_000);
            assertThat(there.get()).isDeepEqualTo(here);
        }
    }
}
