package org.lambo.agents.bridge;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.trial.TrialOutputs;
import org.lambo.agents.trial.TrialResult;
import org.lambo.agents.trial.TrialRunner;
import org.lambo.agents.trial.TrialSettings;
import org.lambo.device.cpu.Calibration;
import org.lambo.device.cpu.CpuCalibrator;
import org.lambo.device.protocol.DeviceBodies;
import org.lambo.device.runtime.DeviceConfig;
import org.lambo.device.runtime.DeviceFleet;
import org.lambo.mec.Prompt;
import org.lambo.mqtt.broker.MosquittoProcess;
import org.lambo.mqtt.client.MqttLink;
import org.lambo.mqtt.client.MqttLinkOptions;
import org.lambo.mqtt.payload.DeviceStatus;
import org.lambo.mqtt.payload.EnvelopeCodec;
import org.lambo.mqtt.payload.EnvelopeFactory;
import org.lambo.mqtt.payload.RejectReason;
import org.lambo.mqtt.topic.Channel;
import org.lambo.mqtt.topic.Role;
import org.lambo.mqtt.topic.Topic;
import org.lambo.ontology.DeviceMessages.DeviceTelemetry;
import org.lambo.ontology.TaskReport;
import org.lambo.scenario.ScenarioLoader;

/**
 * A trial against a real mosquitto with 4 server devices and 10 UE devices: three servers and every UE emulated in this
 * JVM ({@code --emulate}), server 4 a separate device process that is SIGKILLed after slot 1. Its will marks it
 * offline, the bridge reports server 4 down, the orchestrator stops using it, and the trial goes on; UE 9's device
 * leaves at the same time and that UE's later tasks fail with the reason; every task ends completed or failed with a
 * reason. Bad payloads sent during the trial are rejected and counted (by the bridge and by a device), and a device not
 * on the list is ignored and gets no command. Skips when mosquitto is not installed.
 */
class DeviceTrialIT {
    private static final double SCALE = 1e-4;
    private static final String TESTBED = "it";

    @TempDir
    Path dir;

    @Test
    void aTrialOnRealMosquittoSurvivesAKilledServerDeviceAndBadPayloads() throws Exception {
        Assumptions.assumeTrue(MosquittoProcess.isInstalled(), "mosquitto is not installed; skipping the device trial");
        Path scenario = dir.resolve("four-servers.yaml");
        Files.writeString(
                scenario,
                Files.readString(Path.of("..", "configs", "small.yaml"))
                        .replace("name: small", "name: four-servers")
                        .replace("  - {cpuHz: 5.0e+10}\n", "  - {cpuHz: 5.0e+10}\n  - {cpuHz: 2.0e+10}\n")
                        // small inputs: uploading costs less energy than computing, so a min-energy policy offloads
                        .replace("bits: {mean: 2.0e+8", "bits: {mean: 2.0e+6"));
        List<String> servers = DeviceFleet.ids("srv", 4);
        List<String> ues = DeviceFleet.ids("ue", 10);
        DeviceMap map = new DeviceMap(servers, ues);

        try (MosquittoProcess broker =
                        MosquittoProcess.builder(dir.resolve("mosquitto")).start();
                MqttLink observer = MqttLink.create(MqttLinkOptions.builder(broker.uri(), "observer")
                        .random(new SplittableRandom(7))
                        .build())) {
            Map<String, DeviceStatus> status = new ConcurrentHashMap<>();
            List<String> intruderCommands = new CopyOnWriteArrayList<>();
            EnvelopeCodec codec = DeviceBodies.codec();
            observer.subscribe(
                    new Topic(TESTBED, Role.SERVER, "srv-4", Channel.STATUS).name(),
                    1,
                    m -> status.put(
                            "srv-4", (DeviceStatus) codec.decode(m.payload()).body()));
            observer.subscribe("lambo/" + TESTBED + "/+/intruder-9/commands", 1, m -> intruderCommands.add(m.topic()));
            observer.connect(Duration.ofSeconds(10));

            Process srv4 = deviceProcess(broker.uri(), "srv-4");
            Calibration cal = CpuCalibrator.builder().build().calibrate();
            try (DeviceFleet emulatedServers = DeviceFleet.start(
                            DeviceConfig.builder(Role.SERVER, "srv", broker.uri())
                                    .testbed(TESTBED)
                                    .scale(SCALE)
                                    .telemetryPeriod(Duration.ofSeconds(1))
                                    .build(),
                            servers.subList(0, 3),
                            cal,
                            Duration.ofSeconds(10));
                    DeviceFleet emulatedUes = DeviceFleet.start(
                            DeviceConfig.builder(Role.UE, "ue", broker.uri())
                                    .testbed(TESTBED)
                                    .scale(SCALE)
                                    .telemetryPeriod(Duration.ofSeconds(1))
                                    .build(),
                            ues,
                            cal,
                            Duration.ofSeconds(10))) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> status.containsKey("srv-4")
                                && status.get("srv-4").online());

                DeviceOptions devices = DeviceOptions.builder(map)
                        .broker(broker.uri())
                        .testbed(TESTBED)
                        .scale(SCALE)
                        .waitOnline(Duration.ofSeconds(20))
                        .build();
                TrialSettings s = TrialSettings.builder(ScenarioLoader.load(scenario.toString()))
                        .slots(4)
                        .policy("greedy")
                        .prompt(Prompt.MIN_ENERGY)
                        .collectMs(4_000)
                        .decisionMs(15_000)
                        .serverMs(6_000)
                        .devices(devices)
                        .build();
                EnvelopeFactory intruder = new EnvelopeFactory("intruder-9", Clock.systemUTC());
                List<Integer> killedAfter = new ArrayList<>();
                TrialResult r = TrialRunner.run(s, dir.resolve("jade"), x -> {}, (rec, platform) -> {
                    if (rec.slot() == 0) {
                        // bad payloads on the bridge's and on a device's topics, and a device the bridge does not know
                        observer.publish(
                                new Topic(TESTBED, Role.UE, "ue-1", Channel.RESULTS).name(),
                                "{not json".getBytes(UTF_8),
                                1,
                                false);
                        observer.publish(
                                new Topic(TESTBED, Role.SERVER, "srv-1", Channel.TELEMETRY).name(),
                                "{\"schema\":7,\"type\":\"telemetry\",\"deviceId\":\"srv-1\",\"seq\":0,\"sentAt\":\"2026-01-01T00:00:00Z\",\"body\":{}}"
                                        .getBytes(UTF_8),
                                1,
                                false);
                        observer.publish(
                                new Topic(TESTBED, Role.SERVER, "srv-1", Channel.COMMANDS).name(),
                                "[1,2]".getBytes(UTF_8),
                                1,
                                false);
                        observer.publish(
                                new Topic(TESTBED, Role.SERVER, "intruder-9", Channel.TELEMETRY).name(),
                                codec.encode(
                                        intruder.next(DeviceBodies.TELEMETRY, new DeviceTelemetry(1e12, 0, 0, 0, 0))),
                                1,
                                false);
                    }
                    if (rec.slot() == 1) {
                        srv4.destroyForcibly(); // SIGKILL: no DISCONNECT, the broker publishes its will
                        emulatedUes.device("ue-10").close(); // a UE device leaves cleanly: offline/closed
                        killedAfter.add(rec.slot());
                        await().atMost(Duration.ofSeconds(15))
                                .until(() -> !status.get("srv-4").online());
                        sleepQuietly(300); // the bridge's link gets the will as the observer's did
                    }
                });

                assertThat(killedAfter).containsExactly(1);
                assertThat(status.get("srv-4")).isEqualTo(DeviceStatus.lost());
                assertThat(r.slots()).hasSize(4);
                for (TaskReport t : r.reports()) {
                    assertThat(t.completed() || !t.reason().isBlank())
                            .as("%s ends completed or with a reason", t.taskId())
                            .isTrue();
                }
                assertThat(r.completed()).as("most tasks complete").isGreaterThan(r.tasks() / 2);
                assertThat(r.reports().stream()
                                .filter(t -> t.option() >= 1
                                        && t.completed()
                                        && r.devices().measured(t)))
                        .as("server devices served offloaded tasks")
                        .isNotEmpty();
                // after the will server 4 is down: the orchestrator gives it nothing
                assertThat(r.reports().stream().filter(t -> t.slot() >= 2 && t.option() == 4))
                        .isEmpty();
                // UE 9's device is gone: its later tasks fail, saying so
                assertThat(r.reports().stream().filter(t -> t.slot() >= 2 && t.index() == 9))
                        .isNotEmpty()
                        .allSatisfy(t -> assertThat(t.reason()).isEqualTo("device ue-10 is offline (closed)"));
                assertThat(r.reports().stream().filter(t -> t.slot() >= 2 && t.index() != 9 && !t.completed()))
                        .isEmpty();
                DeviceSummary d = r.devices();
                assertThat(d.presence().get("srv-4")).isEqualTo("offline (lost)");
                assertThat(d.presence().get("srv-1")).isEqualTo("online (connected)");
                assertThat(d.presence().get("ue-10")).isEqualTo("offline (closed)");
                assertThat(r.reports().stream().filter(d::measured)).isNotEmpty();
                assertThat(d.rejects().get(RejectReason.NOT_JSON)).isEqualTo(1);
                assertThat(d.rejects().get(RejectReason.WRONG_SCHEMA)).isEqualTo(1);
                assertThat(d.strangers()).isEqualTo(1);
                assertThat(emulatedServers.device("srv-1").rejects().get(RejectReason.NOT_AN_OBJECT))
                        .isEqualTo(1);
                assertThat(intruderCommands)
                        .as("an unknown device gets nothing")
                        .isEmpty();

                TrialOutputs.write(r, 4, Map.of("scenario", "four-servers"), dir.resolve("out"));
                String summary = Files.readString(dir.resolve("out").resolve("summary.md"));
                assertThat(summary)
                        .contains(
                                "| srv-4 | server 4 | offline (lost) |",
                                "messages from unlisted devices dropped: 1",
                                "## Sim-to-real error");
                System.out.println(summary);
            } finally {
                srv4.destroyForcibly();
                srv4.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A device in its own JVM, as on a Pi: {@code lambo-device --role server ...} with a 1 s keep-alive, so its will
     * comes fast.
     */
    private static Process deviceProcess(String broker, String id) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.lambo.device.DeviceMain",
                        "--role",
                        "server",
                        "--id",
                        id,
                        "--broker",
                        broker,
                        "--testbed",
                        TESTBED,
                        "--scale",
                        Double.toString(SCALE),
                        "--keep-alive",
                        "1",
                        "--telemetry-ms",
                        "500")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
