package org.lambo.mqtt.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.mqtt.broker.FreePort;
import org.lambo.mqtt.broker.MosquittoProcess;
import org.lambo.mqtt.topic.Channel;
import org.lambo.mqtt.topic.Role;
import org.lambo.mqtt.topic.Topic;

/**
 * The shipped broker setup end to end: {@code testbed-scripts/broker setup} makes a CA, a server certificate, passwords
 * and the config from {@code configs/mosquitto/}; a real mosquitto runs it; the Java link must come through TLS with
 * the right credentials only, and a device only reaches its own topics. Skipped when mosquitto, mosquitto_passwd or
 * openssl is missing.
 */
class SecuredBrokerIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;

    private static MosquittoProcess broker;
    private static Path setup;

    @BeforeAll
    static void startTheShippedBroker() throws Exception {
        Assumptions.assumeTrue(MosquittoProcess.isInstalled(), "mosquitto is not installed");
        Assumptions.assumeTrue(
                onPath("openssl") && onPath("mosquitto_passwd"), "openssl or mosquitto_passwd is missing");
        Path devices = Files.writeString(dir.resolve("devices"), """
                # id    role    ssh
                pi-01   ue      pi@10.0.0.1
                srv-01  server  pi@10.0.0.2
                """);
        int port = FreePort.pick();
        setup = dir.resolve("broker");
        script("setup", "--devices", devices.toString(), "--dir", setup.toString(), "--port", Integer.toString(port));
        broker = MosquittoProcess.builder(dir)
                .existingConfig(setup.resolve("mosquitto.conf"), port, true)
                .start();
    }

    @AfterAll
    static void stopIt() {
        if (broker != null) broker.close();
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }

    private static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("testbed-scripts/broker"))) return p;
        }
        throw new IllegalStateException(
                "testbed-scripts/broker not found above " + Path.of("").toAbsolutePath());
    }

    private static void script(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(
                List.of("bash", repoRoot().resolve("testbed-scripts/broker").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("setup.log").toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("broker setup failed:\n" + Files.readString(dir.resolve("setup.log")));
        }
    }

    private static char[] password(String user) throws IOException {
        return Files.readString(setup.resolve("credentials").resolve(user))
                .trim()
                .toCharArray();
    }

    private static MqttLinkOptions.Builder secured(String clientId, long seed) {
        return Links.options(broker.uri(), clientId, seed).tls(TlsOptions.caFile(setup.resolve("ca.crt")));
    }

    @Test
    void overTlsACommandAndItsResultTravelOnSocketsWithTcpNoDelay() throws Exception {
        try (MqttLink bridge = MqttLink.create(secured("lambo-bridge", 21)
                        .credentials("lambo-bridge", password("lambo-bridge"))
                        .build());
                MqttLink device = MqttLink.create(secured("pi-01", 22)
                        .credentials("pi-01", password("pi-01"))
                        .build())) {
            bridge.connect(WAIT);
            device.connect(WAIT);
            Links.commandAndResult(bridge, device, "lab1");
            for (MqttLink l : List.of(bridge, device)) {
                java.net.Socket s = Links.socketOf(l);
                assertThat(s).isInstanceOf(javax.net.ssl.SSLSocket.class);
                assertThat(s.getTcpNoDelay()).isTrue();
            }
        }
    }

    /**
     * The certificate names localhost and 127.0.0.1, not 127.0.0.2 (also this machine, also the broker): refused,
     * unless told not to check.
     */
    @Test
    void theNoDelayFactoryKeepsHostNameVerification() throws Exception {
        String other = broker.uri().replace("localhost", "127.0.0.2");
        MqttLinkOptions.Builder o = Links.options(other, "pi-01", 23).credentials("pi-01", password("pi-01"));
        try (MqttLink link = MqttLink.create(
                o.tls(TlsOptions.caFile(setup.resolve("ca.crt"))).build())) {
            assertThatThrownBy(() -> link.connect(WAIT)).isInstanceOf(MqttLinkException.Tls.class);
        }
        try (MqttLink link = MqttLink.create(Links.options(other, "pi-01", 24)
                .credentials("pi-01", password("pi-01"))
                .tls(TlsOptions.caFile(setup.resolve("ca.crt")).withoutHostnameVerification())
                .build())) {
            link.connect(WAIT);
            assertThat(Links.socketOf(link).getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void unknownUsersWrongPasswordsAndAnonymousClientsAreRefused() throws Exception {
        for (MqttLinkOptions o : List.of(
                secured("pi-01", 1).credentials("pi-01", "wrong".toCharArray()).build(),
                secured("intruder", 2)
                        .credentials("intruder", password("pi-01"))
                        .build(),
                secured("anon", 3).build())) {
            try (MqttLink link = MqttLink.create(o)) {
                assertThatThrownBy(() -> link.connect(WAIT)).isInstanceOf(MqttLinkException.NotAuthorized.class);
            }
        }
    }

    @Test
    void aServerCertificateFromAnotherCaIsRefused() throws Exception {
        Path other = dir.resolve("other-ca.crt");
        Process p = new ProcessBuilder(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-days",
                        "1",
                        "-subj",
                        "/CN=other",
                        "-keyout",
                        dir.resolve("other-ca.key").toString(),
                        "-out",
                        other.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("other.log").toFile())
                .start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
        MqttLinkOptions o = Links.options(broker.uri(), "pi-01", 4)
                .tls(TlsOptions.caFile(other))
                .credentials("pi-01", password("pi-01"))
                .build();
        try (MqttLink link = MqttLink.create(o)) {
            assertThatThrownBy(() -> link.connect(WAIT)).isInstanceOf(MqttLinkException.Tls.class);
        }
    }

    @Test
    void aDeviceReachesOnlyItsOwnTopicsAndWritesPeerTopicsOnlyUnderItsOwnName() throws Exception {
        Topic pi = new Topic("it", Role.UE, "pi-01", Channel.TELEMETRY);
        Topic srv = new Topic("it", Role.SERVER, "srv-01", Channel.TELEMETRY);
        List<String> atBridge = new CopyOnWriteArrayList<>();
        List<String> atPi = new CopyOnWriteArrayList<>();
        try (MqttLink bridge = MqttLink.create(secured("lambo-bridge", 5)
                        .credentials("lambo-bridge", password("lambo-bridge"))
                        .build());
                MqttLink device = MqttLink.create(secured("pi-01", 6)
                        .credentials("pi-01", password("pi-01"))
                        .build())) {
            bridge.subscribe("lambo/it/#", 1, m -> atBridge.add(m.topic() + " " + new String(m.payload(), UTF_8)));
            bridge.connect(WAIT);
            device.subscribe(
                    pi.on(Channel.COMMANDS).name(), 1, m -> atPi.add(m.topic() + " " + new String(m.payload(), UTF_8)));
            try {
                device.subscribe(
                        srv.on(Channel.COMMANDS).name(),
                        1,
                        m -> atPi.add(m.topic() + " " + new String(m.payload(), UTF_8)));
            } catch (MqttLinkException.SubscriptionRefused expected) {
                // mosquitto may refuse it outright; otherwise it must deliver nothing on it (checked below)
            }
            device.subscribe(
                    "lambo/it/ue/pi-01/peer/+", 1, m -> atPi.add(m.topic() + " " + new String(m.payload(), UTF_8)));
            try {
                device.subscribe(
                        "lambo/it/server/srv-01/peer/+",
                        1,
                        m -> atPi.add(m.topic() + " " + new String(m.payload(), UTF_8)));
            } catch (MqttLinkException.SubscriptionRefused expected) {
                // as above
            }
            device.connect(WAIT);

            // the device writes another device's telemetry and its own commands: both denied, dropped by the broker
            device.publish(srv.name(), "spoof".getBytes(UTF_8), 1, false);
            device.publish(pi.on(Channel.COMMANDS).name(), "self-command".getBytes(UTF_8), 1, false);
            device.publish(
                    srv.peerFrom("pi-01").name(),
                    "upload".getBytes(UTF_8),
                    1,
                    false); // allowed: device to device, as itself
            device.publish(
                    srv.peerFrom("pi-02").name(),
                    "forged-upload".getBytes(UTF_8),
                    1,
                    false); // denied: under another's name
            device.publish(
                    "lambo/it/server/srv-01/peer", "no-sender".getBytes(UTF_8), 1, false); // denied: no sender level
            device.publish(pi.name(), "own".getBytes(UTF_8), 1, false).get(10, TimeUnit.SECONDS);
            // the bridge commands both devices: the device hears only its own
            bridge.publish(srv.on(Channel.COMMANDS).name(), "for-srv".getBytes(UTF_8), 1, false);
            bridge.publish(pi.on(Channel.COMMANDS).name(), "for-pi".getBytes(UTF_8), 1, false);
            // and writes both devices' peer topics: the device reads only its own
            bridge.publish(srv.peerFrom("lambo-bridge").name(), "peer-for-srv".getBytes(UTF_8), 1, false);
            bridge.publish(pi.peerFrom("lambo-bridge").name(), "peer-for-pi".getBytes(UTF_8), 1, false);

            // messages of one client are forwarded in order: once the later ones arrived, the earlier denied ones never
            // will
            String peerForPi = pi.peerFrom("lambo-bridge").name() + " peer-for-pi";
            await().atMost(WAIT).until(() -> atBridge.contains(pi.name() + " own") && atPi.contains(peerForPi));
            assertThat(atBridge)
                    .noneMatch(s -> s.endsWith(" spoof")
                            || s.endsWith(" self-command")
                            || s.endsWith(" forged-upload")
                            || s.endsWith(" no-sender"));
            assertThat(atBridge).contains(srv.peerFrom("pi-01").name() + " upload");
            assertThat(atPi).containsExactly(pi.on(Channel.COMMANDS).name() + " for-pi", peerForPi);
        }
    }

    /**
     * The shipped broker takes the user name as the client id ({@code use_username_as_clientid}): a device that
     * connects with the bridge's or another device's client id, under its own credentials, gets its own session, and
     * the victims stay connected and keep hearing their topics.
     */
    @Test
    void aClientIdTakeoverIsRefusedAndTheVictimsSessionsSurvive() throws Exception {
        Topic pi = new Topic("it2", Role.UE, "pi-01", Channel.TELEMETRY);
        List<String> atBridge = new CopyOnWriteArrayList<>();
        List<String> atSrv = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger drops = new java.util.concurrent.atomic.AtomicInteger();
        ConnectionListener countDrops = new ConnectionListener() {
            @Override
            public void connected(boolean reconnect) {}

            @Override
            public void disconnected(Throwable cause) {
                drops.incrementAndGet();
            }
        };
        try (MqttLink bridge = MqttLink.create(secured("lambo-bridge", 7)
                        .credentials("lambo-bridge", password("lambo-bridge"))
                        .build());
                MqttLink srv = MqttLink.create(secured("srv-01", 8)
                        .credentials("srv-01", password("srv-01"))
                        .build())) {
            bridge.addConnectionListener(countDrops);
            srv.addConnectionListener(countDrops);
            bridge.subscribe("lambo/it2/#", 1, m -> atBridge.add(new String(m.payload(), UTF_8)));
            srv.subscribe("lambo/it2/server/srv-01/commands", 1, m -> atSrv.add(new String(m.payload(), UTF_8)));
            bridge.connect(WAIT);
            srv.connect(WAIT);
            for (String victim : List.of("lambo-bridge", "srv-01")) {
                try (MqttLink thief = MqttLink.create(secured(victim, 9)
                        .credentials("pi-01", password("pi-01"))
                        .build())) {
                    thief.connect(WAIT); // admitted, as pi-01
                    thief.publish(pi.name(), ("as-pi-while-posing-as-" + victim).getBytes(UTF_8), 1, false)
                            .get(10, TimeUnit.SECONDS);
                    bridge.publish(
                            "lambo/it2/server/srv-01/commands", ("command-after-" + victim).getBytes(UTF_8), 1, false);
                    await().atMost(WAIT)
                            .until(() -> atBridge.contains("as-pi-while-posing-as-" + victim)
                                    && atSrv.contains("command-after-" + victim));
                    assertThat(thief.isConnected()).isTrue();
                }
            }
            assertThat(bridge.isConnected()).isTrue();
            assertThat(srv.isConnected()).isTrue();
            assertThat(drops.get())
                    .as("connections lost by the bridge and srv-01")
                    .isZero();
            assertThat(bridge.connections()).isEqualTo(1);
            assertThat(srv.connections()).isEqualTo(1);
        }
    }
}
