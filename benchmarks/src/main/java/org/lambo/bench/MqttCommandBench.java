package org.lambo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.lambo.agents.bridge.DeviceHub;
import org.lambo.agents.bridge.DeviceMap;
import org.lambo.device.cpu.Calibration;
import org.lambo.device.protocol.DeviceBodies;
import org.lambo.device.runtime.DeviceConfig;
import org.lambo.device.runtime.DeviceRuntime;
import org.lambo.mqtt.broker.EmbeddedBroker;
import org.lambo.mqtt.broker.MosquittoProcess;
import org.lambo.mqtt.topic.Role;
import org.lambo.ontology.DeviceMessages.DeviceCommand;
import org.lambo.ontology.DeviceMessages.DeviceResult;
import org.lambo.ontology.DeviceMessages.Work;
import org.lambo.ontology.TaskDescription;

/**
 * Device command to result, through a real broker on loopback, QoS 1, the testbed's own code at both ends: the bridge's
 * {@link DeviceHub} sends a {@code device-command} (LOCAL, a task of a few hundred cycles at the given scale, so the
 * device's work is microseconds) to a {@link DeviceRuntime}, which runs it on a worker and publishes its
 * {@code device-result}; the round trip is from {@link DeviceHub#run} to its future's completion, on one clock.
 *
 * <ul>
 *   <li><b>Round trip</b>: after a warm-up, {@code --exchanges} commands one at a time (each waits for its result),
 *       round robin over the devices: median, p95, p99, max.
 *   <li><b>Throughput</b>: commands sent open loop at {@code --rate} per second for {@code --seconds}, round robin over
 *       the devices, each with its own id; then it waits (at most 60 s) for the last results. Each command and its
 *       result are two messages through the broker ({@code msg/s} = 2 x the command rate). It counts the commands sent,
 *       the results received, the failures (each with its reason), the commands the devices ran (each once: a resent
 *       command is answered again, not run again) and the bridge's resends (a command without its result after 1 s is
 *       sent again), and the round trips under that load. Nothing lost means results = sent and no failure.
 * </ul>
 *
 * Brokers: {@code mosquitto} (a {@link MosquittoProcess} child, needs mosquitto on the path) and {@code embedded}
 * (Moquette in this JVM). Not a unit test: run it on an otherwise idle machine, see docs/BENCHMARKS.md.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.lambo.bench.MqttCommandBench [--broker both|mosquitto|embedded]
 *     [--exchanges 5000] [--warmup 1000] [--rate 10000] [--seconds 5] [--devices 4] [--scale 1e-4]
 * </pre>
 */
public final class MqttCommandBench {
    private static final String TESTBED = "bench";
    private static final Calibration CAL = new Calibration(1e9, 1, 1 << 16, 0.01);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final int exchanges;
    private final int warmup;
    private final int rate;
    private final int seconds;
    private final int devices;
    private final double scale;
    private long commandIds;

    private MqttCommandBench(int exchanges, int warmup, int rate, int seconds, int devices, double scale) {
        this.exchanges = exchanges;
        this.warmup = warmup;
        this.rate = rate;
        this.seconds = seconds;
        this.devices = devices;
        this.scale = scale;
    }

    public static void main(String[] args) throws Exception {
        String broker = "both";
        int exchanges = 5000, warmup = 1000, rate = 10_000, seconds = 5, devices = 4;
        double scale = 1e-4;
        for (int k = 0; k < args.length; k++) {
            String flag = args[k];
            if (k + 1 >= args.length) usage("flag " + flag + " needs a value");
            String v = args[++k];
            try {
                switch (flag) {
                    case "--broker" -> broker = v;
                    case "--exchanges" -> exchanges = Integer.parseInt(v);
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--rate" -> rate = Integer.parseInt(v);
                    case "--seconds" -> seconds = Integer.parseInt(v);
                    case "--devices" -> devices = Integer.parseInt(v);
                    case "--scale" -> scale = Double.parseDouble(v);
                    default -> usage("unknown flag " + flag);
                }
            } catch (NumberFormatException e) {
                usage("flag " + flag + " needs a number, got '" + v + "'");
            }
        }
        if (!List.of("both", "mosquitto", "embedded").contains(broker))
            usage("--broker must be both, mosquitto or embedded, got '" + broker + "'");
        if (exchanges < 1
                || warmup < 0
                || rate < 0
                || seconds < 0
                || devices < 1
                || devices > 64
                || !(scale > 0 && scale <= 1)) {
            usage(
                    "need --exchanges >= 1, --warmup >= 0, --rate >= 0, --seconds >= 0, --devices in [1, 64], --scale in (0, 1]");
        }
        MqttCommandBench bench = new MqttCommandBench(exchanges, warmup, rate, seconds, devices, scale);
        System.out.printf(
                Locale.ROOT,
                "MQTT device command to result, QoS 1, loopback: %d CPUs, Java %s, load average at start %s%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                loadAverage());
        List<String> latency = new ArrayList<>();
        List<String> throughput = new ArrayList<>();
        if (!broker.equals("embedded")) {
            if (!MosquittoProcess.isInstalled()) {
                System.out.println("mosquitto is not installed: skipped");
            } else {
                Path dir = Files.createTempDirectory("mqtt-bench");
                try (MosquittoProcess b = MosquittoProcess.builder(dir).start()) {
                    bench.run("mosquitto", b.uri(), latency, throughput);
                }
            }
        }
        if (!broker.equals("mosquitto")) {
            try (EmbeddedBroker b = EmbeddedBroker.start()) {
                bench.run("embedded (Moquette)", b.uri(), latency, throughput);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%n| broker | exchanges | median (ms) | p95 (ms) | p99 (ms) | max (ms) |%n|---|---|---|---|---|---|%n");
        latency.forEach(System.out::println);
        if (rate > 0 && seconds > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "%n| broker | commands offered | sent | results | failed | device runs | resent | send rate (commands/s) | median (ms) | p99 (ms) | max (ms) |%n"
                            + "|---|---|---|---|---|---|---|---|---|---|---|%n");
            throughput.forEach(System.out::println);
        }
        System.out.printf(Locale.ROOT, "load average at the end %s%n", loadAverage());
        System.exit(0); // Paho and Moquette leave non-daemon threads behind
    }

    private static void usage(String problem) {
        System.err.println(problem
                + "\nusage: MqttCommandBench [--broker both|mosquitto|embedded] [--exchanges 5000] [--warmup 1000]"
                + " [--rate 10000] [--seconds 5] [--devices 4] [--scale 1e-4]");
        System.exit(2);
    }

    private void run(String name, String uri, List<String> latency, List<String> throughput) throws Exception {
        List<String> ids = new ArrayList<>();
        List<DeviceRuntime> fleet = new ArrayList<>();
        for (int d = 0; d < devices; d++) ids.add("ue-" + d);
        DeviceHub hub = new DeviceHub(uri, TESTBED, new DeviceMap(List.of(), ids), scale, 1);
        try {
            for (String id : ids) {
                fleet.add(new DeviceRuntime(
                                DeviceConfig.builder(Role.UE, id, uri)
                                        .testbed(TESTBED)
                                        .scale(scale)
                                        .telemetryPeriod(Duration.ofSeconds(1))
                                        .build(),
                                CAL)
                        .start(Duration.ofSeconds(10)));
            }
            hub.connect(Duration.ofSeconds(10));
            List<String> missing = hub.awaitReady(Duration.ofSeconds(30));
            if (!missing.isEmpty()) throw new IllegalStateException("devices not ready on " + name + ": " + missing);
            System.out.printf(
                    Locale.ROOT, "%s at %s: %d devices ready; %d warm-up exchanges%n", name, uri, devices, warmup);
            sequential(hub, ids, warmup);
            long[] rtt = sequential(hub, ids, exchanges);
            Arrays.sort(rtt);
            latency.add(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.3f | %.3f | %.3f | %.3f |",
                    name,
                    exchanges,
                    ms(pct(rtt, 0.50)),
                    ms(pct(rtt, 0.95)),
                    ms(pct(rtt, 0.99)),
                    ms(rtt[rtt.length - 1])));
            System.out.println(latency.get(latency.size() - 1) + "   load " + loadAverage());
            if (rate > 0 && seconds > 0) {
                throughput.add(openLoop(name, hub, ids, fleet));
                System.out.println(throughput.get(throughput.size() - 1) + "   load " + loadAverage());
            }
        } finally {
            hub.close();
            for (DeviceRuntime d : fleet) d.close();
        }
    }

    private DeviceCommand command() {
        long n = commandIds++;
        TaskDescription t = new TaskDescription("t" + n, 8e3, 1e6, 1);
        return new DeviceCommand(
                "c" + n,
                (int) (n / 1000),
                Work.LOCAL,
                t,
                1,
                DeviceBodies.input(t, scale),
                DeviceBodies.inputBytes(t, scale));
    }

    /** {@code n} exchanges one after the other; the round trip of each in nanoseconds. */
    private long[] sequential(DeviceHub hub, List<String> ids, int n) throws Exception {
        long[] rtt = new long[n];
        for (int k = 0; k < n; k++) {
            DeviceCommand c = command();
            long t0 = System.nanoTime();
            DeviceResult r =
                    hub.run(ids.get(k % ids.size()), c, TIMEOUT).get(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            rtt[k] = System.nanoTime() - t0;
            if (!r.completed())
                throw new IllegalStateException("command " + c.commandId() + " failed on the device: " + r.reason());
        }
        return rtt;
    }

    /** Commands at {@code rate} per second for {@code seconds}, open loop; one table row. */
    private String openLoop(String name, DeviceHub hub, List<String> ids, List<DeviceRuntime> fleet) throws Exception {
        long runsBefore = fleet.stream().mapToLong(DeviceRuntime::completed).sum();
        int total = rate * seconds;
        long[] rtt = new long[total];
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ConcurrentLinkedQueue<String> reasons = new ConcurrentLinkedQueue<>();
        long resentBefore = hub.resent();
        CompletableFuture<?>[] all = new CompletableFuture<?>[total];
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int k = 0; k < total; k++) {
            long due = start + k * period;
            long now;
            while ((now = System.nanoTime()) < due) {
                if (due - now > 200_000) LockSupport.parkNanos(due - now - 100_000);
                else Thread.onSpinWait();
            }
            int i = k;
            DeviceCommand c = command();
            long t0 = System.nanoTime();
            all[k] = hub.run(ids.get(k % ids.size()), c, TIMEOUT).whenComplete((r, e) -> {
                if (e == null && r.completed()) {
                    rtt[i] = System.nanoTime() - t0;
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    if (reasons.size() < 5) reasons.add(e != null ? String.valueOf(e.getMessage()) : r.reason());
                }
            });
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        try {
            CompletableFuture.allOf(all).get(TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // failures are counted one by one above
        }
        long received = ok.get();
        long[] seen = Arrays.stream(rtt).filter(v -> v > 0).sorted().toArray();
        if (!reasons.isEmpty()) System.out.println(name + ": failures, e.g. " + reasons);
        long runs = fleet.stream().mapToLong(DeviceRuntime::completed).sum() - runsBefore;
        return String.format(
                Locale.ROOT,
                "| %s | %d/s (%d msg/s) x %d s | %d | %d | %d | %d | %d | %.0f | %s | %s | %s |",
                name,
                rate,
                2 * rate,
                seconds,
                total,
                received,
                failed.get(),
                runs,
                hub.resent() - resentBefore,
                total / sendSeconds,
                seen.length == 0 ? "-" : String.format(Locale.ROOT, "%.3f", ms(pct(seen, 0.50))),
                seen.length == 0 ? "-" : String.format(Locale.ROOT, "%.3f", ms(pct(seen, 0.99))),
                seen.length == 0 ? "-" : String.format(Locale.ROOT, "%.3f", ms(seen[seen.length - 1])));
    }

    private static long pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(q * sorted.length) - 1))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
