package org.lambo.aed.alef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.lambo.rng.Seeds;

class MaxEntropyQueryTest {

    @Test
    void picksTheMostUncertainUnlabelledCandidatesMostUncertainFirst() {
        double[] u = {0.10, 0.90, 0.40, 0.95, 0.20, 0.70};
        boolean[] labelled = {false, false, false, true, false, false};
        // 3 is the most uncertain but already labelled
        assertThat(MaxEntropyQuery.select(u, labelled, 3)).containsExactly(1, 5, 2);
    }

    @Test
    void tiesGoToTheLowerIndexAndAnExhaustedPoolGivesFewer() {
        double[] u = {0.5, 0.7, 0.5, 0.7};
        assertThat(MaxEntropyQuery.select(u, new boolean[4], 3)).containsExactly(1, 3, 0);
        assertThat(MaxEntropyQuery.select(u, new boolean[] {true, false, true, true}, 3))
                .containsExactly(1);
        assertThat(MaxEntropyQuery.select(u, new boolean[4], 0)).isEmpty();
    }

    @Test
    void everyChosenCandidateIsAtLeastAsUncertainAsEveryUnchosenOne() {
        RandomGenerator rng = Seeds.stream(11, "query-property");
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + rng.nextInt(40);
            double[] u = new double[n];
            boolean[] labelled = new boolean[n];
            int open = 0;
            for (int c = 0; c < n; c++) {
                u[c] = rng.nextInt(4) == 0 ? 0.25 : rng.nextDouble(); // some exact ties
                labelled[c] = rng.nextInt(3) == 0;
                if (!labelled[c]) open++;
            }
            int k = rng.nextInt(n + 2);
            int[] chosen = MaxEntropyQuery.select(u, labelled, k);
            assertThat(chosen).hasSize(Math.min(k, open)).doesNotHaveDuplicates();
            boolean[] picked = new boolean[n];
            double minChosen = Double.POSITIVE_INFINITY;
            for (int c : chosen) {
                assertThat(labelled[c]).isFalse();
                picked[c] = true;
                minChosen = Math.min(minChosen, u[c]);
            }
            for (int c = 0; c < n; c++) {
                if (!labelled[c] && !picked[c]) assertThat(u[c]).isLessThanOrEqualTo(minChosen);
            }
        }
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> MaxEntropyQuery.select(new double[2], new boolean[3], 1))
                .hasMessageContaining("2 and 3");
        assertThatThrownBy(() -> MaxEntropyQuery.select(new double[2], new boolean[2], -1))
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> MaxEntropyQuery.select(new double[] {Double.NaN}, new boolean[1], 1))
                .hasMessageContaining("NaN");
    }
}
