package org.lambo.mqtt.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

class EmbeddedBrokerTest {
    /**
     * A client connected and subscribed to {@code topic}. Moquette can drop a connection whose SUBSCRIBE it reads while
     * it still processes the CONNECT on its session loop ("SUBSCRIBE received on already closed connection", seen on a
     * cold broker; the same race is reported in FraunhoferIOSB/FROST-Server issue 2433): a real client reconnects and
     * subscribes again, as {@code MqttLink} does, so this one does too, at most three times.
     */
    private static MqttClient subscribed(String uri, String topic, IMqttMessageListener listener) throws Exception {
        MqttException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            MqttClient client = new MqttClient(uri, "sub", new MemoryPersistence());
            try {
                client.connect();
                client.subscribe(topic, 1, listener);
                return client;
            } catch (MqttException e) {
                last = e;
                client.close(true);
            }
        }
        throw last;
    }

    @Test
    void carriesAQos1MessageBetweenTwoClientsAndStopsListening() throws Exception {
        int port;
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            port = broker.port();
            assertThat(broker.uri()).isEqualTo("tcp://127.0.0.1:" + port);
            List<String> got = new CopyOnWriteArrayList<>();
            MqttClient sub = subscribed(broker.uri(), "a/b", (t, m) -> got.add(new String(m.getPayload())));
            MqttClient pub = new MqttClient(broker.uri(), "pub", new MemoryPersistence());
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
            MqttClient sub = subscribed(broker.uri(), "a/b", (t, m) -> got.add(m.getPayload().length));
            MqttClient pub = new MqttClient(broker.uri(), "pub", new MemoryPersistence());
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
