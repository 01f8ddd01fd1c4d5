package org.lambo.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The address a container listens on. The case of a machine name at 127.0.1.1 needs a hosts file of its own and runs in
 * HostNamesIT (app).
 */
class HostAddressTest {
    @Test
    void loopbackNamesAndAddressesAreUsedAsTheyAreWithoutAWarning() throws IOException {
        assertThat(HostAddress.local("--host", "127.0.0.1")).isEqualTo(new HostAddress("127.0.0.1", null));
        assertThat(HostAddress.local("--host", "localhost").warning()).isNull();
        assertThat(HostAddress.local("--host", "localhost").address()).startsWith("127.");
    }

    @Test
    void anAddressOfAnotherMachineIsRefusedNamingTheFlagTheHostAndItsAddress() {
        assertThatThrownBy(() -> HostAddress.local("--host", "192.0.2.7"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("--host 192.0.2.7 resolves to 192.0.2.7, not an address of this machine");
        assertThatThrownBy(() -> HostAddress.local("--local-host", "no-such-host.invalid"))
                .isInstanceOf(IOException.class)
                .hasMessage("--local-host no-such-host.invalid: no such host (it resolves to no address here)");
    }

    @Test
    void anIpv6OnlyHostIsRefusedSayingThatJadeTakesIpv4() {
        assertThatThrownBy(() -> HostAddress.local("--host", "::1"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(
                        "--host ::1 resolves to 0:0:0:0:0:0:0:1 (IPv6 only): JADE's container addresses take IPv4");
    }

    @Test
    void aPeripheralContainerOfALoopbackTrialListensOnLoopback() throws IOException {
        assertThat(HostAddress.towards("127.0.0.1", 1099).address()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> HostAddress.towards("no-such-host.invalid", 1099))
                .hasMessageContaining("--main-host no-such-host.invalid");
    }
}
