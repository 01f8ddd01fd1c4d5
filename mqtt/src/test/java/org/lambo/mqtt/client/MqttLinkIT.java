package org.lambo.mqtt.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.io.StrictJson;
import org.lambo.mqtt.broker.MosquittoProcess;
import org.lambo.mqtt.payload.BodyType;
import org.lambo.mqtt.payload.DeviceStatus;
import org.lambo.mqtt.payload.Envelope;
import org.lambo.mqtt.payload.EnvelopeCodec;
import org.lambo.mqtt.payload.EnvelopeDispatcher;
import org.lambo.mqtt.payload.EnvelopeFactory;
import org.lambo.mqtt.topic.Channel;
import org.lambo.mqtt.topic.Role;
import org.lambo.mqtt.topic.Topic;
import org.lambo.mqtt.topic.TopicFilter;

/** {@link MqttLink} against a real mosquitto process; skipped when mosquitto is not installed. */
class MqttLinkIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final List<AutoCloseable> resources = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void needsMosquitto() {
        Assumptions.assumeTrue(
                MosquittoProcess.isInstalled(), "mosquitto is not installed; skipping the MQTT integration tests");
    }

    @AfterEach
    void closeEverything() throws Exception {
        Collections.reverse(resources);
        for (AutoCloseable r : resources) r.close(); // links first, then the broker
    }

    private <T extends AutoCloseable> T own(T r) {
        resources.add(r);
        return r;
    }

    private MqttLink link(MqttLinkOptions options) {
        return own(MqttLink.create(options));
    }

    @Test
    void aCommandAndItsResultTravelOnSocketsWithTcpNoDelay() throws Exception {
        MosquittoProcess broker = own(MosquittoProcess.builder(dir).start());
        MqttLink bridge = link(Links.options(broker.uri(), "bridge", 1).build());
        MqttLink device = link(Links.options(broker.uri(), "pi-01", 2).build());
        bridge.connect(WAIT);
        device.connect(WAIT);
        Links.commandAndResult(bridge, device, "it");
        assertThat(Links.socketOf(bridge).getTcpNoDelay()).isTrue();
        assertThat(Links.socketOf(device).getTcpNoDelay()).isTrue();
        // the same check on a Paho client left to its own socket factory sees Nagle on: it reads the real socket
        org.eclipse.paho.client.mqttv3.MqttAsyncClient plain = new org.eclipse.paho.client.mqttv3.MqttAsyncClient(
                broker.uri(), "plain", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        try {
            plain.connect().waitForCompletion(20_000);
            assertThat(Links.socketOf(plain).getTcpNoDelay()).isFalse();
            plain.disconnect().waitForCompletion(5_000);
        } finally {
            plain.close(true);
        }
    }

    @Test
    void qos1MessagesMakeTheRoundTripInOrder() {
        MosquittoProcess broker = own(MosquittoProcess.builder(dir).start());
        Topic t = new Topic("it", Role.UE, "u1", Channel.TELEMETRY);
        List<String> got = new CopyOnWriteArrayList<>();
        Path paho = dir.resolve("paho-state");
        MqttLink sub = link(
                Links.options(broker.uri(), "bridge", 1).persistenceDir(paho).build());
        sub.subscribe(t.name(), 1, m -> got.add(new String(m.payload(), UTF_8)));
        sub.connect(WAIT);
        assertThat(paho).as("Paho keeps its session state in files there").isDirectory();
        MqttLink pub = link(Links.options(broker.uri(), "u1", 2).build());
        pub.connect(WAIT);
        List<String> sent = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            sent.add("m" + k);
            pub.publish(t.name(), ("m" + k).getBytes(UTF_8), 1, false);
        }
        await().atMost(WAIT).until(() -> got.size() >= sent.size());
        assertThat(got).containsExactlyElementsOf(sent);
        await().atMost(WAIT).until(() -> pub.delivered() == sent.size());
    }

    @Test
    void brokerRestartMidStreamLosesNoQos1Message() throws Exception {
        MosquittoProcess broker =
                own(MosquittoProcess.builder(dir).persistence(true).start());
        Topic t = new Topic("it", Role.UE, "u2", Channel.RESULTS);
        Set<String> got = ConcurrentHashMap.newKeySet();
        List<String> all = new CopyOnWriteArrayList<>();
        MqttLink sub = link(Links.options(broker.uri(), "bridge", 3).build());
        sub.subscribe(t.name(), 1, m -> {
            String s = new String(m.payload(), UTF_8);
            got.add(s);
            all.add(s);
        });
        sub.connect(WAIT);
        MqttLink pub = link(Links.options(broker.uri(), "u2", 4).build());
        pub.connect(WAIT);

        int n = 600;
        Thread producer = new Thread(() -> {
            for (int k = 0; k < n; k++) {
                pub.publish(t.name(), ("r" + k).getBytes(UTF_8), 1, false);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        producer.start();
        await().atMost(WAIT).until(() -> got.size() > n / 4);
        broker.restart(); // SIGTERM, mosquitto saves its sessions; then the same port again
        producer.join(WAIT.toMillis());

        await().atMost(WAIT).until(() -> got.size() == n);
        for (int k = 0; k < n; k++) assertThat(got).contains("r" + k);
        assertThat(pub.connections()).as("publisher reconnected").isEqualTo(2);
        assertThat(sub.connections()).as("subscriber reconnected").isEqualTo(2);
        await().atMost(WAIT).until(() -> pub.outboxSize() == 0 && pub.inflight() == 0);
        System.out.printf(
                "broker restart: %d messages, %d deliveries (%d duplicates), %d sends retried%n",
                n, all.size(), all.size() - n, pub.retried());
    }

    @Test
    void resubscribesWhenTheRestartedBrokerForgotEverything() {
        MosquittoProcess broker =
                own(MosquittoProcess.builder(dir).persistence(false).start());
        Topic t = new Topic("it", Role.SERVER, "s1", Channel.COMMANDS);
        List<String> got = new CopyOnWriteArrayList<>();
        MqttLink device = link(Links.options(broker.uri(), "s1", 5).build());
        device.subscribe(t.name(), 1, m -> got.add(new String(m.payload(), UTF_8)));
        device.connect(WAIT);
        MqttLink bridge = link(Links.options(broker.uri(), "bridge", 6).build());
        bridge.connect(WAIT);
        bridge.publish(t.name(), "before".getBytes(UTF_8), 1, false);
        await().atMost(WAIT).until(() -> got.contains("before"));

        broker.restart(); // no persistence: sessions and subscriptions are gone
        await().atMost(WAIT).until(() -> device.connections() == 2 && bridge.connections() == 2);
        bridge.publish(t.name(), "after".getBytes(UTF_8), 1, false);
        // only a re-subscription can bring this one: the broker knows no subscription of its own
        await().atMost(WAIT).until(() -> got.contains("after"));
    }

    @Test
    void aKilledDevicesLastWillMarksItOffline() throws Exception {
        MosquittoProcess broker = own(MosquittoProcess.builder(dir).start());
        EnvelopeCodec codec = EnvelopeCodec.builder().build();
        Topic status = new Topic("it", Role.SERVER, "jetson-1", Channel.STATUS);
        List<DeviceStatus> seen = new CopyOnWriteArrayList<>();
        MqttLink watcher = link(Links.options(broker.uri(), "watcher", 7).build());
        watcher.subscribe(status.name(), 1, m -> {
            Envelope<?> e = codec.decode(m.payload());
            seen.add(e.body(DeviceStatus.class));
        });
        watcher.connect(WAIT);

        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        WillHolder.class.getName(),
                        broker.uri(),
                        "it",
                        "jetson-1")
                .redirectErrorStream(true)
                .start();
        own(child::destroyForcibly);
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.contains("READY")) {
            /* skip its log */
        }
        assertThat(line).as("the child connected").isNotNull();
        await().atMost(WAIT).until(() -> seen.contains(DeviceStatus.connected()));

        child.destroyForcibly(); // SIGKILL: the socket closes without DISCONNECT
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(WAIT).until(() -> seen.contains(DeviceStatus.lost()));
        assertThat(seen).doesNotContain(DeviceStatus.closed());
    }

    @Test
    void aCleanCloseAnnouncesOfflineAndSendsNoWill() {
        MosquittoProcess broker = own(MosquittoProcess.builder(dir).start());
        EnvelopeCodec codec = EnvelopeCodec.builder().build();
        Topic device = new Topic("it", Role.UE, "pi-3", Channel.STATUS);
        MqttLink pi = MqttLink.create(Links.withPresence(Links.options(broker.uri(), "pi-3", 8), device)
                .build());
        pi.connect(WAIT);
        pi.close();
        // a late subscriber reads the retained status: the last one, offline after a clean close
        List<DeviceStatus> seen = new CopyOnWriteArrayList<>();
        MqttLink late = link(Links.options(broker.uri(), "late", 9).build());
        late.subscribe(device.name(), 1, m -> seen.add(codec.decode(m.payload()).body(DeviceStatus.class)));
        late.connect(WAIT);
        await().atMost(WAIT).until(() -> !seen.isEmpty());
        assertThat(seen).containsExactly(DeviceStatus.closed());
        assertThat(pi.publish(device.name(), new byte[1], 1, false)).isCompletedExceptionally();
    }

    @Test
    void aReconnectedDeviceIsAnnouncedOnlineAgainAndItsEnvelopesPassTheBridgesChecks() {
        MosquittoProcess broker = own(MosquittoProcess.builder(dir).start());
        EnvelopeCodec codec = EnvelopeCodec.builder()
                .register(BodyType.jackson("status-copy", DeviceStatus.class, StrictJson.mapper()))
                .build();
        Topic device = new Topic("it", Role.UE, "pi-9", Channel.TELEMETRY);
        List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
        List<Long> telemetrySeqs = new CopyOnWriteArrayList<>();
        EnvelopeDispatcher dispatcher = EnvelopeDispatcher.builder(codec)
                .on(DeviceStatus.TYPE, DeviceStatus.class, (t, e) -> statuses.add(e.body()))
                .on("status-copy", DeviceStatus.class, (t, e) -> telemetrySeqs.add(e.seq()))
                .build();
        MqttLink bridge = link(Links.options(broker.uri(), "bridge", 10).build());
        bridge.subscribe(TopicFilter.of("it").filter(), 1, m -> dispatcher.handle(m.topic(), m.payload()));
        bridge.connect(WAIT);
        EnvelopeCodec deviceCodec = codec;
        EnvelopeFactory stamps = new EnvelopeFactory("pi-9", Clock.systemUTC());
        MqttLink pi = link(Presence.announce(Links.options(broker.uri(), "pi-9", 11), device, deviceCodec, stamps)
                .build());
        pi.connect(WAIT);
        await().atMost(WAIT).until(() -> statuses.contains(DeviceStatus.connected()));

        broker.restart();
        await().atMost(WAIT).until(() -> pi.connections() == 2 && bridge.connections() == 2);
        // a freshly stamped online status: not mistaken for a re-delivery of the first one
        await().atMost(WAIT)
                .until(() -> statuses.stream()
                                .filter(DeviceStatus.connected()::equals)
                                .count()
                        == 2);
        new EnvelopeSender(pi, deviceCodec, stamps)
                .send(device, "status-copy", DeviceStatus.connected())
                .join();
        await().atMost(WAIT).until(() -> telemetrySeqs.size() == 1);
        assertThat(telemetrySeqs.get(0)).isGreaterThanOrEqualTo(2); // after the will and two online stamps
        assertThat(dispatcher.rejects().total()).isZero();
    }

    @Test
    void recoversFromAConnectAttemptThatHangs() throws Exception {
        // a server that accepts TCP and never answers, keeping the connections open: Paho's connect hangs
        // and, left alone, refuses every later connect as "already in progress" (eclipse/paho.mqtt.java#128)
        List<java.net.Socket> held = new CopyOnWriteArrayList<>();
        java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        own(() -> {
            for (java.net.Socket h : held) h.close();
        });
        int port = silent.getLocalPort();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) held.add(silent.accept());
            } catch (java.io.IOException closed) {
                // listener closed
            }
        });
        acceptor.start();
        MqttLink link = link(Links.options("tcp://127.0.0.1:" + port, "patient", 12)
                .connectTimeout(Duration.ofMillis(400))
                .build());
        assertThatThrownBy(() -> link.connect(Duration.ofMillis(1_200)))
                .isInstanceOf(MqttLinkException.Unreachable.class);
        silent.close(); // the port is free again; the hung connections stay open
        acceptor.join(2_000);
        assertThat(held).isNotEmpty();
        own(MosquittoProcess.builder(dir).port(port).start());
        link.connect(WAIT);
        assertThat(link.isConnected()).isTrue();
    }
}
