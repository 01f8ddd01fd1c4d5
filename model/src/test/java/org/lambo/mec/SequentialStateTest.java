package org.lambo.mec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.lambo.rng.Seeds;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class SequentialStateTest {
    @Test
    void serverShareShrinksAsUesAreAssigned() {
        SequentialState st = new SequentialState(Fixtures.twoUesOneServer());
        assertThat(st.remaining(1)).isEqualTo(1.0);
        double given = st.assign(0, 1, 0.3);
        assertThat(given).isEqualTo(0.3);
        assertThat(st.remaining(1)).isEqualTo(0.7, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(st.decidedCount()).isEqualTo(1);
    }

    @Test
    void requestedSharesAreClampedIntoMinimumAndRemaining() {
        SequentialState st = new SequentialState(Fixtures.twoUesOneServer());
        assertThat(st.assign(0, 1, 1e-9)).isEqualTo(st.minShare(0, 1));
        assertThat(st.assign(1, 1, 1.0))
                .isEqualTo(1 - st.minShare(0, 1), org.assertj.core.api.Assertions.within(1e-15));
    }

    @Test
    void refusesInfeasibleOptionsAndDoubleDecisions() {
        Instance inst = Fixtures.twoUesOneServer();
        SequentialState st =
                new SequentialState(inst.withServers(List.of(inst.server(1).withUp(false))));
        assertThat(st.mask(0)).containsExactly(true, false);
        assertThatThrownBy(() -> st.assign(0, 1, 0.5)).isInstanceOf(IllegalStateException.class);
        st.assign(0, 0, 0);
        assertThatThrownBy(() -> st.assign(0, 0, 0)).isInstanceOf(IllegalStateException.class);
    }

    /** Property: any sequence of choices among the masked-in options yields a valid decision. */
    @Test
    void anyMaskedChoiceSequenceIsValid() {
        World world = new World(ScenarioLoader.load("paper"), 5);
        RandomGenerator rng = Seeds.stream(5, "choices");
        for (int k = 0; k < 40; k++) {
            Instance inst = world.next();
            SequentialState st = new SequentialState(inst);
            for (int i = 0; i < inst.n(); i++) {
                List<Integer> allowed = new ArrayList<>();
                boolean[] mask = st.mask(i);
                for (int j = 0; j < mask.length; j++) if (mask[j]) allowed.add(j);
                int option = allowed.get(rng.nextInt(allowed.size()));
                st.assign(i, option, rng.nextDouble());
            }
            assertThat(DecisionValidator.violations(inst, st.toDecision())).isEmpty();
        }
    }
}
