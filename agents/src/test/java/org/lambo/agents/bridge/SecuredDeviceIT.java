package org.lambo.agents.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.device.cpu.Calibration;
import org.lambo.device.protocol.DeviceBodies;
import org.lambo.device.runtime.DeviceConfig;
import org.lambo.device.runtime.DeviceRuntime;
import org.lambo.mqtt.broker.FreePort;
import org.lambo.mqtt.broker.MosquittoProcess;
import org.lambo.mqtt.client.EnvelopeSender;
import org.lambo.mqtt.client.MqttLink;
import org.lambo.mqtt.client.MqttLinkOptions;
import org.lambo.mqtt.client.TlsOptions;
import org.lambo.mqtt.payload.EnvelopeFactory;
import org.lambo.mqtt.payload.RejectReason;
import org.lambo.mqtt.topic.Channel;
import org.lambo.mqtt.topic.Role;
import org.lambo.mqtt.topic.Topic;
import org.lambo.ontology.DeviceMessages.DeviceCommand;
import org.lambo.ontology.DeviceMessages.DeviceResult;
import org.lambo.ontology.DeviceMessages.DeviceTelemetry;
import org.lambo.ontology.DeviceMessages.TaskInput;
import org.lambo.ontology.DeviceMessages.Work;
import org.lambo.ontology.TaskDescription;

/**
 * The device runtime and the bridge through the shipped, secured broker ({@code testbed-scripts/broker setup}: TLS,
 * passwords, per-device ACL): each device, under its own user, reads its commands and writes its results, telemetry and
 * status; the bridge, as {@code lambo-bridge}, reads and writes them all. Skipped when mosquitto, mosquitto_passwd or
 * openssl is missing.
 */
class SecuredDeviceIT {
    private static final Calibration CAL = new Calibration(1e9, 1, 1 << 16, 0.01);

    @TempDir
    Path dir;

    @Test
    void devicesAndTheBridgeWorkThroughTheSecuredBroker() throws Exception {
        Assumptions.assumeTrue(
                MosquittoProcess.isInstalled() && onPath("openssl") && onPath("mosquitto_passwd"),
                "mosquitto, mosquitto_passwd or openssl is missing");
        Path devices = Files.writeString(dir.resolve("devices"), "pi-01 ue pi@10.0.0.1\nsrv-01 server pi@10.0.0.2\n");
        Path setup = dir.resolve("broker");
        int port = FreePort.pick();
        script(
                dir,
                "setup",
                "--devices",
                devices.toString(),
                "--dir",
                setup.toString(),
                "--port",
                Integer.toString(port));
        Path ca = setup.resolve("ca.crt");
        try (MosquittoProcess broker = MosquittoProcess.builder(dir)
                .existingConfig(setup.resolve("mosquitto.conf"), port, true)
                .start()) {
            DeviceOptions o = DeviceOptions.builder(DeviceMap.read(devices))
                    .broker(broker.uri())
                    .testbed("lab1")
                    .scale(1e-4)
                    .waitOnline(Duration.ofSeconds(15))
                    .credentials("lambo-bridge", password(setup, "lambo-bridge"))
                    .tlsCa(ca)
                    .build();
            try (DeviceRuntime srv = device(broker.uri(), Role.SERVER, "srv-01", setup, ca);
                    DeviceRuntime pi = device(broker.uri(), Role.UE, "pi-01", setup, ca);
                    DeviceSetup bridge = DeviceSetup.start(o, 3)) {
                assertThat(bridge.hub().awaitReady(Duration.ofSeconds(10))).isEmpty();
                TaskDescription t = new TaskDescription("t0-ue0", 8e5, 6e9, 1);
                String input = DeviceBodies.input(t, 1e-4);
                int bytes = DeviceBodies.inputBytes(t, 1e-4);
                DeviceResult served = bridge.hub()
                        .run(
                                "srv-01",
                                new DeviceCommand("c1", 0, Work.SERVE, t, 0.25, input, bytes),
                                Duration.ofSeconds(10))
                        .get();
                DeviceResult local = bridge.hub()
                        .run(
                                "pi-01",
                                new DeviceCommand("c2", 0, Work.LOCAL, t, 1, input, bytes),
                                Duration.ofSeconds(10))
                        .get();
                assertThat(served.completed()).isTrue();
                assertThat(served.inputBytes()).isEqualTo(bytes);
                assertThat(local.completed()).isTrue();
                assertThat(bridge.hub().strangers()).isZero();
                assertThat(bridge.hub().rejects().total()).isZero();
            }
        }
    }

    /**
     * pi-02, a listed device with its own credentials, attacks through the shipped broker: it connects with the
     * bridge's client id (the bridge keeps its one connection and its commands complete), writes an input on srv-01's
     * peer topic under pi-01's name (the broker drops it) and under its own name claiming to be pi-01 (srv-01 refuses
     * it: DEVICE_MISMATCH), so a SERVE command waiting for pi-01's input runs nothing; and it reports 1e300 cycles/s
     * (rejected and counted by field, no telemetry believed). The genuine upload, pi-01 to srv-01 on the new peer
     * topics, still works.
     */
    @Test
    void aDeviceCannotTakeOverTheBridgeForgeAPeerOrClaimAnImpossibleSpeed() throws Exception {
        Assumptions.assumeTrue(
                MosquittoProcess.isInstalled() && onPath("openssl") && onPath("mosquitto_passwd"),
                "mosquitto, mosquitto_passwd or openssl is missing");
        Path devices = Files.writeString(
                dir.resolve("devices"), "pi-01 ue pi@10.0.0.1\npi-02 ue pi@10.0.0.3\nsrv-01 server pi@10.0.0.2\n");
        Path setup = dir.resolve("broker");
        int port = FreePort.pick();
        script(
                dir,
                "setup",
                "--devices",
                devices.toString(),
                "--dir",
                setup.toString(),
                "--port",
                Integer.toString(port));
        Path ca = setup.resolve("ca.crt");
        double scale = 1e-4;
        try (MosquittoProcess broker = MosquittoProcess.builder(dir)
                .existingConfig(setup.resolve("mosquitto.conf"), port, true)
                .start()) {
            DeviceOptions o = DeviceOptions.builder(DeviceMap.read(devices))
                    .broker(broker.uri())
                    .testbed("lab1")
                    .scale(scale)
                    .waitOnline(Duration.ofSeconds(2))
                    .credentials("lambo-bridge", password(setup, "lambo-bridge"))
                    .tlsCa(ca)
                    .build();
            try (DeviceRuntime srv = device(broker.uri(), Role.SERVER, "srv-01", setup, ca);
                    DeviceRuntime pi = device(broker.uri(), Role.UE, "pi-01", setup, ca);
                    DeviceSetup bridge = DeviceSetup.start(o, 3);
                    MqttLink thief = MqttLink.create(MqttLinkOptions.builder(broker.uri(), "lambo-bridge")
                            .random(new SplittableRandom(9))
                            .credentials("pi-02", password(setup, "pi-02"))
                            .tls(TlsOptions.caFile(ca))
                            .build())) {
                DeviceHub hub = bridge.hub();
                assertThat(hub.awaitReady(Duration.ofSeconds(10))).containsExactly("pi-02");
                thief.connect(Duration.ofSeconds(15)); // admitted as pi-02, whatever client id it asked for
                EnvelopeSender as = new EnvelopeSender(
                        thief, DeviceBodies.codec(), new EnvelopeFactory("pi-02", Clock.systemUTC()));
                EnvelopeSender asPi01 = new EnvelopeSender(
                        thief, DeviceBodies.codec(), new EnvelopeFactory("pi-01", Clock.systemUTC()));

                TaskDescription forged = new TaskDescription("t-forged", 8e5, 6e9, 1);
                int bytes = DeviceBodies.inputBytes(forged, scale);
                TaskInput input = new TaskInput(
                        "t-forged",
                        DeviceBodies.payload("t-forged", bytes),
                        bytes,
                        DeviceCommand.ONE_TRIAL); // the trial of the command that waits below
                Topic srvPeer = Topic.peer("lab1", Role.SERVER, "srv-01", "pi-01");
                as.send(srvPeer, DeviceBodies.INPUT, input); // under pi-01's name: the ACL drops it
                asPi01.send(
                        Topic.peer("lab1", Role.SERVER, "srv-01", "pi-02"),
                        DeviceBodies.INPUT,
                        input); // pi-02 claiming pi-01
                as.send(
                                new Topic("lab1", Role.UE, "pi-02", Channel.TELEMETRY),
                                DeviceBodies.TELEMETRY,
                                new DeviceTelemetry(1e300, 0.01, 0, 0, 0))
                        .get(10, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> srv.rejects().get(RejectReason.DEVICE_MISMATCH) == 1
                                && hub.outOfRange().getOrDefault("cyclesPerSecond", 0L) == 1);
                assertThat(hub.telemetry("pi-02")).as("no telemetry believed").isEmpty();

                // srv-01 waits for pi-01's input of t-forged: neither forgery brought it, so nothing runs
                DeviceCommand waiting = new DeviceCommand("c-forged", 0, Work.SERVE, forged, 0.25, "", bytes, "pi-01");
                assertThat(outcome(hub.run("srv-01", waiting, Duration.ofSeconds(3))))
                        .isEqualTo("device srv-01 did not answer command c-forged within 3000 ms");
                assertThat(srv.completed()).isZero();

                // the genuine path on the new peer topics: pi-01 uploads, srv-01 serves
                TaskDescription real = new TaskDescription("t-real", 8e5, 6e9, 1);
                var served = hub.run(
                        "srv-01",
                        new DeviceCommand("c-serve", 0, Work.SERVE, real, 0.25, "", bytes, "pi-01"),
                        Duration.ofSeconds(20));
                var uploaded = hub.run(
                        "pi-01",
                        new DeviceCommand("c-up", 0, Work.UPLOAD, real, 0.25, "", bytes, "srv-01"),
                        Duration.ofSeconds(20));
                assertThat(outcome(served)).isEqualTo("completed");
                assertThat(outcome(uploaded)).isEqualTo("completed");

                assertThat(hub.connections())
                        .as("the bridge's connections: the thief took none over")
                        .isEqualTo(1);
                assertThat(thief.isConnected()).isTrue();
            }
        }
    }

    private static String outcome(java.util.concurrent.CompletableFuture<DeviceResult> f) throws InterruptedException {
        try {
            DeviceResult r = f.get();
            return r.completed() ? "completed" : r.reason();
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        }
    }

    private static DeviceRuntime device(String uri, Role role, String id, Path setup, Path ca) throws IOException {
        return new DeviceRuntime(
                        DeviceConfig.builder(role, id, uri)
                                .testbed("lab1")
                                .scale(1e-4)
                                .credentials(id, password(setup, id))
                                .tlsCa(ca)
                                .telemetryPeriod(Duration.ofMillis(500))
                                .build(),
                        CAL)
                .start(Duration.ofSeconds(15));
    }

    private static char[] password(Path setup, String user) throws IOException {
        return Files.readString(setup.resolve("credentials").resolve(user))
                .trim()
                .toCharArray();
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }

    private static void script(Path dir, String... args) throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isRegularFile(root.resolve("testbed-scripts/broker"))) root = root.getParent();
        if (root == null) throw new IllegalStateException("testbed-scripts/broker not found");
        List<String> cmd = new java.util.ArrayList<>(
                List.of("bash", root.resolve("testbed-scripts/broker").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("setup.log").toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("broker setup failed:\n" + Files.readString(dir.resolve("setup.log")));
        }
    }
}
