package org.lambo.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttLinkOptionsTest {
    @Test
    void rejectsBadValuesNamingTheField() {
        assertThatThrownBy(() -> MqttLinkOptions.builder("http://x:1", "c"))
                .isInstanceOf(MqttLinkException.Config.class)
                .hasMessageContaining("field 'serverUri'")
                .hasMessageContaining("http://x:1");
        assertThatThrownBy(() -> MqttLinkOptions.builder("tcp://x", "c")).hasMessageContaining("field 'serverUri'");
        assertThatThrownBy(() -> MqttLinkOptions.builder("tcp://x:1883", "a/b"))
                .hasMessageContaining("field 'clientId'");
        assertThatThrownBy(() -> MqttLinkOptions.builder("tcp://x:1883", "c").build())
                .hasMessageContaining("field 'random'");
        assertThatThrownBy(() -> MqttLinkOptions.builder("tcp://x:1883", "c").outboxCapacity(0))
                .hasMessageContaining("field 'outboxCapacity' must be >= 1, got 0");
        assertThatThrownBy(() -> MqttLinkOptions.builder("tcp://x:1883", "c").keepAlive(Duration.ofMillis(10)))
                .hasMessageContaining("field 'keepAlive'");
        assertThatThrownBy(() -> MqttLinkOptions.builder("tcp://x:1883", "c").will("a/+/b", new byte[0]))
                .hasMessageContaining("wildcards");
    }

    @Test
    void tlsAndTheSchemeMustAgree(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "not a certificate");
        assertThatThrownBy(() -> MqttLinkOptions.builder("tcp://x:1883", "c")
                        .random(new SplittableRandom(1))
                        .tls(TlsOptions.caFile(ca))
                        .build())
                .hasMessageContaining("need an ssl:// server URI");
        assertThatThrownBy(() -> MqttLinkOptions.builder("ssl://x:8883", "c")
                        .random(new SplittableRandom(1))
                        .build())
                .hasMessageContaining("needs TLS options");
        assertThatThrownBy(() -> TlsOptions.caFile(ca).socketFactory())
                .isInstanceOf(MqttLinkException.Config.class)
                .hasMessageContaining(ca.toString());
    }

    @Test
    void credentialsAreCopiedNotShared() {
        char[] pw = "secret".toCharArray();
        MqttLinkOptions o = MqttLinkOptions.builder("tcp://x:1883", "c")
                .random(new SplittableRandom(1))
                .credentials("dev1", pw)
                .build();
        pw[0] = 'X';
        assertThat(o.password())
                .hasValueSatisfying(p -> assertThat(new String(p)).isEqualTo("secret"));
    }

    @Test
    void anUnreachableBrokerFailsTypedAfterThePatience() {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        MqttLinkOptions o = MqttLinkOptions.builder("tcp://127.0.0.1:" + port, "lonely")
                .random(new SplittableRandom(3))
                .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 2, 0.5))
                .build();
        try (MqttLink link = MqttLink.create(o)) {
            assertThatThrownBy(() -> link.connect(Duration.ofMillis(600)))
                    .isInstanceOf(MqttLinkException.Unreachable.class)
                    .hasMessageContaining("unreachable after");
            assertThat(link.state()).isEqualTo(MqttLink.State.NEW);
            // a publish while never connected waits in the outbox; close fails it
            var f = link.publish("a/b", new byte[] {1}, 1, false);
            assertThat(link.outboxSize()).isEqualTo(1);
            link.close();
            assertThat(f).isCompletedExceptionally();
        }
    }
}
