package org.lambo.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The content of the trial's word that a container was removed: its addresses, read strictly. */
class RemovedAddressesTest {
    @Test
    void readsHostAndPortPairsSeparatedBySpaces() {
        assertThat(TrialEnd.removedAddresses("127.0.0.1:1400")).containsExactly("127.0.0.1:1400");
        assertThat(TrialEnd.removedAddresses("10.0.0.2:1100  edge-ues.lab:1100"))
                .containsExactly("10.0.0.2:1100", "edge-ues.lab:1100");
    }

    @Test
    void refusesAnythingElse() {
        assertThat(TrialEnd.removedAddresses(null)).isNull();
        assertThat(TrialEnd.removedAddresses(" ")).isNull();
        assertThat(TrialEnd.removedAddresses("127.0.0.1")).as("no port").isNull();
        assertThat(TrialEnd.removedAddresses(":1100")).as("no host").isNull();
        assertThat(TrialEnd.removedAddresses("h:0")).isNull();
        assertThat(TrialEnd.removedAddresses("h:65536")).isNull();
        assertThat(TrialEnd.removedAddresses("h:12ab")).isNull();
        assertThat(TrialEnd.removedAddresses("the trial has ended")).isNull();
        assertThat(TrialEnd.removedAddresses("h:1 ".repeat(TrialEnd.MOST_REMOVED_ADDRESSES + 1)))
                .as("more than a container has")
                .isNull();
    }
}
