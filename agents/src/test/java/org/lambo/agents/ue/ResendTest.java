package org.lambo.agents.ue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResendTest {
    @Test
    void theWaitDoublesFromTheFirstUpToTheLongest() {
        Resend r = new Resend(250, 4000);
        assertThat(r.delayMs(1, 60_000)).isEqualTo(250);
        assertThat(r.delayMs(2, 60_000)).isEqualTo(500);
        assertThat(r.delayMs(3, 60_000)).isEqualTo(1000);
        assertThat(r.delayMs(5, 60_000)).isEqualTo(4000);
        assertThat(r.delayMs(50, 60_000)).isEqualTo(4000);
    }

    @Test
    void noResendWhoseWaitWouldNotEndBeforeTheDeadline() {
        assertThat(Resend.DEFAULT.delayMs(1, 250)).isEqualTo(-1);
        assertThat(Resend.DEFAULT.delayMs(1, 251)).isEqualTo(250);
        assertThat(Resend.DEFAULT.delayMs(3, 900)).isEqualTo(-1);
        assertThat(Resend.DEFAULT.delayMs(1, -5)).isEqualTo(-1);
    }

    @Test
    void badSettingsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> new Resend(0, 10)).hasMessageContaining("firstMs must be > 0, got 0");
        assertThatThrownBy(() -> new Resend(100, 50)).hasMessageContaining("got 50");
        assertThatThrownBy(() -> Resend.DEFAULT.delayMs(0, 1000)).hasMessageContaining("resend must be >= 1, got 0");
    }
}
