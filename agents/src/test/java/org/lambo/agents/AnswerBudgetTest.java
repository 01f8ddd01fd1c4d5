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
}
