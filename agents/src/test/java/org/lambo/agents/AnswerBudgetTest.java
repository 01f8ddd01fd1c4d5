package org.lambo.agents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerBudgetTest {
    private static final long S = 1_000_000_000L;

    @Test
    void aFloodGetsItsBurstAnsweredThenTheRateAndOtherSendersTheirOwn() {
        AnswerBudget budget = new AnswerBudget(10, 5);
        int answered = 0;
        for (int k = 0; k < 100; k++) if (budget.take("intruder", 0)) answered++;
        assertThat(answered).as("the burst, at one instant").isEqualTo(5);
        assertThat(budget.take("ue-3", 0))
                .as("another sender has its own bucket")
                .isTrue();
        answered = 0;
        for (int k = 0; k < 100; k++) if (budget.take("intruder", S)) answered++;
        assertThat(answered).as("refilled at 10 a second, up to the burst").isEqualTo(5);
        assertThat(budget.take("intruder", S + S / 10))
                .as("a tenth of a second: one more")
                .isTrue();
        assertThat(budget.take("intruder", S + S / 10)).isFalse();
    }

    @Test
    void aPeerCyclingAThousandNamesRefillsNobodyElsesBucket() {
        AnswerBudget budget = new AnswerBudget(10, 5);
        for (int k = 0; k < 5; k++)
            assertThat(budget.take("intruder", "hostile", 0)).isTrue();
        int answered = 0;
        for (int k = 0; k < 3_000; k++) {
            // 3,000 fresh names from another container (each its burst), the intruder trying between them
            budget.take("made-up-" + k, "elsewhere", 0);
            if (budget.take("intruder", "hostile", 0)) answered++;
        }
        assertThat(answered)
                .as("the intruder's bucket stays empty: only the least recently used names are forgotten")
                .isZero();
        assertThat(budget.senders()).isEqualTo(AnswerBudget.SENDERS);
    }

    @Test
    void theSendersOfOneContainerShareTenTimesASendersBudget() {
        AnswerBudget budget = new AnswerBudget(10, 5);
        int answered = 0;
        for (int k = 0; k < 1_000; k++) if (budget.take("name-" + k, "hostile", 0)) answered++;
        assertThat(answered)
                .as("a thousand names of one container: its burst, 10 x 5")
                .isEqualTo(50);
        assertThat(budget.take("ue-3", "ues", 0))
                .as("a sender of another container has its own")
                .isTrue();
        assertThat(budget.take("name-1000", "hostile", S / 2))
                .as("half a second: the container refilled at 100 a second")
                .isTrue();
        answered = 0;
        for (int k = 0; k < 1_000; k++) if (budget.take("made-up-" + k, "", S)) answered++;
        assertThat(answered)
                .as("senders whose container is not known share one bucket")
                .isEqualTo(50);
    }
}
