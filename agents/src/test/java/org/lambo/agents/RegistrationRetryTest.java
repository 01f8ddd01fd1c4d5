package org.lambo.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RegistrationRetryTest {
    private static final RegistrationRetry.Answer UNDELIVERED = RegistrationRetry.Answer.NOT_DELIVERED;

    @Test
    void aRequestThatDidNotReachTheDfIsSentAgainWithDoublingWaitsUntilTheAttemptsAreSpent() {
        List<Long> waits = new ArrayList<>();
        for (int failed = 1; ; failed++) {
            OptionalLong w = RegistrationRetry.DEFAULT.next(failed, UNDELIVERED);
            if (w.isEmpty()) break;
            waits.add(w.getAsLong());
        }
        assertThat(waits).containsExactly(100L, 200L, 400L, 800L, 1_600L);
        assertThat(RegistrationRetry.DEFAULT.attempts()).isEqualTo(waits.size() + 1);
    }

    @Test
    void theWaitStopsGrowingAtItsMost() {
        RegistrationRetry r = new RegistrationRetry(100, 300, 1_000, 1_000);
        assertThat(r.next(1, UNDELIVERED)).hasValue(300);
        assertThat(r.next(2, UNDELIVERED)).hasValue(600);
        assertThat(r.next(3, UNDELIVERED)).hasValue(1_000);
        assertThat(r.next(99, UNDELIVERED)).hasValue(1_000);
        assertThat(r.next(100, UNDELIVERED)).isEmpty();
    }

    @Test
    void anAnswerOfTheDfItselfIsFinal() {
        assertThat(RegistrationRetry.DEFAULT.next(1, RegistrationRetry.Answer.THE_DF))
                .isEmpty();
        assertThat(new RegistrationRetry(1, 1, 1, 1).next(1, UNDELIVERED))
                .as("one attempt in all")
                .isEmpty();
    }

    @Test
    void whoAnsweredIsReadFromTheSenderAndTheContent() {
        assertThat(RegistrationRetry.answeredBy(
                        "ams",
                        "( (action ( agent-identifier :name ue-3@lambo ) (ACLMessage) ) (MTS-error ( agent-identifier"
                                + " :name df@lambo ) (internal-error \"Agent not found: getContainerID() failed to"
                                + " find agent df@lambo\")) )"))
                .isEqualTo(UNDELIVERED);
        assertThat(RegistrationRetry.answeredBy("AMS", "")).isEqualTo(UNDELIVERED);
        assertThat(RegistrationRetry.answeredBy(null, "Missing reply"))
                .as("no answer at all")
                .isEqualTo(UNDELIVERED);
        assertThat(RegistrationRetry.answeredBy("df", "((action (agent-identifier :name df@lambo) ...) MTS-error)"))
                .isEqualTo(UNDELIVERED);
        assertThat(RegistrationRetry.answeredBy(
                        "df", "((action ( agent-identifier :name df@lambo ) ...) already-registered)"))
                .isEqualTo(RegistrationRetry.Answer.THE_DF);
        assertThat(RegistrationRetry.answeredBy("df", null)).isEqualTo(RegistrationRetry.Answer.THE_DF);
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> new RegistrationRetry(0, 100, 100, 100))
                .hasMessageContaining("attempts")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> new RegistrationRetry(3, 0, 100, 100)).hasMessageContaining("firstDelayMs");
        assertThatThrownBy(() -> new RegistrationRetry(3, 200, 100, 100))
                .hasMessageContaining("maxDelayMs")
                .hasMessageContaining("100");
        assertThatThrownBy(() -> new RegistrationRetry(3, 100, 100, 0)).hasMessageContaining("answerMs");
        assertThatThrownBy(() -> RegistrationRetry.DEFAULT.next(0, UNDELIVERED)).hasMessageContaining("failed");
    }
}
