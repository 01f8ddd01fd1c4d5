package org.lambo.agents.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.lambo.mqtt.topic.Role;
import org.lambo.ontology.DeviceMessages.DeviceCommand;
import org.lambo.ontology.DeviceMessages.DeviceResult;
import org.lambo.ontology.DeviceMessages.Work;
import org.lambo.ontology.TaskDescription;

/**
 * The device runtime and the bridge through the shipped, secured broker ({@code testbed-scripts/broker
 * setup}: TLS, passwords, per-device ACL): each device, under its own user, reads its commands and writes
 * its results, telemetry and status; the bridge, as {@code lambo-bridge}, reads and writes them all.
 * Skipped when mosquitto, mosquitto_passwd or openssl is missing.
 */
class SecuredDeviceIT {
    private static final Calibration CAL = new Calibration(1e9, 1, 1 << 16, 0.01);

    @TempDir
    Path dir;

    @Test
    void devicesAndTheBridgeWorkThroughTheSecuredBroker() throws Exception {
        Assumptions.assumeTrue(MosquittoProcess.isInstalled() && onPath("openssl") && onPath("mosquitto_passwd"),
                "mosquitto, mosquitto_passwd or openssl is missing");
        Path devices = Files.writeString(dir.resolve("devices"), "pi-01 ue pi@10.0.0.1\nsrv-01 server pi@10.0.0.2\n");
        Path setup = dir.resolve("broker");
        int port = FreePort.pick();
        script(dir, "setup", "--devices", devices.toString(), "--dir", setup.toString(), "--port", Integer.toString(port));
        Path ca = setup.resolve("ca.crt");
        try (MosquittoProcess broker = MosquittoProcess.builder(dir).existingConfig(setup.resolve("mosquitto.conf"), port, true).start()) {
            DeviceOptions o = new DeviceOptions(DeviceMap.read(devices), broker.uri(), "lab1", 1e-4, false, Duration.ofSeconds(15),
                    "lambo-bridge", password(setup, "lambo-bridge"), ca);
            try (DeviceRuntime srv = device(broker.uri(), Role.SERVER, "srv-01", setup, ca);
                 DeviceRuntime pi = device(broker.uri(), Role.UE, "pi-01", setup, ca);
                 DeviceSetup bridge = DeviceSetup.start(o, 3)) {
                assertThat(bridge.hub().awaitReady(Duration.ofSeconds(10))).isEmpty();
                TaskDescription t = new TaskDescription("t0-ue0", 8e5, 6e9, 1);
                String input = DeviceBodies.input(t, 1e-4);
                int bytes = DeviceBodies.inputBytes(t, 1e-4);
                DeviceResult served = bridge.hub().run("srv-01", new DeviceCommand("c1", 0, Work.SERVE, t, 0.25, input, bytes), Duration.ofSeconds(10)).get();
                DeviceResult local = bridge.hub().run("pi-01", new DeviceCommand("c2", 0, Work.LOCAL, t, 1, input, bytes), Duration.ofSeconds(10)).get();
                assertThat(served.completed()).isTrue();
                assertThat(served.inputBytes()).isEqualTo(bytes);
                assertThat(local.completed()).isTrue();
                assertThat(bridge.hub().strangers()).isZero();
                assertThat(bridge.hub().rejects().total()).isZero();
            }
        }
    }

    private static DeviceRuntime device(String uri, Role role, String id, Path setup, Path ca) throws IOException {
        return new DeviceRuntime(DeviceConfig.builder(role, id, uri).testbed("lab1").scale(1e-4).credentials(id, password(setup, id))
                .tlsCa(ca).telemetryPeriod(Duration.ofMillis(500)).build(), CAL).start(Duration.ofSeconds(15));
    }

    private static char[] password(Path setup, String user) throws IOException {
        return Files.readString(setup.resolve("credentials").resolve(user)).trim().toCharArray();
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
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", root.resolve("testbed-scripts/broker").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("setup.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("broker setup failed:\n" + Files.readString(dir.resolve("setup.log")));
        }
    }
}
