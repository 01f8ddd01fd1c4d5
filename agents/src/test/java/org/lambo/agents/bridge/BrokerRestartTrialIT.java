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
import org.junit.jupiter.api.Test;
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
 * A trial over 2 emulated server devices and 4 emulated UE devices on a real mosquitto with persistence
 * (as the shipped configuration has), whose broker is restarted twice: between slots 0 and 1, and while
 * a slot's device commands are in flight (the restart starts the moment an observer sees the first
 * command to a server device of slot 2 or later pass through the broker). The bridge's and the devices' persistent QoS-1 sessions,
 * outboxes and reconnection must carry every command and every result across both outages: every task of
 * every slot completes, with its measured latency and energy. Skips when mosquitto is not installed.
 */
class BrokerRestartTrialIT {
    private static final double SCALE = 1e-4;
    private static final String TESTBED = "restart";
    private static final int SLOTS = 5;
    private static final int RESTART_BETWEEN = 0;
    /** The mid-slot restart comes with the first command to a server device from this slot on. */
    private static final int RESTART_DURING_FROM = 2;

    @TempDir
    Path dir;

    @Test
    void noDecisionOrResultIsLostWhenTheBrokerRestartsBetweenAndDuringSlots() throws Exception {
        Assumptions.assumeTrue(MosquittoProcess.isInstalled(), "mosquitto is not installed; skipping the broker-restart trial");
        Path scenario = dir.resolve("restart.yaml");
        Files.writeString(scenario, Files.readString(Path.of("..", "configs", "small.yaml"))
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

        try (MosquittoProcess broker = MosquittoProcess.builder(dir.resolve("mosquitto")).persistence(true).start();
             MqttLink observer = MqttLink.create(MqttLinkOptions.builder(broker.uri(), "observer").random(new SplittableRandom(11)).build())) {
            EnvelopeCodec codec = DeviceBodies.codec();
            AtomicInteger restarts = new AtomicInteger();
            CompletableFuture<Integer> midSlotRestart = new CompletableFuture<>();
            observer.subscribe("lambo/" + TESTBED + "/+/+/commands", 1, m -> {
                DeviceCommand c = (DeviceCommand) codec.decode(m.payload()).body();
                if (c.slot() >= RESTART_DURING_FROM && c.work() == Work.SERVE && midSlotRestart.complete(c.slot())) {
                    // off Paho's callback thread: the restart takes the broker (and this link) down
                    Thread t = new Thread(() -> {
                        broker.restart();
                        restarts.incrementAndGet();
                    }, "restart-during-slot-" + c.slot());
                    t.start();
                }
            });
            observer.connect(Duration.ofSeconds(10));

            Calibration cal = CpuCalibrator.builder().build().calibrate();
            try (DeviceFleet serverDevices = DeviceFleet.start(DeviceConfig.builder(Role.SERVER, "srv", broker.uri()).testbed(TESTBED)
                         .scale(SCALE).telemetryPeriod(Duration.ofSeconds(1)).build(), servers, cal, Duration.ofSeconds(10));
                 DeviceFleet ueDevices = DeviceFleet.start(DeviceConfig.builder(Role.UE, "ue", broker.uri()).testbed(TESTBED)
                         .scale(SCALE).telemetryPeriod(Duration.ofSeconds(1)).build(), ues, cal, Duration.ofSeconds(10))) {
                DeviceOptions devices = new DeviceOptions(map, broker.uri(), TESTBED, SCALE, false, Duration.ofSeconds(20));
                TrialSettings s = TrialSettings.builder(ScenarioLoader.load(scenario.toString())).slots(SLOTS).policy("greedy")
                        .prompt(Prompt.MIN_ENERGY).collectMs(4_000).decisionMs(20_000).serverMs(15_000).devices(devices).build();
                TrialResult r = TrialRunner.run(s, dir.resolve("jade"), x -> { }, (rec, platform) -> {
                    if (rec.slot() == RESTART_BETWEEN) {
                        broker.restart(); // SIGTERM (persistence saved), then the same port again
                        restarts.incrementAndGet();
                    }
                });

                assertThat(midSlotRestart).as("a slot from %d on offloaded to a server device", RESTART_DURING_FROM).isDone();
                int during = midSlotRestart.join();
                await().atMost(Duration.ofSeconds(10)).until(() -> restarts.get() == 2);
                assertThat(r.slots()).hasSize(SLOTS);
                assertThat(r.reports()).hasSize(SLOTS * ues.size());
                for (TaskReport t : r.reports()) {
                    assertThat(t.completed()).as("%s (option %d) completed; reason: %s", t.taskId(), t.option(), t.reason()).isTrue();
                    assertThat(r.devices().measured(t)).as("%s measured on its device", t.taskId()).isTrue();
                    assertThat(t.realisedLatencyS()).as("%s latency", t.taskId()).isNotNull().isPositive();
                    assertThat(t.realisedEnergyJ()).as("%s energy", t.taskId()).isNotNull().isPositive();
                }
                for (int slot = 0; slot < SLOTS; slot++) {
                    int k = slot;
                    assertThat(r.reports().stream().filter(t -> t.slot() == k)).as("slot %d reports every UE", k).hasSize(ues.size());
                }
                assertThat(r.reports().stream().filter(t -> t.slot() == during && t.option() >= 1))
                        .as("slot %d offloaded to a server device across the restart", during).isNotEmpty();
                DeviceSummary d = r.devices();
                for (String id : map.servers()) assertThat(d.presence().get(id)).as(id).isEqualTo("online (connected)");
                for (String id : map.ues()) assertThat(d.presence().get(id)).as(id).isEqualTo("online (connected)");
                // one connection to each of the broker's three lives; that the bridge and every device came back
                // shows in their measured tasks after both restarts, asserted above
                assertThat(observer.connections()).isEqualTo(3);
            }
        }
    }
}
