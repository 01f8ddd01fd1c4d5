package org.lambo.aed.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
import org.lambo.aed.TestModels;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class DecisionEntropyTest {
    static {
        // one intra-op thread when this class loads the engine: tiny tensors gain nothing from more, and a loaded
        // machine loses a lot
        if (System.getProperty("ai.djl.pytorch.num_threads") == null)
            System.setProperty("ai.djl.pytorch.num_threads", "1");
    }

    @Test
    void aUniformStepOverKFeasibleOptionsHasEntropyLogK() {
        assertThat(DecisionEntropy.step(new double[] {0.3, 0.3, 0.3}, new boolean[] {true, true, true}))
                .isCloseTo(Math.log(3), within(1e-12));
        // infeasible options do not count, whatever their logit
        assertThat(DecisionEntropy.step(new double[] {1, 1, 50, -7}, new boolean[] {true, true, false, false}))
                .isCloseTo(Math.log(2), within(1e-12));
    }

    @Test
    void aForcedOrCertainStepHasNoEntropy() {
        assertThat(DecisionEntropy.step(new double[] {2, 9, 9}, new boolean[] {true, false, false}))
                .isZero();
        assertThat(DecisionEntropy.step(new double[] {0, 60}, new boolean[] {true, true}))
                .isCloseTo(0, within(1e-20));
    }

    @Test
    void aSkewedStepLiesBetweenZeroAndLogK() {
        double h = DecisionEntropy.step(new double[] {0, 1, 2}, new boolean[] {true, true, true});
        double z = 1 + Math.E + Math.E * Math.E;
        double expected = 0;
        for (double l : new double[] {0, 1, 2}) expected -= Math.exp(l) / z * (l - Math.log(z));
        assertThat(h).isCloseTo(expected, within(1e-12)).isStrictlyBetween(0.0, Math.log(3));
    }

    @Test
    void aDecodingsEntropyIsTheMeanOverItsSteps() {
        Instance inst = new World(ScenarioLoader.load("small"), 4).next();
        try (AedModel model = AedModel.create(TestModels.tiny(), 3)) {
            FastDecoder dec = model.fastDecoder();
            float[][] h = model.encode(List.of(inst), List.of(Prompt.MIN_LATENCY))[0];
            Trajectory tr = dec.decode(inst, Prompt.MIN_LATENCY, dec.prepare(h), FastDecoder.Mode.GREEDY, null);
            double sum = 0;
            for (int t = 0; t < inst.n(); t++) sum += DecisionEntropy.step(tr.logits()[t], tr.masks()[t]);
            assertThat(DecisionEntropy.of(tr))
                    .isCloseTo(sum / inst.n(), within(1e-12))
                    .isPositive()
                    .isLessThanOrEqualTo(Math.log(inst.m() + 1));
        }
    }

    @Test
    void badInputIsRefusedWithItsLengths() {
        assertThatThrownBy(() -> DecisionEntropy.step(new double[] {0, 1}, new boolean[] {true}))
                .hasMessageContaining("2 and 1");
        assertThatThrownBy(() -> DecisionEntropy.step(new double[] {0}, new boolean[] {false}))
                .hasMessageContaining("no feasible option");
    }
}
