package org.lambo.aed.alef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.lambo.aed.features.Features;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class DemonstrationTest {
    static {
        // one intra-op thread when this class loads the engine: tiny tensors gain nothing from more, and a loaded
        // machine loses a lot
        if (System.getProperty("ai.djl.pytorch.num_threads") == null)
            System.setProperty("ai.djl.pytorch.num_threads", "1");
    }

    @Test
    void anExpertDecisionReplaysInOrderWithEveryOptionFeasibleAndItsSharesRecoverable() {
        OffloadingPolicy mip = Policies.create("mip", PolicySettings.ofSeed(1));
        World world = new World(ScenarioLoader.load("small"), 21);
        int offloaded = 0;
        for (int s = 0; s < 6; s++) {
            Instance inst = world.next();
            for (Prompt p : Prompt.values()) {
                Decision expert = mip.decide(inst, p);
                Demonstration demo = Demonstration.replay(inst, p, expert, Demonstration.Reservation.EXPERT);
                assertThat(demo.teacher().options()).containsExactly(expert.options());
                assertThat(demo.teacher().decision().options()).containsExactly(expert.options());
                SequentialState state = new SequentialState(inst);
                for (int t = 0; t < inst.n(); t++) {
                    int x = expert.option(t);
                    assertThat(demo.teacher().masks()[t]).containsExactly(state.mask(t));
                    assertThat(demo.teacher().masks()[t][x]).isTrue();
                    float[][] of = Features.optionFeatures(state, t);
                    for (int j = 0; j <= inst.m(); j++)
                        assertThat(demo.teacher().optionFeatures()[t][j]).containsExactly(of[j]);
                    // a deterministic teacher: log-probability 0 at its option, far below elsewhere
                    for (int j = 0; j <= inst.m(); j++)
                        assertThat(demo.teacher().logits()[t][j]).isEqualTo(j == x ? 0 : -1e9, within(1.0));
                    if (x != Decision.LOCAL) {
                        offloaded++;
                        double min = state.minShare(t, x);
                        double left = state.remaining(x);
                        double frac = 1 / (1 + Math.exp(-demo.teacher().shareLogits()[t]));
                        double trueFrac = (expert.share(t) - min) / (left - min);
                        if (trueFrac > Demonstration.FRACTION_CLIP && trueFrac < 1 - Demonstration.FRACTION_CLIP) {
                            assertThat(min + frac * (left - min)).isCloseTo(expert.share(t), within(1e-9));
                        } else {
                            assertThat(frac)
                                    .isCloseTo(
                                            trueFrac <= Demonstration.FRACTION_CLIP
                                                    ? Demonstration.FRACTION_CLIP
                                                    : 1 - Demonstration.FRACTION_CLIP,
                                            within(1e-9));
                        }
                    }
                    state.assign(t, x, expert.share(t));
                }
            }
        }
        assertThat(offloaded).isPositive();
    }

    @Test
    void aMinimumReplayReservesOnlyMinimumSharesAndTeachesTheHeadToReserveTheMinimum() {
        OffloadingPolicy mip = Policies.create("mip", PolicySettings.ofSeed(1));
        World world = new World(ScenarioLoader.load("small"), 22);
        for (int s = 0; s < 4; s++) {
            Instance inst = world.next();
            for (Prompt p : Prompt.values()) {
                Decision expert = mip.decide(inst, p);
                Demonstration demo = Demonstration.replay(inst, p, expert, Demonstration.Reservation.MINIMUM);
                assertThat(demo.teacher().options()).containsExactly(expert.options());
                SequentialState state = new SequentialState(inst);
                for (int t = 0; t < inst.n(); t++) {
                    int x = expert.option(t);
                    assertThat(demo.teacher().masks()[t]).containsExactly(state.mask(t));
                    if (x != Decision.LOCAL) {
                        assertThat(demo.teacher().decision().share(t)).isCloseTo(state.minShare(t, x), within(1e-12));
                        if (state.remaining(x) - state.minShare(t, x) > 1e-12) {
                            double frac = 1 / (1 + Math.exp(-demo.teacher().shareLogits()[t]));
                            assertThat(frac).isCloseTo(Demonstration.FRACTION_CLIP, within(1e-12));
                        }
                    }
                    state.assign(t, x, state.minShare(t, x));
                }
            }
        }
        assertThat(Demonstration.Reservation.parse(" Expert ")).isEqualTo(Demonstration.Reservation.EXPERT);
        assertThatThrownBy(() -> Demonstration.Reservation.parse("half")).hasMessageContaining("'half'");
    }

    @Test
    void aDecisionThatDoesNotFitIsRefusedNamingTheUe() {
        Instance inst = new World(ScenarioLoader.load("tiny"), 3).next();
        assertThatThrownBy(() -> Demonstration.replay(
                        inst, Prompt.MIN_ENERGY, Decision.allLocal(inst.n() + 1), Demonstration.Reservation.MINIMUM))
                .hasMessageContaining(inst.n() + 1 + " UEs");
        // every UE on server 1 with the whole server each: the second one finds nothing left
        int[] all = new int[inst.n()];
        double[] shares = new double[inst.n()];
        java.util.Arrays.fill(all, 1);
        java.util.Arrays.fill(shares, 1.0);
        assertThatThrownBy(() -> Demonstration.replay(
                        inst, Prompt.MIN_ENERGY, new Decision(all, shares), Demonstration.Reservation.EXPERT))
                .hasMessageContaining("UE 1")
                .hasMessageContaining("infeasible");
    }
}
