package org.lambo.ontology.jade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lambo.ontology.MessageType;

class EncodingWarmUpTest {
    @Test
    void itRoundTripsEveryTypeASlotSendsAndStopsAtItsRounds() {
        assertThat(EncodingWarmUp.run(25, 60_000)).isEqualTo(25);
        Set<MessageType> types = EncodingWarmUp.slotMessages().stream()
                .map(m -> MessageType.of(m.getClass()))
                .collect(Collectors.toSet());
        assertThat(types)
                .containsExactlyInAnyOrder(
                        MessageType.SLOT_START,
                        MessageType.OFFLOADING_REQUEST,
                        MessageType.OFFLOADING_DECISION,
                        MessageType.SERVER_STATE,
                        MessageType.SERVER_ALLOCATION,
                        MessageType.TASK_SUBMISSION,
                        MessageType.TASK_RESULT,
                        MessageType.TASK_REPORT);
    }

    @Test
    void itStopsAtItsTimeLimitOnASlowMachine() {
        assertThat(EncodingWarmUp.run(Integer.MAX_VALUE, 50)).isLessThan(Integer.MAX_VALUE);
    }
}
