package org.lambo.agents.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceOptionsTest {
    private final DeviceMap map = new DeviceMap(List.of("edge-1"), List.of());

    @Test
    void optionsGivenOnlyTheirDevicesHaveTheDocumentedDefaults() {
        DeviceOptions o = DeviceOptions.builder(map).build();
        assertThat(o.devices()).isSameAs(map);
        assertThat(o.brokerUri()).as("the embedded broker").isNull();
        assertThat(o.testbed()).isEqualTo("lambo").isEqualTo(DeviceOptions.DEFAULT_TESTBED);
        assertThat(o.scale()).isEqualTo(1);
        assertThat(o.emulate()).isFalse();
        assertThat(o.waitOnline()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.username()).isNull();
        assertThat(o.password()).isNull();
        assertThat(o.tlsCa()).isNull();
        assertThat(o.lostGrace()).isEqualTo(DeviceHub.DEFAULT_LOST_GRACE);
    }

    @Test
    void theBuilderCarriesEveryValueGiven() {
        char[] secret = "s3cret".toCharArray();
        DeviceOptions o = DeviceOptions.builder(map)
                .broker("ssl://127.0.0.1:8883")
                .testbed("lab1")
                .scale(1e-4)
                .emulate(true)
                .waitOnline(Duration.ofSeconds(2))
                .credentials("lambo-bridge", secret)
                .tlsCa(Path.of("ca.crt"))
                .lostGrace(Duration.ZERO)
                .build();
        assertThat(o.brokerUri()).isEqualTo("ssl://127.0.0.1:8883");
        assertThat(o.testbed()).isEqualTo("lab1");
        assertThat(o.scale()).isEqualTo(1e-4);
        assertThat(o.emulate()).isTrue();
        assertThat(o.waitOnline()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.username()).isEqualTo("lambo-bridge");
        assertThat(o.password()).isEqualTo(secret);
        assertThat(o.tlsCa()).isEqualTo(Path.of("ca.crt"));
        assertThat(o.lostGrace()).isZero();
    }

    @Test
    void aBadValueFailsNamingIt() {
        assertThatThrownBy(() -> DeviceOptions.builder(map).scale(1.5).build())
                .hasMessage("device scale must be in (0, 1], got 1.5");
        assertThatThrownBy(() -> DeviceOptions.builder(map)
                        .waitOnline(Duration.ofSeconds(-1))
                        .build())
                .hasMessageContaining("waitOnline")
                .hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> DeviceOptions.builder(map)
                        .broker("tcp://127.0.0.1:1883")
                        .credentials("lambo-bridge", null)
                        .build())
                .hasMessageContaining("user name and password go together");
        assertThatThrownBy(() -> DeviceOptions.builder(map)
                        .credentials("lambo-bridge", "x".toCharArray())
                        .build())
                .as("the embedded broker is anonymous")
                .hasMessageContaining("need a broker URI");
        assertThatThrownBy(() -> DeviceOptions.builder(map)
                        .lostGrace(Duration.ofMinutes(11))
                        .build())
                .hasMessageContaining("got 660000 ms");
        assertThatThrownBy(() -> DeviceOptions.builder(map).testbed("a/b").build())
                .hasMessageContaining("testbed");
        assertThatThrownBy(() -> DeviceOptions.builder(null).build()).hasMessageContaining("devices");
    }
}
