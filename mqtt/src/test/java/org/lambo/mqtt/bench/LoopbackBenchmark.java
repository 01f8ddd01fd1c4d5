package org.lambo.mqtt.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.mqtt.broker.MosquittoProcess;
import org.lambo.mqtt.client.MqttLink;
import org.lambo.mqtt.client.MqttLinkOptions;
import org.lambo.mqtt.payload.BodyType;
import org.lambo.mqtt.payload.EnvelopeCodec;
import org.lambo.mqtt.payload.EnvelopeDispatcher;
import org.lambo.mqtt.payload.EnvelopeFactory;
import org.lambo.mqtt.topic.Channel;
import org.lambo.mqtt.topic.Role;
import org.lambo.mqtt.topic.Topic;

/**
 * Bridge throughput and latency through a real mosquitto on loopback, at QoS 0 and QoS 1: a device link publishes
 * envelopes (about 200 bytes), a bridge link receives them through an {@link EnvelopeDispatcher} (strict decoding,
 * duplicate filter), both in this JVM so one clock times both ends. Throughput: send as fast as the outbox takes them,
 * until the last arrives. Latency: paced at 1 000 messages/s, send to handler. Not part of the suite (the class name
 * matches no test pattern); run it explicitly: {@code mvn -B -o -pl broker,mqtt -am test -Dtest=LoopbackBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class LoopbackBenchmark {
    private static final int THROUGHPUT_MESSAGES = 20_000;
    private static final int LATENCY_MESSAGES = 5_000;

    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        Assumptions.assumeTrue(MosquittoProcess.isInstalled(), "mosquitto is not installed");
        StringBuilder table = new StringBuilder(
                "| QoS | throughput (msg/s) | received | latency p50 (ms) | p99 (ms) | max (ms) |\n|---|---|---|---|---|---|\n");
        try (MosquittoProcess broker = MosquittoProcess.builder(dir).start()) {
            run(broker, 0, "warm0"); // a discarded round of each, so the JIT has compiled both paths
            run(broker, 1, "warm1");
            for (int qos : new int[] {0, 1})
                table.append(run(broker, qos, "dev")).append('\n');
        }
        System.out.println("MQTT loopback benchmark (mosquitto "
                + MosquittoProcess.executable().orElseThrow() + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + Runtime.version() + ")\n" + table);
    }

    private String run(MosquittoProcess broker, int qos, String prefix) throws Exception {
        EnvelopeCodec codec =
                EnvelopeCodec.builder().register(BodyType.json("probe")).build();
        Topic topic = new Topic("bench", Role.UE, prefix + "-" + qos, Channel.TELEMETRY);
        long[] latencies = new long[LATENCY_MESSAGES];
        AtomicInteger received = new AtomicInteger();
        AtomicInteger latencyIndex = new AtomicInteger(-1);
        EnvelopeDispatcher dispatcher = EnvelopeDispatcher.builder(codec)
                .on("probe", ObjectNode.class, (t, e) -> {
                    long now = System.nanoTime();
                    received.incrementAndGet();
                    int k = e.body().get("k").asInt();
                    if (k >= 0 && k < LATENCY_MESSAGES && latencyIndex.get() >= 0)
                        latencies[k] = now - e.body().get("t").asLong();
                })
                .build();
        try (MqttLink bridge = MqttLink.create(MqttLinkOptions.builder(broker.uri(), "bridge-" + prefix + "-" + qos)
                        .random(new SplittableRandom(1))
                        .maxInflight(1000)
                        .build());
                MqttLink device = MqttLink.create(MqttLinkOptions.builder(broker.uri(), topic.deviceId())
                        .random(new SplittableRandom(2))
                        .maxInflight(1000)
                        .outboxCapacity(THROUGHPUT_MESSAGES + 10)
                        .build())) {
            bridge.subscribe(topic.name(), qos, m -> dispatcher.handle(m.topic(), m.payload()));
            bridge.connect(Duration.ofSeconds(10));
            device.connect(Duration.ofSeconds(10));
            EnvelopeFactory stamps = new EnvelopeFactory(topic.deviceId(), Clock.systemUTC());
            String pad = "x".repeat(60);

            // warm-up, then throughput
            for (int phase = 0; phase < 2; phase++) {
                int n = phase == 0 ? 3_000 : THROUGHPUT_MESSAGES;
                received.set(0);
                long t0 = System.nanoTime();
                CompletableFuture<Void> last = null;
                for (int k = 0; k < n; k++) {
                    ObjectNode body = JsonNodeFactory.instance
                            .objectNode()
                            .put("k", -1)
                            .put("t", System.nanoTime())
                            .put("pad", pad);
                    last = device.publish(topic.name(), codec.encode(stamps.next("probe", body)), qos, false);
                }
                last.get();
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (received.get() < n && System.nanoTime() < deadline) LockSupport.parkNanos(100_000);
                // QoS 0 may drop under overload: wait a little, then count what came
                if (phase == 1) {
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    double rate = received.get() / seconds;
                    int got = received.get();
                    // latency, paced
                    latencyIndex.set(0);
                    received.set(0);
                    long start = System.nanoTime();
                    for (int k = 0; k < LATENCY_MESSAGES; k++) {
                        long due = start + k * 1_000_000L;
                        while (System.nanoTime() < due) LockSupport.parkNanos(50_000);
                        ObjectNode body = JsonNodeFactory.instance
                                .objectNode()
                                .put("k", k)
                                .put("t", System.nanoTime())
                                .put("pad", pad);
                        device.publish(topic.name(), codec.encode(stamps.next("probe", body)), qos, false);
                    }
                    deadline = System.nanoTime() + 30_000_000_000L;
                    while (received.get() < LATENCY_MESSAGES && System.nanoTime() < deadline)
                        LockSupport.parkNanos(100_000);
                    long[] seen =
                            Arrays.stream(latencies).filter(v -> v > 0).sorted().toArray();
                    assertThat(seen.length).isPositive();
                    return String.format(
                            "| %d | %.0f | %d / %d | %.3f | %.3f | %.3f |",
                            qos, rate, got, n, pct(seen, 0.50), pct(seen, 0.99), seen[seen.length - 1] / 1e6);
                }
            }
        }
        throw new AssertionError("unreachable");
    }

    private static double pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
