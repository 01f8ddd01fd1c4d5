package org.lambo.agents.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.lambo.device.cpu.Calibration;
import org.lambo.device.protocol.DeviceBodies;
import org.lambo.device.runtime.DeviceConfig;
import org.lambo.device.runtime.DeviceRuntime;
import org.lambo.mqtt.broker.EmbeddedBroker;
import org.lambo.mqtt.topic.Role;
import org.lambo.ontology.DeviceMessages.DeviceCommand;
import org.lambo.ontology.DeviceMessages.Work;
import org.lambo.ontology.TaskDescription;

/**
 * The bridge floods one device through the real embedded broker: 20,000 commands as fast as the bridge takes them (250
 * a slot), far more than the device's memory of 4096 answers, so results come seconds late, the bridge's outbox
 * overflows and commands are resent. Every command ends, completed or failed with a reason, and none runs twice on the
 * device. (On main before session 15 the same flood, at 5000 commands a second for 5 s, ran 950 to 1561 commands twice:
 * docs/BENCHMARKS.md "Session 15".)
 */
class DeviceFloodIT {
    private static final Calibration CAL = new Calibration(1e9, 1, 1 << 16, 0.01);
    private static final double SCALE = 1e-4;
    private static final int COMMANDS = 20_000;

    @Test
    void aFloodOfCommandsAndResendsRunsNoCommandTwiceAndEndsEveryOne() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                DeviceHub hub =
                        new DeviceHub(broker.uri(), "flood", new DeviceMap(List.of(), List.of("ue-0")), SCALE, 7);
                DeviceRuntime device = new DeviceRuntime(
                                DeviceConfig.builder(Role.UE, "ue-0", broker.uri())
                                        .testbed("flood")
                                        .scale(SCALE)
                                        .telemetryPeriod(Duration.ofSeconds(1))
                                        .build(),
                                CAL)
                        .start(Duration.ofSeconds(10))) {
            hub.connect(Duration.ofSeconds(10));
            assertThat(hub.awaitReady(Duration.ofSeconds(30))).isEmpty();
            AtomicLong completed = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            ConcurrentLinkedQueue<String> reasons = new ConcurrentLinkedQueue<>();
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int n = 0; n < COMMANDS; n++) {
                TaskDescription t = new TaskDescription("t" + n, 8e3, 1e6, 1);
                DeviceCommand c = new DeviceCommand(
                        "c" + n,
                        n / 250,
                        Work.LOCAL,
                        t,
                        1,
                        DeviceBodies.input(t, SCALE),
                        DeviceBodies.inputBytes(t, SCALE));
                all.add(hub.run("ue-0", c, Duration.ofSeconds(240)).whenComplete((r, e) -> {
                    if (e == null && r.completed()) completed.incrementAndGet();
                    else {
                        failed.incrementAndGet();
                        reasons.add(e != null ? String.valueOf(e.getMessage()) : r.reason());
                    }
                }));
            }
            try {
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(250, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                // failures are counted one by one above
            }
            assertThat(completed.get() + failed.get()).as("every command ended").isEqualTo(COMMANDS);
            assertThat(reasons).allSatisfy(r -> assertThat(r).isNotBlank());
            assertThat(device.completed())
                    .as(
                            "runs on the device = completed results: none ran twice (%d resends, %d failed, e.g. %s)",
                            hub.resent(),
                            failed.get(),
                            reasons.stream().limit(3).toList())
                    .isEqualTo(completed.get());
        }
    }
}
