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
import org.junit.jupiter.api.Test;
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
import org.lambo.ontology.DeviceMessages.PeerNotice;
import org.lambo.ontology.DeviceMessages.TaskInput;
import org.lambo.ontology.DeviceMessages.Work;
import org.lambo.ontology.TaskDescription;

/**
 * Devices on the embedded broker, driven by a bare bridge link: commands run, results come back, bad input is counted.
 */
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
                .on(
                        DeviceBodies.RESULT,
                        DeviceResult.class,
                        (t, e) -> results.put(e.body().commandId(), e.body()))
                .on(DeviceBodies.TELEMETRY, DeviceTelemetry.class, (t, e) -> telemetry.add(e.body()))
                .on(DeviceStatus.TYPE, DeviceStatus.class, (t, e) -> status.put(t.deviceId(), e.body()))
                .build();
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                MqttLink bridge = MqttLink.create(MqttLinkOptions.builder(broker.uri(), "bridge")
                        .random(new SplittableRandom(1))
                        .build())) {
            DeviceConfig server = DeviceConfig.builder(Role.SERVER, "srv", broker.uri())
                    .testbed("t1")
                    .scale(SCALE)
                    .workers(2)
                    .telemetryPeriod(Duration.ofMillis(200))
                    .build();
            DeviceConfig ue = DeviceConfig.builder(Role.UE, "ue", broker.uri())
                    .testbed("t1")
                    .scale(SCALE)
                    .build();
            for (Channel c : List.of(Channel.RESULTS, Channel.TELEMETRY, Channel.STATUS)) {
                bridge.subscribe(
                        TopicFilter.of("t1").channel(c).filter(), 1, m -> bridgeIn.handle(m.topic(), m.payload()));
            }
            bridge.connect(Duration.ofSeconds(10));
            try (DeviceFleet servers =
                            DeviceFleet.start(server, DeviceFleet.ids("srv", 2), CAL, Duration.ofSeconds(10));
                    DeviceFleet ues = DeviceFleet.start(ue, List.of("ue-1"), CAL, Duration.ofSeconds(10))) {
                EnvelopeSender out =
                        new EnvelopeSender(bridge, codec, new EnvelopeFactory("bridge", Clock.systemUTC()));
                Topic srv1 = new Topic("t1", Role.SERVER, "srv-1", Channel.COMMANDS);
                Topic ue1 = new Topic("t1", Role.UE, "ue-1", Channel.COMMANDS);
                TaskDescription task = new TaskDescription("t0-ue1", 8e5, 2e9, 1);
                String input = DeviceBodies.input(task, SCALE);
                int bytes = DeviceBodies.inputBytes(task, SCALE);
                out.send(
                        srv1, DeviceBodies.COMMAND, new DeviceCommand("serve", 0, Work.SERVE, task, 0.5, input, bytes));
                out.send(ue1, DeviceBodies.COMMAND, new DeviceCommand("local", 0, Work.LOCAL, task, 1, input, bytes));
                out.send(
                        ue1,
                        DeviceBodies.COMMAND,
                        new DeviceCommand("wrong-role", 0, Work.SERVE, task, 0.5, input, bytes));
                bridge.publish(srv1.name(), "{not json".getBytes(UTF_8), 1, false);
                bridge.publish(
                        srv1.name(),
                        "{\"schema\":1,\"type\":\"device-command\",\"deviceId\":\"bridge\",\"seq\":99,\"sentAt\":\"2026-01-01T00:00:00Z\",\"body\":{\"slot\":-1}}"
                                .getBytes(UTF_8),
                        1,
                        false);

                await().atMost(Duration.ofSeconds(20)).until(() -> results.size() == 3);
                DeviceResult served = results.get("serve");
                assertThat(served.completed()).isTrue();
                assertThat(served.inputBytes()).isEqualTo(bytes).isEqualTo(10); // 8e5 bits x 1e-4 / 8
                assertThat(served.computeTimeS()).isEqualTo(served.busyS() / 0.5);
                assertThat(served.energyJ()).isEqualTo(served.busyS()); // 1 W x busy
                assertThat(results.get("local").completed()).isTrue();
                assertThat(results.get("local").computeTimeS())
                        .isEqualTo(results.get("local").busyS());
                assertThat(results.get("wrong-role").completed()).isFalse();
                assertThat(results.get("wrong-role").reason()).contains("runs LOCAL and UPLOAD work, not SERVE");

                DeviceRuntime s1 = servers.device("srv-1");
                await().atMost(Duration.ofSeconds(10)).until(() -> s1.rejects().total() == 2);
                assertThat(s1.rejects().get(RejectReason.NOT_JSON)).isEqualTo(1);
                assertThat(s1.rejects().get(RejectReason.MISSING_FIELD)
                                + s1.rejects().get(RejectReason.BAD_VALUE))
                        .isEqualTo(1);
                assertThat(ues.device("ue-1").rejected()).isEqualTo(1);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> telemetry.stream().anyMatch(t -> t.completed() == 1 && t.rejected() == 2));
                assertThat(telemetry)
                        .allSatisfy(t -> assertThat(t.cyclesPerSecond()).isEqualTo(6e9));
                assertThat(servers.device("srv-2").completed()).isZero(); // commands reach their device only
                await().atMost(Duration.ofSeconds(10)).until(() -> status.size() == 3);
                assertThat(status.values()).allMatch(DeviceStatus::online);
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> status.values().stream().noneMatch(DeviceStatus::online));
            assertThat(status.get("srv-1").reason()).isEqualTo("closed");
            assertThat(bridgeIn.rejects().total()).isZero();
        }
    }

    /**
     * The bridge sends a command again while it has no result: the device runs a command id once, answers a repeat of a
     * finished command with the same result, and ignores a repeat of one still running.
     */
    @Test
    void aRepeatedCommandRunsOnceAndIsAnsweredWithTheSameResult() {
        EnvelopeCodec codec = DeviceBodies.codec();
        List<DeviceResult> results = new CopyOnWriteArrayList<>();
        EnvelopeDispatcher bridgeIn = EnvelopeDispatcher.builder(codec)
                .on(DeviceBodies.RESULT, DeviceResult.class, (t, e) -> results.add(e.body()))
                .build();
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                MqttLink bridge = MqttLink.create(MqttLinkOptions.builder(broker.uri(), "bridge")
                        .random(new SplittableRandom(2))
                        .build())) {
            bridge.subscribe(
                    TopicFilter.of("t3").channel(Channel.RESULTS).filter(),
                    1,
                    m -> bridgeIn.handle(m.topic(), m.payload()));
            bridge.connect(Duration.ofSeconds(10));
            DeviceConfig ue = DeviceConfig.builder(Role.UE, "ue", broker.uri())
                    .testbed("t3")
                    .scale(SCALE)
                    .build();
            try (DeviceFleet ues = DeviceFleet.start(ue, List.of("ue-1"), CAL, Duration.ofSeconds(10))) {
                EnvelopeSender out =
                        new EnvelopeSender(bridge, codec, new EnvelopeFactory("bridge", Clock.systemUTC()));
                Topic ue1 = new Topic("t3", Role.UE, "ue-1", Channel.COMMANDS);
                TaskDescription quick = new TaskDescription("t-quick", 8e5, 2e9, 1);
                DeviceCommand c = new DeviceCommand(
                        "again",
                        0,
                        Work.LOCAL,
                        quick,
                        1,
                        DeviceBodies.input(quick, SCALE),
                        DeviceBodies.inputBytes(quick, SCALE));
                out.send(ue1, DeviceBodies.COMMAND, c);
                await().atMost(Duration.ofSeconds(20)).until(() -> results.size() == 1);
                out.send(
                        ue1, DeviceBodies.COMMAND, c); // its result was lost, say: the same one again, not a second run
                await().atMost(Duration.ofSeconds(20)).until(() -> results.size() == 2);
                assertThat(results.get(1)).isEqualTo(results.get(0));
                DeviceRuntime d = ues.device("ue-1");
                assertThat(d.completed()).isEqualTo(1);

                // a long task (about 10 s of work at this scale): its repeats while it runs get no answer and no second
                // run
                TaskDescription slow = new TaskDescription("t-slow", 8e5, 6e9 * 10 / SCALE, 1000);
                DeviceCommand s = new DeviceCommand(
                        "slow",
                        0,
                        Work.LOCAL,
                        slow,
                        1,
                        DeviceBodies.input(slow, SCALE),
                        DeviceBodies.inputBytes(slow, SCALE));
                out.send(ue1, DeviceBodies.COMMAND, s);
                out.send(ue1, DeviceBodies.COMMAND, s);
                out.send(ue1, DeviceBodies.COMMAND, s);
                await().atMost(Duration.ofSeconds(20)).until(() -> d.repeats() == 3);
                assertThat(d.telemetry().running()).isEqualTo(1);
                assertThat(results).hasSize(2);
            }
        }
    }

    /**
     * Under a flood of resends a repeat can come back after the device has answered thousands of newer commands (it
     * remembers {@value DeviceRuntime#REMEMBERED} answers, forgetting whole slots): whatever came between, a repeat is
     * never run a second time. It gets its first result again, or, if the device forgot its slot, fails saying why.
     * (Before session 15 the device forgot answers one by one and refused only slots before the newest forgotten one:
     * the repeats of that slot's forgotten commands ran again, as 165 of 25,000 did in MqttCommandBench.)
     */
    @Test
    void aRepeatIsNeverRunAgainHoweverManyNewerCommandsCameBetween() {
        EnvelopeCodec codec = DeviceBodies.codec();
        Map<String, List<DeviceResult>> results = new ConcurrentHashMap<>();
        EnvelopeDispatcher bridgeIn = EnvelopeDispatcher.builder(codec)
                .on(DeviceBodies.RESULT, DeviceResult.class, (t, e) -> results.computeIfAbsent(
                                e.body().commandId(), k -> new CopyOnWriteArrayList<>())
                        .add(e.body()))
                .build();
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                MqttLink bridge = MqttLink.create(MqttLinkOptions.builder(broker.uri(), "bridge")
                        .random(new SplittableRandom(3))
                        .build())) {
            bridge.subscribe(
                    TopicFilter.of("t4").channel(Channel.RESULTS).filter(),
                    1,
                    m -> bridgeIn.handle(m.topic(), m.payload()));
            bridge.connect(Duration.ofSeconds(10));
            DeviceConfig ue = DeviceConfig.builder(Role.UE, "ue", broker.uri())
                    .testbed("t4")
                    .scale(SCALE)
                    .build();
            try (DeviceFleet ues = DeviceFleet.start(ue, List.of("ue-1"), CAL, Duration.ofSeconds(10))) {
                EnvelopeSender out =
                        new EnvelopeSender(bridge, codec, new EnvelopeFactory("bridge", Clock.systemUTC()));
                Topic ue1 = new Topic("t4", Role.UE, "ue-1", Channel.COMMANDS);
                TaskDescription quick = new TaskDescription("t-quick", 8e3, 2e6, 1);
                String input = DeviceBodies.input(quick, SCALE);
                int bytes = DeviceBodies.inputBytes(quick, SCALE);
                // as in the bench: 250 commands a slot; 5000 of them push the first 904 out of a window of 4096 answers
                int perSlot = 250, sent = DeviceRuntime.REMEMBERED + 904;
                List<DeviceCommand> all = new java.util.ArrayList<>();
                for (int i = 0; i < sent; i++)
                    all.add(new DeviceCommand("c-" + i, i / perSlot, Work.LOCAL, quick, 1, input, bytes));
                for (DeviceCommand c : all) out.send(ue1, DeviceBodies.COMMAND, c);
                await().atMost(Duration.ofSeconds(120)).until(() -> results.size() == sent);
                DeviceRuntime d = ues.device("ue-1");
                assertThat(d.completed()).isEqualTo(sent);

                for (DeviceCommand c : all) out.send(ue1, DeviceBodies.COMMAND, c); // every one resent, late
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> results.values().stream().allMatch(r -> r.size() == 2));
                assertThat(d.completed()).as("no command run a second time").isEqualTo(sent);
                assertThat(d.repeats() + d.rejected()).isEqualTo(sent);
                int tooLate = 0;
                for (DeviceCommand c : all) {
                    List<DeviceResult> two = results.get(c.commandId());
                    assertThat(two.get(0).completed()).isTrue();
                    if (two.get(1).equals(two.get(0))) continue; // remembered: the same result again
                    tooLate++;
                    assertThat(two.get(1).completed()).isFalse();
                    assertThat(two.get(1).reason())
                            .contains("command " + c.commandId() + " of slot " + c.slot() + " came too late")
                            .contains("has forgotten commands up to slot 3")
                            .contains("does not run it again");
                }
                // whole slots are forgotten: slots 0 to 3 (1000 commands), and every command of slot 4 on remembered
                assertThat(tooLate).isEqualTo(4 * perSlot);
                assertThat(results.get("c-" + (4 * perSlot)).get(1))
                        .isEqualTo(results.get("c-" + (4 * perSlot)).get(0));
            }
        }
    }

    /**
     * A device process outlives trials, and a second trial of the same scenario and seed sends the same command ids:
     * the device keeps its memory per trial, so the second trial's commands all run and answer with their own results
     * (before, the device answered them from memory with the first trial's results, and a first trial of more than
     * {@value DeviceRuntime#REMEMBERED} commands made the second trial's early slots fail "too late"). A command of the
     * ended trial that comes after the new one began fails, naming both trials, and does not run.
     */
    @Test
    void aSecondTrialWithTheSameCommandIdsRunsThemAndGetsItsOwnResults() {
        EnvelopeCodec codec = DeviceBodies.codec();
        Map<String, List<DeviceResult>> results = new ConcurrentHashMap<>();
        EnvelopeDispatcher bridgeIn = EnvelopeDispatcher.builder(codec)
                .on(DeviceBodies.RESULT, DeviceResult.class, (t, e) -> results.computeIfAbsent(
                                e.body().commandId(), k -> new CopyOnWriteArrayList<>())
                        .add(e.body()))
                .build();
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                MqttLink bridge = MqttLink.create(MqttLinkOptions.builder(broker.uri(), "bridge")
                        .random(new SplittableRandom(5))
                        .build())) {
            bridge.subscribe(
                    TopicFilter.of("t5").channel(Channel.RESULTS).filter(),
                    1,
                    m -> bridgeIn.handle(m.topic(), m.payload()));
            bridge.connect(Duration.ofSeconds(10));
            DeviceConfig ue = DeviceConfig.builder(Role.UE, "ue", broker.uri())
                    .testbed("t5")
                    .scale(SCALE)
                    .build();
            try (DeviceFleet ues = DeviceFleet.start(ue, List.of("ue-1"), CAL, Duration.ofSeconds(10))) {
                EnvelopeSender out =
                        new EnvelopeSender(bridge, codec, new EnvelopeFactory("bridge", Clock.systemUTC()));
                Topic ue1 = new Topic("t5", Role.UE, "ue-1", Channel.COMMANDS);
                TaskDescription quick = new TaskDescription("t-quick", 8e3, 2e6, 1);
                String input = DeviceBodies.input(quick, SCALE);
                int bytes = DeviceBodies.inputBytes(quick, SCALE);
                String first = "1f2e3d4c5b6a7988", second = "0a1b2c3d4e5f6071";
                // the first trial: enough commands (250 a slot) that the device forgets its slot 0
                int perSlot = 250, sentFirst = DeviceRuntime.REMEMBERED + perSlot, sentSecond = 10;
                for (int i = 0; i < sentFirst; i++)
                    out.send(
                            ue1,
                            DeviceBodies.COMMAND,
                            new DeviceCommand("c-" + i, i / perSlot, Work.LOCAL, quick, 1, input, bytes, "", first));
                await().atMost(Duration.ofSeconds(120)).until(() -> results.size() == sentFirst);
                DeviceRuntime d = ues.device("ue-1");
                assertThat(d.completed()).isEqualTo(sentFirst);

                // the second trial, same scenario and seed: the same command ids from slot 0
                for (int i = 0; i < sentSecond; i++)
                    out.send(
                            ue1,
                            DeviceBodies.COMMAND,
                            new DeviceCommand("c-" + i, i / perSlot, Work.LOCAL, quick, 1, input, bytes, "", second));
                await().atMost(Duration.ofSeconds(60)).until(() -> java.util.stream.IntStream.range(0, sentSecond)
                        .allMatch(i -> results.get("c-" + i).size() == 2));
                assertThat(d.completed())
                        .as("every command of the second trial ran")
                        .isEqualTo(sentFirst + sentSecond);
                for (int i = 0; i < sentSecond; i++) {
                    List<DeviceResult> two = results.get("c-" + i);
                    assertThat(two.get(0).trial()).isEqualTo(first);
                    assertThat(two.get(1).trial()).as("its own result").isEqualTo(second);
                    assertThat(two.get(1).completed()).as(two.get(1).reason()).isTrue();
                    assertThat(two.get(1)).isNotEqualTo(two.get(0));
                }

                // a late command of the first trial, after the second began: fails naming both trials, never runs
                out.send(
                        ue1,
                        DeviceBodies.COMMAND,
                        new DeviceCommand("c-20", 0, Work.LOCAL, quick, 1, input, bytes, "", first));
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> results.get("c-20").size() == 2);
                DeviceResult late = results.get("c-20").get(1);
                assertThat(late.completed()).isFalse();
                assertThat(late.trial()).isEqualTo(first);
                assertThat(late.reason())
                        .contains("command c-20 is of trial " + first + ", which ended")
                        .contains("runs trial " + second + " now")
                        .contains("does not run it");
                assertThat(d.completed()).isEqualTo(sentFirst + sentSecond);
            }
        }
    }

    /**
     * A device process outlives trials, and a second trial of the same scenario and seed offloads the same task ids
     * between the same devices. Its UE device's upload may reach the server device before the server's first command of
     * that trial: the server holds it for its own trial's command and runs the task again (before: it took the input
     * for a resend of the first trial's task of the same id and answered it with that task's completion notice, so the
     * UE device reported the first trial's compute time at once, and the second trial's command waited for an input
     * that never came). A late input of the first trial, once the second began on the server, runs nothing and is
     * answered with a failed notice naming both trials.
     */
    @Test
    void aSecondTrialsUploadThatReachesTheServerBeforeItsCommandIsNotTakenForTheFirstTrials() {
        EnvelopeCodec codec = DeviceBodies.codec();
        Map<String, DeviceResult> results = new ConcurrentHashMap<>(); // by commandId@trial
        List<PeerNotice> toUe = new CopyOnWriteArrayList<>();
        EnvelopeDispatcher bridgeIn = EnvelopeDispatcher.builder(codec)
                .on(
                        DeviceBodies.RESULT,
                        DeviceResult.class,
                        (t, e) -> results.put(
                                e.body().commandId() + "@" + e.body().trial(), e.body()))
                .on(DeviceBodies.NOTICE, PeerNotice.class, (t, e) -> toUe.add(e.body()))
                .build();
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                MqttLink bridge = MqttLink.create(MqttLinkOptions.builder(broker.uri(), "bridge")
                        .random(new SplittableRandom(6))
                        .build())) {
            Duration patience = Duration.ofSeconds(30); // long: no half expires on a loaded machine
            DeviceConfig server = DeviceConfig.builder(Role.SERVER, "srv", broker.uri())
                    .testbed("t6")
                    .scale(SCALE)
                    .peerPatience(patience)
                    .build();
            DeviceConfig ue = DeviceConfig.builder(Role.UE, "ue", broker.uri())
                    .testbed("t6")
                    .scale(SCALE)
                    .peerPatience(patience)
                    .build();
            bridge.subscribe(
                    TopicFilter.of("t6").channel(Channel.RESULTS).filter(),
                    1,
                    m -> bridgeIn.handle(m.topic(), m.payload()));
            bridge.subscribe(
                    Topic.peer("t6", Role.UE, "ue-1", "srv-1").name(), 1, m -> bridgeIn.handle(m.topic(), m.payload()));
            bridge.connect(Duration.ofSeconds(10));
            try (DeviceFleet servers = DeviceFleet.start(server, List.of("srv-1"), CAL, Duration.ofSeconds(10));
                    DeviceFleet ues = DeviceFleet.start(ue, List.of("ue-1"), CAL, Duration.ofSeconds(10))) {
                DeviceRuntime srv = servers.device("srv-1");
                EnvelopeSender out =
                        new EnvelopeSender(bridge, codec, new EnvelopeFactory("bridge", Clock.systemUTC()));
                Topic srv1 = new Topic("t6", Role.SERVER, "srv-1", Channel.COMMANDS);
                Topic ue1 = new Topic("t6", Role.UE, "ue-1", Channel.COMMANDS);
                TaskDescription task = new TaskDescription("s0-ue1", 8e6, 2e10, 1);
                int bytes = DeviceBodies.inputBytes(task, SCALE);
                String first = "1f2e3d4c5b6a7988", second = "0a1b2c3d4e5f6071";

                // the first trial: the server's command, then the UE device's upload; both complete
                out.send(
                        srv1,
                        DeviceBodies.COMMAND,
                        new DeviceCommand("s0-serve", 0, Work.SERVE, task, 0.5, "", bytes, "ue-1", first));
                await().atMost(Duration.ofSeconds(10)).until(() -> srv.transfersInFlight() == 1);
                out.send(
                        ue1,
                        DeviceBodies.COMMAND,
                        new DeviceCommand("s0-up", 0, Work.UPLOAD, task, 0.5, "", bytes, "srv-1", first));
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> results.containsKey("s0-serve@" + first) && results.containsKey("s0-up@" + first));
                assertThat(results.get("s0-up@" + first).completed())
                        .as(results.get("s0-up@" + first).reason())
                        .isTrue();

                // the second trial, same command and task ids: the UE device's upload first; the server device has
                // not yet seen a command of this trial
                out.send(
                        ue1,
                        DeviceBodies.COMMAND,
                        new DeviceCommand("s0-up", 0, Work.UPLOAD, task, 0.5, "", bytes, "srv-1", second));
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> srv.transfersInFlight() == 1 || results.containsKey("s0-up@" + second));
                assertThat(results)
                        .as("the upload is not answered before its task ran: not with the first trial's notice")
                        .doesNotContainKey("s0-up@" + second);
                assertThat(srv.completed()).isEqualTo(1);
                out.send(
                        srv1,
                        DeviceBodies.COMMAND,
                        new DeviceCommand("s0-serve", 0, Work.SERVE, task, 0.5, "", bytes, "ue-1", second));
                await().atMost(Duration.ofSeconds(20))
                        .until(() ->
                                results.containsKey("s0-serve@" + second) && results.containsKey("s0-up@" + second));
                DeviceResult served = results.get("s0-serve@" + second);
                DeviceResult up = results.get("s0-up@" + second);
                assertThat(served.completed()).as(served.reason()).isTrue();
                assertThat(up.completed()).as(up.reason()).isTrue();
                assertThat(srv.completed())
                        .as("the task ran again in the second trial")
                        .isEqualTo(2);
                assertThat(up.computeTimeS())
                        .as("the server's compute time of the second trial, passed on")
                        .isEqualTo(served.computeTimeS());
                assertThat(toUe)
                        .as("every notice to the UE device names the trial of the input it answers")
                        .extracting(PeerNotice::trial)
                        .containsOnly(first, second);

                // a late input of the first trial (a resend) after the second began on the server: never run
                EnvelopeSender asUe = new EnvelopeSender(bridge, codec, new EnvelopeFactory("ue-1", Clock.systemUTC()));
                asUe.send(
                        Topic.peer("t6", Role.SERVER, "srv-1", "ue-1"),
                        DeviceBodies.INPUT,
                        new TaskInput(task.taskId(), DeviceBodies.payload(task.taskId(), bytes), bytes, first));
                await().atMost(Duration.ofSeconds(20)).until(() -> toUe.stream().anyMatch(n -> !n.completed()));
                PeerNotice refused =
                        toUe.stream().filter(n -> !n.completed()).findFirst().orElseThrow();
                assertThat(refused.trial()).isEqualTo(first);
                assertThat(refused.reason())
                        .isEqualTo("input of task s0-ue1 from ue-1 is of trial " + first
                                + ", which ended: device srv-1 runs trial " + second + " now, so it does not run it");
                assertThat(srv.completed()).isEqualTo(2);
                assertThat(srv.transfersInFlight()).isZero();
                assertThat(srv.rejected()).as("the late input, counted").isEqualTo(1);
            }
            assertThat(bridgeIn.rejects().total()).isZero();
        }
    }

    /**
     * An offloaded task between two devices: the UE device sends the input to the server device itself, the server runs
     * the task when both its command and the bytes are there (in either order), and the UE device reports the upload
     * time and the end-to-end latency it measured; a half that never finds its other half fails with the reason.
     */
    @Test
    void aUeDeviceUploadsTheInputToTheServerDeviceAndMeasuresTheLatency() {
        EnvelopeCodec codec = DeviceBodies.codec();
        Map<String, DeviceResult> results = new ConcurrentHashMap<>();
        EnvelopeDispatcher bridgeIn = EnvelopeDispatcher.builder(codec)
                .on(
                        DeviceBodies.RESULT,
                        DeviceResult.class,
                        (t, e) -> results.put(e.body().commandId(), e.body()))
                .build();
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                MqttLink bridge = MqttLink.create(MqttLinkOptions.builder(broker.uri(), "bridge")
                        .random(new SplittableRandom(1))
                        .build())) {
            Duration patience = Duration.ofMillis(500);
            DeviceConfig server = DeviceConfig.builder(Role.SERVER, "srv", broker.uri())
                    .testbed("t2")
                    .scale(SCALE)
                    .workers(2)
                    .peerPatience(patience)
                    .build();
            DeviceConfig ue = DeviceConfig.builder(Role.UE, "ue", broker.uri())
                    .testbed("t2")
                    .scale(SCALE)
                    .peerPatience(patience)
                    .build();
            bridge.subscribe(
                    TopicFilter.of("t2").channel(Channel.RESULTS).filter(),
                    1,
                    m -> bridgeIn.handle(m.topic(), m.payload()));
            bridge.connect(Duration.ofSeconds(10));
            try (DeviceFleet servers = DeviceFleet.start(server, List.of("srv-1"), CAL, Duration.ofSeconds(10));
                    DeviceFleet ues = DeviceFleet.start(ue, List.of("ue-1"), CAL, Duration.ofSeconds(10))) {
                EnvelopeSender out =
                        new EnvelopeSender(bridge, codec, new EnvelopeFactory("bridge", Clock.systemUTC()));
                Topic srv1 = new Topic("t2", Role.SERVER, "srv-1", Channel.COMMANDS);
                Topic ue1 = new Topic("t2", Role.UE, "ue-1", Channel.COMMANDS);
                TaskDescription a = new TaskDescription("s0-ue1", 8e6, 2e10, 1);
                TaskDescription b = new TaskDescription("s1-ue1", 8e6, 2e10, 1);
                int bytes = DeviceBodies.inputBytes(a, SCALE);
                assertThat(bytes).isEqualTo(100); // 8e6 bits x 1e-4 / 8

                // a: the server's command first, then the UE's upload
                out.send(
                        srv1,
                        DeviceBodies.COMMAND,
                        new DeviceCommand("a-serve", 0, Work.SERVE, a, 0.25, "", bytes, "ue-1"));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> servers.device("srv-1").transfersInFlight() == 1);
                out.send(
                        ue1,
                        DeviceBodies.COMMAND,
                        new DeviceCommand("a-up", 0, Work.UPLOAD, a, 0.25, "", bytes, "srv-1"));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> results.containsKey("a-serve") && results.containsKey("a-up"));
                // b: the input first (the server holds it), then the command
                out.send(
                        ue1,
                        DeviceBodies.COMMAND,
                        new DeviceCommand("b-up", 1, Work.UPLOAD, b, 0.5, "", bytes, "srv-1"));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> servers.device("srv-1").transfersInFlight() == 1);
                out.send(
                        srv1,
                        DeviceBodies.COMMAND,
                        new DeviceCommand("b-serve", 1, Work.SERVE, b, 0.5, "", bytes, "ue-1"));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> results.containsKey("b-serve") && results.containsKey("b-up"));

                for (String k : List.of("a", "b")) {
                    DeviceResult served = results.get(k + "-serve");
                    DeviceResult up = results.get(k + "-up");
                    assertThat(served.completed()).as(served.reason()).isTrue();
                    assertThat(up.completed()).as(up.reason()).isTrue();
                    assertThat(served.inputBytes())
                            .as("the bytes reached the server from the UE device")
                            .isEqualTo(bytes);
                    assertThat(up.inputBytes()).isEqualTo(bytes);
                    assertThat(up.computeTimeS())
                            .as("the server's measured compute time, passed on")
                            .isEqualTo(served.computeTimeS());
                    assertThat(up.uploadS()).isPositive();
                    assertThat(up.energyJ()).as("1 W x upload time").isEqualTo(up.uploadS());
                    // the server starts computing only once the bytes are there (after the UE sent them) and holds its
                    // completion until busy / share has passed, so the end-to-end latency covers the compute time under
                    // the share, and the upload. (Not their sum: the receipt that ends the upload timing and the
                    // compute overlap on the server, by a message's delay.)
                    assertThat(up.latencyS())
                            .isGreaterThanOrEqualTo(served.computeTimeS())
                            .isGreaterThan(up.uploadS());
                    assertThat(up.busyS()).as("the UE device computed nothing").isZero();
                }
                assertThat(results.get("a-serve").computeTimeS())
                        .isEqualTo(results.get("a-serve").busyS() / 0.25);

                // halves that never meet: a command whose input never comes, an upload to a server that is not there
                out.send(
                        srv1,
                        DeviceBodies.COMMAND,
                        new DeviceCommand("c-serve", 2, Work.SERVE, b, 0.5, "", bytes, "ue-7"));
                out.send(
                        ue1,
                        DeviceBodies.COMMAND,
                        new DeviceCommand("d-up", 2, Work.UPLOAD, a, 0.5, "", bytes, "srv-9"));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> results.containsKey("c-serve") && results.containsKey("d-up"));
                assertThat(results.get("c-serve").reason())
                        .isEqualTo("device srv-1 got no input from ue-7 within 500 ms");
                assertThat(results.get("d-up").reason())
                        .isEqualTo("device ue-1 heard no receipt from srv-9 within 500 ms");
                assertThat(servers.device("srv-1").transfersInFlight()).isZero();
                assertThat(ues.device("ue-1").transfersInFlight()).isZero();
                assertThat(servers.device("srv-1").rejected()
                                + ues.device("ue-1").rejected())
                        .isZero();
            }
            assertThat(bridgeIn.rejects().total()).isZero();
        }
    }
}
