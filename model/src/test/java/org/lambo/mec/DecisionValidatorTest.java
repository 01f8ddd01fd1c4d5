package org.lambo.mec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambo.mec.DecisionValidator.Kind;

class DecisionValidatorTest {
    private final Instance inst = Fixtures.twoUesOneServer();

    private List<Kind> kinds(Instance i, Decision d) {
        return DecisionValidator.violations(i, d).stream()
                .map(DecisionValidator.Violation::kind)
                .toList();
    }

    @Test
    void acceptsAValidDecision() {
        assertThat(kinds(inst, new Decision(new int[] {1, 1}, new double[] {0.5, 0.5})))
                .isEmpty();
        assertThat(kinds(inst, Decision.allLocal(2))).isEmpty();
    }

    @Test
    void rejectsAWrongSize() {
        assertThat(kinds(inst, Decision.allLocal(3))).containsExactly(Kind.SIZE);
    }

    @Test
    void rejectsAnOptionOutOfRange() {
        assertThat(kinds(inst, new Decision(new int[] {2, 0}, new double[] {0.5, 0})))
                .containsExactly(Kind.OPTION);
        assertThat(kinds(inst, new Decision(new int[] {-1, 0}, new double[] {0, 0})))
                .containsExactly(Kind.OPTION);
    }

    @Test
    void rejectsADownServer() {
        Instance down = inst.withServers(List.of(inst.server(1).withUp(false)));
        assertThat(kinds(down, new Decision(new int[] {1, 0}, new double[] {0.5, 0})))
                .containsExactly(Kind.SERVER_DOWN);
    }

    @Test
    void rejectsSharesOutsideTheUnitInterval() {
        assertThat(kinds(inst, new Decision(new int[] {1, 0}, new double[] {0, 0})))
                .containsExactly(Kind.SHARE);
        assertThat(kinds(inst, new Decision(new int[] {1, 0}, new double[] {1.5, 0})))
                .containsExactly(Kind.SHARE);
        assertThat(kinds(inst, new Decision(new int[] {1, 0}, new double[] {Double.NaN, 0})))
                .containsExactly(Kind.SHARE);
        assertThat(kinds(inst, new Decision(new int[] {0, 0}, new double[] {0.2, 0})))
                .containsExactly(Kind.SHARE);
    }

    @Test
    void rejectsCapacityOverflow() {
        assertThat(kinds(inst, new Decision(new int[] {1, 1}, new double[] {0.7, 0.6})))
                .containsExactly(Kind.CAPACITY);
    }

    @Test
    void rejectsAMissedDeadline() {
        // UE 0 needs at least 0.02 of the server (see CostModelTest)
        assertThat(kinds(inst, new Decision(new int[] {1, 0}, new double[] {0.019, 0})))
                .containsExactly(Kind.DEADLINE);
        assertThat(kinds(inst, new Decision(new int[] {1, 0}, new double[] {0.02, 0})))
                .isEmpty();
    }

    @Test
    void requireValidNamesThePolicyAndEveryViolation() {
        Decision bad = new Decision(new int[] {1, 1}, new double[] {0.7, 0.6});
        assertThatThrownBy(() -> DecisionValidator.requireValid(inst, bad, "broken"))
                .isInstanceOf(DecisionValidator.InvalidDecisionException.class)
                .hasMessageContaining("broken")
                .hasMessageContaining("hand")
                .hasMessageContaining("CAPACITY");
    }
}
