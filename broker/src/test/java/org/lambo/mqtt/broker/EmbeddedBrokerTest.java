package org.lambo.mqtt.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

class EmbeddedBrokerTest {
    @Test
    void carriesAQos1MessageBetweenTwoClientsAndStopsListening() throws Exception {
        int port;
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            port = broker.port();
            assertThat(broker.uri()).isEqualTo("tcp://127.0.0.1:" + port);
            List<String> got = new CopyOnWriteArrayList<>();
            MqttClient sub = new MqttClient(broker.uri(), "sub", new MemoryPersistence());
            MqttClient pub = new MqttClient(broker.uri(), "pub", new MemoryPersistence());
            sub.connect();
            sub.subscribe("a/b", 1, (t, m) -> got.add(new String(m.getPayload())));
            pub.connect();
            pub.publish("a/b", "hello".getBytes(), 1, false);
            await().atMost(Duration.ofSeconds(5)).until(() -> got.contains("hello"));
            pub.disconnect();
            sub.disconnect();
            pub.close();
            sub.close();
        }
        assertThat(FreePort.accepts(port, Duration.ofMillis(200))).isFalse();
    }

    /** Moquette's own limit is 8092 bytes; a device envelope with a task's 32 KiB input is about 44 KB. */
    @Test
    void carriesAMessageOfSixtyFourKibibytes() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            List<Integer> got = new CopyOnWriteArrayList<>();
            MqttClient sub = new MqttClient(broker.uri(), "sub", new MemoryPersistence());
            MqttClient pub = new MqttClient(broker.uri(), "pub", new MemoryPersistence());
            sub.connect();
            sub.subscribe("a/b", 1, (t, m) -> got.add(m.getPayload().length));
            pub.connect();
            pub.publish("a/b", new byte[64 * 1024], 1, false);
            await().atMost(Duration.ofSeconds(5)).until(() -> got.contains(64 * 1024));
            assertThat(pub.isConnected()).isTrue();
            pub.disconnect();
            sub.disconnect();
            pub.close();
            sub.close();
        }
    }

    @Test
    void aTakenPortFailsNamingIt() {
        try (EmbeddedBroker first = EmbeddedBroker.start()) {
            assertThatThrownBy(() -> EmbeddedBroker.start("127.0.0.1", first.port()))
                    .hasMessageContaining(Integer.toString(first.port()));
        }
    }
}
