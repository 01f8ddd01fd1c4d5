package org.lambo.agents.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lambo.device.cpu.Calibration;
import org.lambo.device.protocol.DeviceBodies;
import org.lambo.device.runtime.DeviceConfig;
import org.lambo.device.runtime.DeviceFleet;
import org.lambo.mqtt.broker.EmbeddedBroker;
import org.lambo.mqtt.client.EnvelopeSender;
import org.lambo.mqtt.client.MqttLink;
import org.lambo.mqtt.client.MqttLinkOptions;
import org.lambo.mqtt.payload.DeviceStatus;
import org.lambo.mqtt.payload.EnvelopeCodec;
import org.lambo.mqtt.payload.EnvelopeFactory;
import org.lambo.mqtt.topic.Channel;
import org.lambo.mqtt.topic.Role;
import org.lambo.mqtt.topic.Topic;
import org.lambo.ontology.DeviceMessages.DeviceCommand;
import org.lambo.ontology.DeviceMessages.DeviceResult;
import org.lambo.ontology.DeviceMessages.DeviceTelemetry;
import org.lambo.ontology.DeviceMessages.Work;
import org.lambo.ontology.TaskDescription;

/** The bridge's side alone, on the embedded broker: commands to listed devices only, and failures that say why. */
class DeviceHubTest {
    private static final Calibration CAL = new Calibration(1e9, 1, 1 << 16, 0.01);

    private static DeviceCommand serve(String id, double cycles, double scale) {
        TaskDescription t = new TaskDescription("t-" + id, 8e3, cycles, 1);
        return new DeviceCommand(
                id, 0, Work.SERVE, t, 0.5, DeviceBodies.input(t, scale), DeviceBodies.inputBytes(t, scale));
    }

    private static String failure(CompletableFuture<DeviceResult> f) {
        try {
            DeviceResult r = f.get();
            return r.completed() ? "completed" : r.reason();
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void commandsGoToListedOnlineDevicesAndEveryOtherEndSaysWhy() throws Exception {
        DeviceMap map = new DeviceMap(List.of("edge-1", "edge-2"), List.of());
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                DeviceHub hub = new DeviceHub(broker.uri(), "hub", map, 1.0, 5).connect(Duration.ofSeconds(10))) {
            DeviceFleet fleet = DeviceFleet.start(
                    DeviceConfig.builder(Role.SERVER, "edge-1", broker.uri())
                            .testbed("hub")
                            .telemetryPeriod(Duration.ofMillis(200))
                            .workers(1)
                            .build(),
                    List.of("edge-1"),
                    CAL,
                    Duration.ofSeconds(10));
            try {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> hub.telemetry("edge-1").isPresent());
                assertThat(hub.awaitReady(Duration.ofMillis(300)))
                        .as("edge-2 never connects")
                        .containsExactly("edge-2");
                assertThat(hub.telemetry("edge-1").orElseThrow().cyclesPerSecond())
                        .isEqualTo(6e9);

                DeviceResult ok = hub.run("edge-1", serve("quick", 6e6, 1.0), Duration.ofSeconds(10))
                        .get();
                assertThat(ok.completed()).isTrue();
                assertThat(ok.computeTimeS()).isEqualTo(ok.busyS() / 0.5);
                assertThat(failure(hub.run("edge-2", serve("none", 1, 1.0), Duration.ofSeconds(1))))
                        .isEqualTo("device edge-2 is offline (never connected)");
                assertThat(failure(hub.run("stranger", serve("s", 1, 1.0), Duration.ofSeconds(1))))
                        .isEqualTo("device stranger is not on the device list");

                // a long task in flight when its device goes away ends with the reason, not with the timeout
                CompletableFuture<DeviceResult> long_ =
                        hub.run("edge-1", serve("long", 6e12, 1.0), Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> hub.telemetry("edge-1").orElseThrow().running() == 1);
                fleet.close();
                assertThat(failure(long_)).containsAnyOf("could not run it", "went offline (closed)");
                await().atMost(Duration.ofSeconds(10)).until(() -> !hub.online("edge-1"));
                assertThat(failure(hub.run("edge-1", serve("after", 1, 1.0), Duration.ofSeconds(1))))
                        .isEqualTo("device edge-1 is offline (closed)");
            } finally {
                fleet.close();
            }
            assertThat(hub.strangers()).isZero();
            assertThat(hub.rejects().total()).isZero();
        }
    }

    @Test
    void theLostGraceAndTheBridgesClientIdAreChecked() {
        assertThat(DeviceHub.clientId("lab1")).isEqualTo("lambo-bridge-lab1");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> DeviceHub.clientId("t".repeat(52))))
                .hasMessageContaining("the bridge's client id");
        assertThat(DeviceHub.checkLostGrace(Duration.ZERO)).isZero();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> DeviceHub.checkLostGrace(Duration.ofMillis(-1))))
                .hasMessage("the device lost grace must be in [0, 600000] ms, got -1 ms");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> DeviceOptions.builder(new DeviceMap(List.of("e"), List.of()))
                                .testbed("x")
                                .emulate(true)
                                .waitOnline(Duration.ZERO)
                                .lostGrace(Duration.ofMinutes(11))
                                .build()))
                .hasMessageContaining("got 660000 ms");
    }

    /**
     * A {@code lost} will (here forged, as mosquitto publishes every client's will when it restarts) does not fail the
     * device's commands at once: a command sent while the device is merely reported lost still completes, and only a
     * device that stays offline for the hub's lost grace (here 2 s) fails its command in flight, saying so.
     */
    @Test
    void aLostWillFailsCommandsOnlyWhenTheDeviceStaysOfflineForTheGrace() throws Exception {
        DeviceMap map = new DeviceMap(List.of("edge-1"), List.of());
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                DeviceHub hub = new DeviceHub(
                                MqttLinkOptions.builder(broker.uri(), DeviceHub.clientId("hub")),
                                "hub",
                                map,
                                1.0,
                                Duration.ofSeconds(2),
                                5)
                        .connect(Duration.ofSeconds(10));
                MqttLink forger = MqttLink.create(MqttLinkOptions.builder(broker.uri(), "forger")
                        .random(new SplittableRandom(3))
                        .build());
                DeviceFleet fleet = DeviceFleet.start(
                        DeviceConfig.builder(Role.SERVER, "edge-1", broker.uri())
                                .testbed("hub")
                                .telemetryPeriod(Duration.ofMillis(200))
                                .workers(1)
                                .build(),
                        List.of("edge-1"),
                        CAL,
                        Duration.ofSeconds(10))) {
            forger.connect(Duration.ofSeconds(10));
            EnvelopeCodec codec = DeviceBodies.codec();
            EnvelopeFactory asDevice = new EnvelopeFactory("edge-1", Clock.systemUTC());
            String status = new Topic("hub", Role.SERVER, "edge-1", Channel.STATUS).name();
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.online("edge-1"));

            forger.publish(status, codec.encode(asDevice.next(DeviceStatus.TYPE, DeviceStatus.lost())), 1, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> !hub.online("edge-1"));
            assertThat(hub.reachable("edge-1")).as("within the grace").isTrue();
            assertThat(failure(hub.run("edge-1", serve("while-lost", 6e6, 1.0), Duration.ofSeconds(10))))
                    .isEqualTo("completed");

            forger.publish(status, codec.encode(asDevice.next(DeviceStatus.TYPE, DeviceStatus.connected())), 1, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.online("edge-1"));
            CompletableFuture<DeviceResult> long_ = hub.run("edge-1", serve("long", 6e12, 1.0), Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> hub.telemetry("edge-1").orElseThrow().running() == 1);
            forger.publish(status, codec.encode(asDevice.next(DeviceStatus.TYPE, DeviceStatus.lost())), 1, false);
            assertThat(failure(long_)).isEqualTo("device edge-1 went offline (lost)");
            assertThat(hub.reachable("edge-1")).as("after the grace").isFalse();
        }
    }

    /**
     * A listed device that lies, as a raw client under its own id: telemetry of 1e300 cycles/s is rejected and counted
     * by field (the hub keeps the believable value); a command it does not answer is sent again (same command id) until
     * it does; a result faster than any CPU fails the command with the field named; results for a command never sent,
     * or one already ended, are counted.
     */
    /**
     * Each hub (one a trial) draws its own trial id, and a result naming another trial (a device answering a command of
     * the same id from an earlier trial) completes nothing: it is counted and dropped, and the command's own result
     * completes it.
     */
    @Test
    void aResultOfAnotherTrialIsDroppedAndTheTrialsOwnResultCompletesTheCommand() throws Exception {
        DeviceMap map = new DeviceMap(List.of(), List.of("pi-1"));
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                DeviceHub hub = new DeviceHub(broker.uri(), "trials", map, 1.0, 5).connect(Duration.ofSeconds(10));
                MqttLink device = MqttLink.create(MqttLinkOptions.builder(broker.uri(), "pi-1")
                        .random(new SplittableRandom(6))
                        .build())) {
            assertThat(hub.trial()).matches("[0-9a-f]{16}");
            assertThat(DeviceHub.newTrialId()).matches("[0-9a-f]{16}").isNotEqualTo(hub.trial());
            EnvelopeCodec codec = DeviceBodies.codec();
            EnvelopeSender as = new EnvelopeSender(device, codec, new EnvelopeFactory("pi-1", Clock.systemUTC()));
            Topic own = new Topic("trials", Role.UE, "pi-1", Channel.TELEMETRY);
            device.connect(Duration.ofSeconds(10));
            as.send(own.on(Channel.STATUS), DeviceStatus.TYPE, DeviceStatus.connected())
                    .get(10, TimeUnit.SECONDS);
            as.send(own, DeviceBodies.TELEMETRY, new DeviceTelemetry(2e9, 0.01, 0, 0, 0))
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> hub.telemetry("pi-1").isPresent());
            TaskDescription t = new TaskDescription("t-local", 8e3, 2e6, 1);
            DeviceCommand c = new DeviceCommand(
                    "s0-t-local-local",
                    0,
                    Work.LOCAL,
                    t,
                    1,
                    DeviceBodies.input(t, 1.0),
                    DeviceBodies.inputBytes(t, 1.0),
                    "",
                    hub.trial());
            CompletableFuture<DeviceResult> f = hub.run("pi-1", c, Duration.ofSeconds(30));
            String other = hub.trial().equals("abc") ? "abd" : "abc";
            as.send(
                            own.on(Channel.RESULTS),
                            DeviceBodies.RESULT,
                            new DeviceResult(c.commandId(), "t-local", true, 1, 1, 1, c.inputBytes(), 0, 1, "", other))
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.unknownResults() == 1);
            assertThat(f).as("another trial's result completes nothing").isNotDone();
            DeviceResult own2 =
                    new DeviceResult(c.commandId(), "t-local", true, 2, 2, 2, c.inputBytes(), 0, 2, "", hub.trial());
            as.send(own.on(Channel.RESULTS), DeviceBodies.RESULT, own2).get(10, TimeUnit.SECONDS);
            assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(own2);
        }
    }

    @Test
    void aLyingDevicesValuesAreRejectedAndCountedAndAnUnansweredCommandIsResent() throws Exception {
        DeviceMap map = new DeviceMap(List.of(), List.of("pi-1"));
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                DeviceHub hub = new DeviceHub(broker.uri(), "liar", map, 1.0, 5).connect(Duration.ofSeconds(10));
                MqttLink liar = MqttLink.create(MqttLinkOptions.builder(broker.uri(), "pi-1")
                        .random(new SplittableRandom(4))
                        .build())) {
            EnvelopeCodec codec = DeviceBodies.codec();
            EnvelopeSender as = new EnvelopeSender(liar, codec, new EnvelopeFactory("pi-1", Clock.systemUTC()));
            Topic own = new Topic("liar", Role.UE, "pi-1", Channel.TELEMETRY);
            List<DeviceCommand> heard = new CopyOnWriteArrayList<>();
            liar.subscribe(
                    own.on(Channel.COMMANDS).name(),
                    1,
                    m -> heard.add((DeviceCommand) codec.decode(m.payload()).body()));
            liar.connect(Duration.ofSeconds(10));
            as.send(own.on(Channel.STATUS), DeviceStatus.TYPE, DeviceStatus.connected())
                    .get(10, TimeUnit.SECONDS);
            as.send(own, DeviceBodies.TELEMETRY, new DeviceTelemetry(2e9, 0.01, 0, 0, 0))
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> hub.telemetry("pi-1").isPresent());
            as.send(own, DeviceBodies.TELEMETRY, new DeviceTelemetry(1e300, 0.01, 0, 0, 0))
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> hub.outOfRange().getOrDefault("cyclesPerSecond", 0L) == 1);
            assertThat(hub.telemetry("pi-1").orElseThrow().cyclesPerSecond())
                    .as("the believable value stays")
                    .isEqualTo(2e9);

            // silence: the hub sends the command again, under the same id
            TaskDescription t = new TaskDescription("t-local", 8e3, 6e9, 1);
            DeviceCommand c = new DeviceCommand(
                    "local-1", 0, Work.LOCAL, t, 1, DeviceBodies.input(t, 1.0), DeviceBodies.inputBytes(t, 1.0));
            CompletableFuture<DeviceResult> f = hub.run("pi-1", c, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(15)).until(() -> heard.size() >= 2);
            assertThat(heard).allMatch(h -> h.equals(c));
            assertThat(hub.resent()).isPositive();
            // then an answer no CPU can give: 6e9 cycles in 1e-9 s
            as.send(
                    own.on(Channel.RESULTS),
                    DeviceBodies.RESULT,
                    new DeviceResult("local-1", "t-local", true, 1e-9, 1e-9, 1e-9, c.inputBytes(), ""));
            assertThat(failure(f))
                    .startsWith(
                            "device pi-1 sent an unbelievable result for local-1: field 'computeTimeS' is 1.00e-09 s");
            assertThat(hub.outOfRange()).containsEntry("computeTimeS", 1L);
            // a second answer to the ended command, and one to a command never sent
            as.send(
                    own.on(Channel.RESULTS),
                    DeviceBodies.RESULT,
                    new DeviceResult("local-1", "t-local", true, 1, 1, 1, c.inputBytes(), ""));
            as.send(
                    own.on(Channel.RESULTS),
                    DeviceBodies.RESULT,
                    new DeviceResult("made-up", "t-x", true, 1, 1, 1, 1, ""));
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.finishedResults() == 1 && hub.unknownResults() == 1);
            // an energy out of range on a fresh command fails it, naming the field
            CompletableFuture<DeviceResult> g = hub.run(
                    "pi-1",
                    new DeviceCommand("local-2", 0, Work.LOCAL, t, 1, c.input(), c.inputBytes()),
                    Duration.ofSeconds(30));
            as.send(
                    own.on(Channel.RESULTS),
                    DeviceBodies.RESULT,
                    new DeviceResult("local-2", "t-local", true, 1, 1, 1e9, c.inputBytes(), ""));
            assertThat(failure(g)).contains("field 'energyJ' is 1.00000e+09, outside [0.00000, 1.00000e+06] J");
            DeviceSummary summary = DeviceSummary.of(hub);
            assertThat(summary.outOfRange())
                    .containsEntry("cyclesPerSecond", 1L)
                    .containsEntry("computeTimeS", 1L)
                    .containsEntry("energyJ", 1L);
            assertThat(summary.text(List.of()))
                    .contains(
                            "telemetry and results rejected for a value out of range: 3",
                            "results for no command sent to that device: 1; for commands already ended: 1")
                    .doesNotContain("NaN");
        }
    }

    /**
     * A command whose device is still answering older commands is not sent again (it is queued ahead of the device, not
     * lost): the resends that had multiplied a backlog. It is sent again once the device falls silent, and at once when
     * the device answers a command sent after it (then it or its result was lost).
     */
    @Test
    void aCommandIsNotResentWhileItsDeviceAnswersOlderOnesButIsOnceItAnswersNewerOrFallsSilent() throws Exception {
        DeviceMap map = new DeviceMap(List.of(), List.of("pi-1"));
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                DeviceHub hub = new DeviceHub(broker.uri(), "busy", map, 1.0, 6).connect(Duration.ofSeconds(10));
                MqttLink pi = MqttLink.create(MqttLinkOptions.builder(broker.uri(), "pi-1")
                        .random(new SplittableRandom(6))
                        .build())) {
            EnvelopeCodec codec = DeviceBodies.codec();
            EnvelopeSender as = new EnvelopeSender(pi, codec, new EnvelopeFactory("pi-1", Clock.systemUTC()));
            Topic own = new Topic("busy", Role.UE, "pi-1", Channel.TELEMETRY);
            List<DeviceCommand> heard = new CopyOnWriteArrayList<>();
            pi.subscribe(
                    own.on(Channel.COMMANDS).name(),
                    1,
                    m -> heard.add((DeviceCommand) codec.decode(m.payload()).body()));
            pi.connect(Duration.ofSeconds(10));
            as.send(own.on(Channel.STATUS), DeviceStatus.TYPE, DeviceStatus.connected())
                    .get(10, TimeUnit.SECONDS);
            as.send(own, DeviceBodies.TELEMETRY, new DeviceTelemetry(2e9, 0.01, 0, 0, 0))
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> hub.telemetry("pi-1").isPresent());
            TaskDescription t = new TaskDescription("t-local", 8e3, 6e9, 1);
            java.util.function.IntFunction<DeviceCommand> command = k -> new DeviceCommand(
                    "c-" + k, 0, Work.LOCAL, t, 1, DeviceBodies.input(t, 1.0), DeviceBodies.inputBytes(t, 1.0));
            java.util.function.IntFunction<DeviceResult> result = k -> new DeviceResult(
                    "c-" + k, "t-local", true, 1, 1, 1, command.apply(0).inputBytes(), "");
            java.util.function.IntSupplier copies = () -> (int)
                    heard.stream().filter(h -> h.commandId().equals("c-1")).count();

            CompletableFuture<DeviceResult> older = hub.run("pi-1", command.apply(0), Duration.ofSeconds(60));
            CompletableFuture<DeviceResult> queued = hub.run("pi-1", command.apply(1), Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(10)).until(() -> copies.getAsInt() == 1);
            as.send(own.on(Channel.RESULTS), DeviceBodies.RESULT, result.apply(0));
            older.get(10, TimeUnit.SECONDS);
            // the device keeps answering older commands (here: c-0 again, as for its resends) for 3 s, 3 resend
            // intervals: c-1 waits in its queue, and is not sent again
            long until = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < until) {
                as.send(own.on(Channel.RESULTS), DeviceBodies.RESULT, result.apply(0));
                Thread.sleep(100);
            }
            assertThat(copies.getAsInt()).as("c-1 not resent into the backlog").isEqualTo(1);
            assertThat(hub.resent()).isZero();
            assertThat(hub.deferredResends()).isPositive();
            // the device falls silent: c-1 is sent again
            await().atMost(Duration.ofSeconds(10)).until(() -> copies.getAsInt() == 2);
            as.send(own.on(Channel.RESULTS), DeviceBodies.RESULT, result.apply(1));
            assertThat(queued.get(10, TimeUnit.SECONDS).commandId()).isEqualTo("c-1");

            // c-2 lost on its way, say: the device answers c-3, sent after it, and keeps answering; c-2 is sent again
            CompletableFuture<DeviceResult> lost = hub.run("pi-1", command.apply(2), Duration.ofSeconds(60));
            CompletableFuture<DeviceResult> newer = hub.run("pi-1", command.apply(3), Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> heard.stream().anyMatch(h -> h.commandId().equals("c-3")));
            as.send(own.on(Channel.RESULTS), DeviceBodies.RESULT, result.apply(3));
            newer.get(10, TimeUnit.SECONDS);
            java.util.function.LongSupplier lostCopies = () ->
                    heard.stream().filter(h -> h.commandId().equals("c-2")).count();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (lostCopies.getAsLong() < 2 && System.nanoTime() < deadline) {
                as.send(own.on(Channel.RESULTS), DeviceBodies.RESULT, result.apply(3));
                Thread.sleep(100);
            }
            assertThat(lostCopies.getAsLong())
                    .as("c-2 sent again while the device keeps answering")
                    .isGreaterThanOrEqualTo(2);
            as.send(own.on(Channel.RESULTS), DeviceBodies.RESULT, result.apply(2));
            assertThat(lost.get(10, TimeUnit.SECONDS).completed()).isTrue();
        }
    }
}
