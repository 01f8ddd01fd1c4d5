package org.lambo.aed.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
import org.lambo.aed.model.AedConfig;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.rng.Seeds;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/** Sampled decoding draws from the distributions it claims: the masked softmax and N(mu, sigma) shares. */
class SampledDecodingDistributionTest {
    private static final int DRAWS = 4000;

    @Test
    void firstOptionFollowsTheMaskedSoftmaxAndSharesTheirGaussian() {
        // a small logit clip keeps every option likely enough to count
        AedConfig cfg = new AedConfig("dist", 16, 2, 1, 16, 1.5, 0.4);
        try (AedModel model = AedModel.create(cfg, 8)) {
            Instance inst = new World(ScenarioLoader.load("tiny"), 5).next();
            FastDecoder dec = model.fastDecoder();
            FastDecoder.Encoded enc = dec.prepare(model.encode(List.of(inst), List.of(Prompt.MIN_LATENCY))[0]);
            RandomGenerator rng = Seeds.stream(1, "distribution");
            int m1 = inst.m() + 1;
            int[] counts = new int[m1];
            double[] logits = null;
            boolean stepZeroFixed = true;
            double sum = 0;
            double sumSq = 0;
            int shares = 0;
            for (int k = 0; k < DRAWS; k++) {
                Trajectory tr = dec.decode(inst, Prompt.MIN_LATENCY, enc, FastDecoder.Mode.SAMPLE, rng);
                counts[tr.options()[0]]++;
                if (logits == null) logits = tr.logits()[0];
                stepZeroFixed &= java.util.Arrays.equals(tr.logits()[0], logits);
                for (int t = 0; t < inst.n(); t++) {
                    if (tr.options()[t] == 0) continue;
                    double z = tr.shareLogits()[t] - tr.shareMeans()[t];
                    sum += z;
                    sumSq += z * z;
                    shares++;
                }
            }
            assertThat(stepZeroFixed).as("step 0 does not depend on the draws").isTrue();
            double[] p = new double[m1];
            double norm = 0;
            for (int j = 0; j < m1; j++) {
                p[j] = Math.exp(logits[j]);
                norm += p[j];
            }
            double chi2 = 0;
            int cells = 0;
            for (int j = 0; j < m1; j++) {
                double expected = DRAWS * p[j] / norm;
                if (expected < 1e-9) {
                    assertThat(counts[j])
                            .as("masked option %d is never drawn", j)
                            .isZero();
                    continue;
                }
                chi2 += (counts[j] - expected) * (counts[j] - expected) / expected;
                cells++;
            }
            assertThat(cells).as("several feasible options").isGreaterThanOrEqualTo(2);
            // chi-square with at most 2 degrees of freedom here: 13.8 is its 0.999 quantile
            assertThat(chi2).isLessThan(13.8);
            double mean = sum / shares;
            double sd = Math.sqrt(sumSq / shares - mean * mean);
            assertThat(shares).isGreaterThan(1000);
            assertThat(mean).isCloseTo(0, within(4 * cfg.shareNoise() / Math.sqrt(shares)));
            assertThat(sd).isCloseTo(cfg.shareNoise(), within(0.05 * cfg.shareNoise()));
        }
    }
}
