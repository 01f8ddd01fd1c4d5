package org.lambo.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** What a link does before and after it has a broker: no connection needed. */
class MqttLinkTest {
    private static MqttLink unconnected(int outboxCapacity) {
        return MqttLink.create(Links.options("tcp://127.0.0.1:1", "solo", 1)
                .outboxCapacity(outboxCapacity)
                .build());
    }

    @Test
    void theOutboxHoldsPublishesUntilFullThenRefusesTyped() {
        try (MqttLink link = unconnected(2)) {
            CompletableFuture<Void> a = link.publish("lambo/t/ue/u/telemetry", new byte[] {1}, 1, false);
            CompletableFuture<Void> b = link.publish("lambo/t/ue/u/telemetry", new byte[] {2}, 1, false);
            CompletableFuture<Void> c = link.publish("lambo/t/ue/u/telemetry", new byte[] {3}, 1, false);
            assertThat(link.outboxSize()).isEqualTo(2);
            assertThat(a).isNotDone();
            assertThat(b).isNotDone();
            assertThatThrownBy(c::get)
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(MqttLinkException.OutboxFull.class)
                    .hasMessageContaining("capacity 2");
        }
    }

    @Test
    void closingFailsWhatIsLeftAndRefusesMore() {
        MqttLink link = unconnected(10);
        CompletableFuture<Void> queued = link.publish("a/b", new byte[] {1}, 1, false);
        link.close();
        link.close(); // idempotent
        assertThat(link.state()).isEqualTo(MqttLink.State.CLOSED);
        assertThatThrownBy(queued::get).hasCauseInstanceOf(MqttLinkException.Closed.class);
        assertThatThrownBy(() -> link.publish("a/b", new byte[] {1}, 1, false).get())
                .hasCauseInstanceOf(MqttLinkException.Closed.class);
        assertThatThrownBy(() -> link.subscribe("a/#", 1, m -> {})).isInstanceOf(MqttLinkException.Closed.class);
    }

    @Test
    void rejectsWildcardTopicsBadFiltersAndBadQos() {
        try (MqttLink link = unconnected(10)) {
            assertThatThrownBy(() -> link.publish("a/+/b", new byte[0], 1, false))
                    .hasMessageContaining("wildcards");
            assertThatThrownBy(() -> link.publish("", new byte[0], 1, false)).hasMessageContaining("empty");
            assertThatThrownBy(() -> link.publish("a/b", new byte[0], 3, false))
                    .hasMessageContaining("qos must be 0, 1 or 2, got 3");
            assertThatThrownBy(() -> link.subscribe("a/#/b", 1, m -> {}))
                    .hasMessageContaining("not a valid topic filter");
            assertThat(link.outboxSize()).isZero();
        }
    }

    @Test
    void aFailedConnectMayBeRetriedButNotAfterClose() {
        try (MqttLink link = unconnected(10)) {
            assertThatThrownBy(() -> link.connect(java.time.Duration.ofMillis(100)))
                    .isInstanceOf(MqttLinkException.Unreachable.class);
            assertThatThrownBy(() -> link.connect(java.time.Duration.ofMillis(100)))
                    .isInstanceOf(MqttLinkException.Unreachable.class);
            link.close();
            assertThatThrownBy(() -> link.connect(java.time.Duration.ofMillis(100)))
                    .isInstanceOf(MqttLinkException.Closed.class);
        }
    }
}
