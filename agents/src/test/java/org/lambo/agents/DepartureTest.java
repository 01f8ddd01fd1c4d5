package org.lambo.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DepartureTest {
    @Test
    void namesTheUeOrServerItIsAbout() {
        assertThat(new Departure("ue-12", "c", false).ueIndex()).hasValue(12);
        assertThat(new Departure("ue-12", "c", false).serverNumber()).isEmpty();
        assertThat(new Departure("server-3", "c", true).serverNumber()).hasValue(3);
        assertThat(new Departure("server-", "c", true).serverNumber()).isEmpty();
        assertThat(new Departure("ue-x1", "c", true).ueIndex()).isEmpty();
        assertThat(new Departure("orchestrator", "", false).ueIndex()).isEmpty();
    }

    @Test
    void itsReasonSaysWhetherTheContainerWentToo() {
        assertThat(new Departure("ue-1", "lambo-ues", true).reason())
                .isEqualTo("ue-1 is gone: its container lambo-ues was removed");
        assertThat(new Departure("server-2", "Main-Container", false).reason())
                .isEqualTo("server-2 is gone: it died in container Main-Container");
        assertThatThrownBy(() -> new Departure(" ", "", false)).hasMessageContaining("agent must not be blank");
    }
}
