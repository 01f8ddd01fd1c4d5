package org.lambo.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.lambo.mec.Decision;

/** A solution's status is an enum; outputs write the same words as when it was text. */
class SolutionTest {
    private static Solution of(Solution.Status status, String detail) {
        return new Solution(Decision.allLocal(2), 2.0, 1.0, status, detail);
    }

    @Test
    void theMipStatusesAreWrittenByTheirNames() {
        assertThat(new Solution(Decision.allLocal(2), 2, 2, Solution.Status.OPTIMAL).statusText())
                .isEqualTo("OPTIMAL");
        assertThat(of(Solution.Status.GAP_LIMIT, "").statusText()).isEqualTo("GAP_LIMIT");
        assertThat(of(Solution.Status.TIME_LIMIT, null).statusText()).isEqualTo("TIME_LIMIT");
        assertThat(of(Solution.Status.STALLED, "  ").statusText()).isEqualTo("STALLED");
    }

    @Test
    void aHeuristicIsWrittenInLowerCaseWithItsDetails() {
        assertThat(of(Solution.Status.HEURISTIC, "stopped by generations after 300 generations, 9000 evaluations")
                        .statusText())
                .isEqualTo("heuristic: stopped by generations after 300 generations, 9000 evaluations");
        assertThat(of(Solution.Status.HEURISTIC, "").statusText()).isEqualTo("heuristic");
    }

    @Test
    void aSolutionWithoutAStatusIsRefused() {
        assertThatThrownBy(() -> of(null, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("status")
                .hasMessageContaining("null");
    }

    @Test
    void theProvenGapIsUnchanged() {
        assertThat(of(Solution.Status.TIME_LIMIT, "").provenGap()).isEqualTo(0.5);
    }
}
