package org.lambo.agents.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
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
import org.lambo.mqtt.payload.EnvelopeCodec;
import org.lambo.mqtt.topic.Role;
import org.lambo.ontology.DeviceMessages.DeviceCommand;
import org.lambo.ontology.DeviceMessages.Work;
import org.lambo.ontology.TaskReport;
import org.lambo.scenario.ScenarioLoader;

/**
 * A trial over 2 emulated server devices and 4 emulated UE devices on a real mosquitto with persistence (as the shipped
 * configuration has), whose broker is restarted five times: between slots 0 and 1, and four times while a slot's device
 * commands are in flight (each restart starts the moment an observer sees the first command of slot 1, 2, 3 and 4 pass
 * through the broker; the one of slot 2 or later waits for a server device's command, so that an offloaded task crosses
 * a restart). The bridge's and the devices' persistent QoS-1 sessions, outboxes, reconnection and the end-to-end
 * resends (commands by the hub, inputs by UE devices) must carry every command and every result across all five
 * outages: every task of every slot completes, with its measured latency and energy. Skips when mosquitto is not
 * installed.
 */
class BrokerRestartTrialIT {
    private static final double SCALE = 1e-4;
    private static final String TESTBED = "restart";
    private static final int SLOTS = 6;
    private static final int RESTART_BETWEEN = 0;
    /** Mid-slot restarts come with the first command of slots 1 to this (of a server device from slot 2 on). */
    private static final int RESTART_DURING_TO = 4;

    private static final int RESTART_DURING_FROM = 2;
    private static final int RESTARTS = 1 + RESTART_DURING_TO;

    @TempDir
    Path dir;

    /**
     * With persistence (as shipped), and without: a broker that forgets every session and queued message on restart, so
     * that only the end-to-end resends (the hub's commands, the UE devices' inputs) and the devices' answers to repeats
     * carry the trial (without them, tasks were lost: commands published while a device was cut off vanished with the
     * broker's memory).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "persistence {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void noDecisionOrResultIsLostWhenTheBrokerRestartsBetweenAndDuringSlots(boolean persistence) throws Exception {
        Assumptions.assumeTrue(
                MosquittoProcess.isInstalled(), "mosquitto is not installed; skipping the broker-restart trial");
        Path scenario = dir.resolve("restart.yaml");
        Files.writeString(
                scenario,
                Files.readString(Path.of("..", "configs", "small.yaml"))
                        .replace("name: small", "name: restart")
                        .replace("ues: 10", "ues: 4")
                        .replace("  - {cpuHz: 5.0e+10}\n", "")
                        // small inputs: uploading costs less energy than computing, so a min-energy policy offloads
                        .replace("bits: {mean: 2.0e+8", "bits: {mean: 2.0e+6")
                        // generous deadlines: no task may be lost to an outage of a second or two
                        .replace("deadline: {factor: 1.2", "deadline: {factor: 20"));
        List<String> servers = DeviceFleet.ids("srv", 2);
        List<String> ues = DeviceFleet.ids("ue", 4);
        DeviceMap map = new DeviceMap(servers, ues);

        try (MosquittoProcess broker = MosquittoProcess.builder(dir.resolve("mosquitto-" + persistence))
                        .persistence(persistence)
                        .start();
                MqttLink observer = MqttLink.create(MqttLinkOptions.builder(broker.uri(), "observer")
                        .random(new SplittableRandom(11))
                        .build())) {
            EnvelopeCodec codec = DeviceBodies.codec();
            AtomicInteger restarts = new AtomicInteger();
            AtomicInteger restartsStarted = new AtomicInteger();
            CompletableFuture<Integer> midSlotRestart = new CompletableFuture<>();
            java.util.Set<Integer> restartedIn = java.util.concurrent.ConcurrentHashMap.newKeySet();
            AtomicInteger lastRestarted = new AtomicInteger(0);
            observer.subscribe("lambo/" + TESTBED + "/+/+/commands", 1, m -> {
                DeviceCommand c = (DeviceCommand) codec.decode(m.payload()).body();
                int slot = c.slot();
                // the first command seen of a later slot (a broker without persistence may make the observer miss one)
                boolean due = slot >= 1
                        && restartedIn.size() < RESTART_DURING_TO
                        && (slot < RESTART_DURING_FROM || c.work() == Work.SERVE);
                int last = lastRestarted.get();
                if (due && slot > last && lastRestarted.compareAndSet(last, slot) && restartedIn.add(slot)) {
                    if (slot >= RESTART_DURING_FROM) midSlotRestart.complete(slot);
                    restartsStarted.incrementAndGet();
                    // off Paho's callback thread: the restart takes the broker (and this link) down
                    Thread t = new Thread(
                            () -> {
                                broker.restart();
                                restarts.incrementAndGet();
                            },
                            "restart-during-slot-" + slot);
                    t.start();
                }
            });
            observer.connect(Duration.ofSeconds(10));

            Calibration cal = CpuCalibrator.builder().build().calibrate();
            try (DeviceFleet serverDevices = DeviceFleet.start(
                            DeviceConfig.builder(Role.SERVER, "srv", broker.uri())
                                    .testbed(TESTBED)
                                    .scale(SCALE)
                                    .telemetryPeriod(Duration.ofSeconds(1))
                                    .build(),
                            servers,
                            cal,
                            Duration.ofSeconds(10));
                    DeviceFleet ueDevices = DeviceFleet.start(
                            DeviceConfig.builder(Role.UE, "ue", broker.uri())
                                    .testbed(TESTBED)
                                    .scale(SCALE)
                                    .telemetryPeriod(Duration.ofSeconds(1))
                                    .build(),
                            ues,
                            cal,
                            Duration.ofSeconds(10))) {
                DeviceOptions devices = DeviceOptions.builder(map)
                        .broker(broker.uri())
                        .testbed(TESTBED)
                        .scale(SCALE)
                        .waitOnline(Duration.ofSeconds(20))
                        .build();
                TrialSettings s = TrialSettings.builder(ScenarioLoader.load(scenario.toString()))
                        .slots(SLOTS)
                        .policy("greedy")
                        .prompt(Prompt.MIN_ENERGY)
                        .collectMs(4_000)
                        .decisionMs(20_000)
                        .serverMs(15_000)
                        .devices(devices)
                        .build();
                TrialResult r = TrialRunner.run(s, dir.resolve("jade"), x -> {}, (rec, platform) -> {
                    if (rec.slot() == RESTART_BETWEEN) {
                        restartsStarted.incrementAndGet();
                        broker.restart(); // SIGTERM (persistence saved), then the same port again
                        restarts.incrementAndGet();
                    }
                    // the next slot starts with the observer back: a slot that passed while its reconnection was
                    // still backing off (a hung connect attempt costs seconds) would go unseen, and with it the
                    // restart meant to cross an offloaded task (seen in CI on a fast machine)
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> restarts.get() == restartsStarted.get() && observer.isConnected());
                });

                assertThat(r.slots()).hasSize(SLOTS);
                assertThat(r.reports()).hasSize(SLOTS * ues.size());
                for (TaskReport t : r.reports()) {
                    assertThat(t.completed())
                            .as("%s (option %d) completed; reason: %s", t.taskId(), t.option(), t.reason())
                            .isTrue();
                    assertThat(r.devices().measured(t))
                            .as("%s measured on its device", t.taskId())
                            .isTrue();
                    assertThat(t.realisedLatencyS())
                            .as("%s latency", t.taskId())
                            .isNotNull()
                            .isPositive();
                    assertThat(t.realisedEnergyJ())
                            .as("%s energy", t.taskId())
                            .isNotNull()
                            .isPositive();
                }
                for (int slot = 0; slot < SLOTS; slot++) {
                    int k = slot;
                    assertThat(r.reports().stream().filter(t -> t.slot() == k))
                            .as("slot %d reports every UE", k)
                            .hasSize(ues.size());
                }
                assertThat(midSlotRestart)
                        .as("a slot from %d on offloaded to a server device", RESTART_DURING_FROM)
                        .isDone();
                int during = midSlotRestart.join();
                await().atMost(Duration.ofSeconds(30)).until(() -> restarts.get() == RESTARTS);
                assertThat(restartedIn).as("slots restarted during").hasSize(RESTART_DURING_TO);
                assertThat(r.reports().stream().filter(t -> t.slot() == during && t.option() >= 1))
                        .as("slot %d offloaded to a server device across the restart", during)
                        .isNotEmpty();
                DeviceSummary d = r.devices();
                String text = d.text(r.reports());
                System.out.println(text);
                assertThat(text)
                        .doesNotContain("NaN")
                        .contains("Completed tasks: " + SLOTS * ues.size() + ", measured on devices: "
                                + SLOTS * ues.size() + ", realised by the model: 0");
                assertThat(d.dropouts())
                        .as("the restarts' wills, each ended by the device's return")
                        .allMatch(DeviceHub.Dropout::ended);
                for (String id : map.servers())
                    assertThat(d.presence().get(id)).as(id).isEqualTo("online (connected)");
                for (String id : map.ues())
                    assertThat(d.presence().get(id)).as(id).isEqualTo("online (connected)");
                // that the bridge and every device came back shows in their measured tasks after every restart,
                // asserted above; the observer reconnected after each restart (a restart may fall within another's
                // reconnection, so it counts at most one connection per life of the broker)
                assertThat(observer.connections()).isBetween(2L, (long) RESTARTS + 1);
            }
        }
    }
}
