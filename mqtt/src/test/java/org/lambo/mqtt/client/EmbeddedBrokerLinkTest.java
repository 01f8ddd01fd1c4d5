package org.lambo.mqtt.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.lambo.mqtt.broker.EmbeddedBroker;
import org.lambo.mqtt.payload.DeviceStatus;
import org.lambo.mqtt.payload.EnvelopeCodec;
import org.lambo.mqtt.payload.EnvelopeDispatcher;
import org.lambo.mqtt.payload.EnvelopeFactory;
import org.lambo.mqtt.payload.RejectReason;
import org.lambo.mqtt.topic.Channel;
import org.lambo.mqtt.topic.Role;
import org.lambo.mqtt.topic.Topic;
import org.lambo.mqtt.topic.TopicFilter;

/**
 * The whole layer in one JVM, as the main job runs it: the embedded broker, a device link, a bridge link with an
 * envelope dispatcher. Bad payloads are counted and the bridge keeps working.
 */
class EmbeddedBrokerLinkTest {
    @Test
    void aCommandAndItsResultTravelOnSocketsWithTcpNoDelay() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                MqttLink bridge =
                        MqttLink.create(Links.options(broker.uri(), "bridge", 1).build());
                MqttLink device =
                        MqttLink.create(Links.options(broker.uri(), "pi-01", 2).build())) {
            bridge.connect(Duration.ofSeconds(20));
            device.connect(Duration.ofSeconds(20));
            Links.commandAndResult(bridge, device, "it");
            assertThat(Links.socketOf(bridge).getTcpNoDelay()).isTrue();
            assertThat(Links.socketOf(device).getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void envelopesFlowThroughTheEmbeddedBrokerAndBadPayloadsAreCountedNotFatal() {
        EnvelopeCodec codec = EnvelopeCodec.builder().build();
        List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
        EnvelopeDispatcher dispatcher = EnvelopeDispatcher.builder(codec)
                .on(DeviceStatus.TYPE, DeviceStatus.class, (topic, e) -> statuses.add(e.body()))
                .build();
        Topic status = new Topic("emb", Role.SERVER, "s1", Channel.STATUS);
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                MqttLink bridge =
                        MqttLink.create(Links.options(broker.uri(), "bridge", 1).build());
                MqttLink device =
                        MqttLink.create(Links.options(broker.uri(), "s1", 2).build())) {
            bridge.subscribe(
                    TopicFilter.of("emb").channel(Channel.STATUS).filter(),
                    1,
                    m -> dispatcher.handle(m.topic(), m.payload()));
            bridge.connect(Duration.ofSeconds(10));
            device.connect(Duration.ofSeconds(10));
            EnvelopeFactory f = new EnvelopeFactory("s1", Clock.systemUTC());
            device.publish(status.name(), "{not json".getBytes(UTF_8), 1, false);
            device.publish(status.name(), "{\"schema\":9}".getBytes(UTF_8), 1, false);
            device.publish(status.name(), codec.encode(f.next(DeviceStatus.TYPE, DeviceStatus.connected())), 1, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> statuses.size() == 1);
            assertThat(statuses).containsExactly(DeviceStatus.connected());
            assertThat(dispatcher.rejects().get(RejectReason.NOT_JSON)).isEqualTo(1);
            assertThat(dispatcher.rejects().get(RejectReason.WRONG_SCHEMA)).isEqualTo(1);
            assertThat(bridge.isConnected()).isTrue();
        }
    }
}
