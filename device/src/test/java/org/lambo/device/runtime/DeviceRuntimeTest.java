package org.lambo.device.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.lambo.device.cpu.Calibration;
import org.lambo.device.protocol.DeviceBodies;
import org.lambo.mqtt.broker.EmbeddedBroker;
import org.lambo.mqtt.client.EnvelopeSender;
import org.lambo.mqtt.client.MqttLink;
import org.lambo.mqtt.client.MqttLinkOptions;
import org.lambo.mqtt.payload.DeviceStatus;
import org.lambo.mqtt.payload.EnvelopeCodec;
import org.lambo.mqtt.payload.EnvelopeDispatcher;
import org.lambo.mqtt.payload.EnvelopeFactory;
import org.lambo.mqtt.payload.RejectReason;
import org.lambo.mqtt.topic.Channel;
import org.lambo.mqtt.topic.Role;
import org.lambo.mqtt.topic.Topic;
import org.lambo.mqtt.topic.TopicFilter;
import org.lambo.ontology.DeviceMessages.DeviceCommand;
import org.lambo.ontology.DeviceMessages.DeviceResult;
import org.lambo.ontology.DeviceMessages.DeviceTelemetry;
import org.lambo.ontology.DeviceMessages.Work;
import org.lambo.ontology.TaskDescription;
import org.junit.jupiter.api.Test;

/** Devices on the embedded broker, driven by a bare bridge link: commands run, results come back, bad input is counted. */
class DeviceRuntimeTest {
    /** A made-up calibration, so the test does not spend time measuring: 6e9 cycles/s. */
    private static final Calibration CAL = new Calibration(1e9, 1, 1 << 16, 0.01);
    private static final double SCALE = 1e-4;

    @Test
    void devicesRunTheirCommandsReportMeasuredTimesAndCountBadPayloads() {
        EnvelopeCodec codec = DeviceBodies.codec();
        Map<String, DeviceResult> results = new ConcurrentHashMap<>();
        List<DeviceTelemetry> telemetry = new CopyOnWriteArrayList<>();
        Map<String, DeviceStatus> status = new ConcurrentHashMap<>();
        EnvelopeDispatcher bridgeIn = EnvelopeDispatcher.builder(codec)
                .on(DeviceBodies.RESULT, DeviceResult.class, (t, e) -> results.put(e.body().commandId(), e.body()))
                .on(DeviceBodies.TELEMETRY, DeviceTelemetry.class, (t, e) -> telemetry.add(e.body()))
                .on(DeviceStatus.TYPE, DeviceStatus.class, (t, e) -> status.put(t.deviceId(), e.body()))
                .build();
        try (EmbeddedBroker broker = EmbeddedBroker.start();
             MqttLink bridge = MqttLink.create(MqttLinkOptions.builder(broker.uri(), "bridge").random(new SplittableRandom(1)).build())) {
            DeviceConfig server = DeviceConfig.builder(Role.SERVER, "srv", broker.uri()).testbed("t1").scale(SCALE).workers(2)
                    .telemetryPeriod(Duration.ofMillis(200)).build();
            DeviceConfig ue = DeviceConfig.builder(Role.UE, "ue", broker.uri()).testbed("t1").scale(SCALE).build();
            for (Channel c : List.of(Channel.RESULTS, Channel.TELEMETRY, Channel.STATUS)) {
                bridge.subscribe(TopicFilter.of("t1").channel(c).filter(), 1, m -> bridgeIn.handle(m.topic(), m.payload()));
            }
            bridge.connect(Duration.ofSeconds(10));
            try (DeviceFleet servers = DeviceFleet.start(server, DeviceFleet.ids("srv", 2), CAL, Duration.ofSeconds(10));
                 DeviceFleet ues = DeviceFleet.start(ue, List.of("ue-1"), CAL, Duration.ofSeconds(10))) {
                EnvelopeSender out = new EnvelopeSender(bridge, codec, new EnvelopeFactory("bridge", Clock.systemUTC()));
                Topic srv1 = new Topic("t1", Role.SERVER, "srv-1", Channel.COMMANDS);
                Topic ue1 = new Topic("t1", Role.UE, "ue-1", Channel.COMMANDS);
                TaskDescription task = new TaskDescription("t0-ue1", 8e5, 2e9, 1);
                String input = DeviceBodies.input(task, SCALE);
                int bytes = DeviceBodies.inputBytes(task, SCALE);
                out.send(srv1, DeviceBodies.COMMAND, new DeviceCommand("serve", 0, Work.SERVE, task, 0.5, input, bytes));
                out.send(ue1, DeviceBodies.COMMAND, new DeviceCommand("local", 0, Work.LOCAL, task, 1, input, bytes));
                out.send(ue1, DeviceBodies.COMMAND, new DeviceCommand("wrong-role", 0, Work.SERVE, task, 0.5, input, bytes));
                bridge.publish(srv1.name(), "{not json".getBytes(UTF_8), 1, false);
                bridge.publish(srv1.name(), "{\"schema\":1,\"type\":\"device-command\",\"deviceId\":\"bridge\",\"seq\":99,\"sentAt\":\"2026-01-01T00:00:00Z\",\"body\":{\"slot\":-1}}".getBytes(UTF_8), 1, false);

                await().atMost(Duration.ofSeconds(20)).until(() -> results.size() == 3);
                DeviceResult served = results.get("serve");
                assertThat(served.completed()).isTrue();
                assertThat(served.inputBytes()).isEqualTo(bytes).isEqualTo(10); // 8e5 bits x 1e-4 / 8
                assertThat(served.computeTimeS()).isEqualTo(served.busyS() / 0.5);
                assertThat(served.energyJ()).isEqualTo(served.busyS()); // 1 W x busy
                assertThat(results.get("local").completed()).isTrue();
                assertThat(results.get("local").computeTimeS()).isEqualTo(results.get("local").busyS());
                assertThat(results.get("wrong-role").completed()).isFalse();
                assertThat(results.get("wrong-role").reason()).contains("runs LOCAL work, not SERVE");

                DeviceRuntime s1 = servers.device("srv-1");
                await().atMost(Duration.ofSeconds(10)).until(() -> s1.rejects().total() == 2);
                assertThat(s1.rejects().get(RejectReason.NOT_JSON)).isEqualTo(1);
                assertThat(s1.rejects().get(RejectReason.MISSING_FIELD) + s1.rejects().get(RejectReason.BAD_VALUE)).isEqualTo(1);
                assertThat(ues.device("ue-1").rejected()).isEqualTo(1);
                await().atMost(Duration.ofSeconds(10)).until(() -> telemetry.stream().anyMatch(t -> t.completed() == 1 && t.rejected() == 2));
                assertThat(telemetry).allSatisfy(t -> assertThat(t.cyclesPerSecond()).isEqualTo(6e9));
                assertThat(servers.device("srv-2").completed()).isZero(); // commands reach their device only
                await().atMost(Duration.ofSeconds(10)).until(() -> status.size() == 3);
                assertThat(status.values()).allMatch(DeviceStatus::online);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> status.values().stream().noneMatch(DeviceStatus::online));
            assertThat(status.get("srv-1").reason()).isEqualTo("closed");
            assertThat(bridgeIn.rejects().total()).isZero();
        }
    }
}
