package org.lambo.ontology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskSubmissionTest {
    private final TaskSubmission s = new TaskSubmission(4, Samples.ue(), Samples.task(), 2, 0.3);

    @Test
    void itsResultOnAServerCarriesItsSlotTaskUeAndShareWithTheTimesGiven() {
        assertThat(s.resultOn(2, 6.9, 2.3, 9.2)).isEqualTo(new TaskResult(4, "t4-ue3", "ue-3", 2, 0.3, 6.9, 2.3, 9.2));
    }

    @Test
    void aBadTimeInItsResultIsRefusedNamingIt() {
        assertThatThrownBy(() -> s.resultOn(2, 6.9, -1, 9.2)).hasMessageContaining("computeTimeS");
        assertThatThrownBy(() -> s.resultOn(2, Double.NaN, 2.3, 9.2)).hasMessageContaining("uploadTimeS");
        assertThatThrownBy(() -> s.resultOn(0, 6.9, 2.3, 9.2)).hasMessageContaining("server");
    }
}
