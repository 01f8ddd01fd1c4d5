package org.lambo.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.lambo.agents.trial.SlotJournal;
import org.lambo.chart.Charts;
import org.lambo.io.InputException;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lambo bench-trial}: the slot round trip (slot start to last report, as the trial's clock measures it) against
 * the number of UEs N and of JVMs. Each point is a real {@code lambo trial} in a JVM of its own (a fresh JIT, a fresh
 * JADE platform); with J JVMs the UEs live in J - 1 {@code lambo container}s that join it (UE ranges of equal size),
 * the orchestrator, the clock and the servers in the trial's. A benchmark, not a test: nothing here is asserted,
 * everything is written down.
 */
@Command(
        name = "bench-trial",
        mixinStandardHelpOptions = true,
        description = {
            "Sweeps the number of UEs N and of JVMs and measures the slot round trip (slot start to last report) of a real "
                    + "trial at each point: each is a `lambo trial` in its own JVM, with its UEs in J - 1 `lambo container` JVMs when J > 1.",
            "N UEs get max(M, round(N / --ues-per-server)) servers, the scenario's server CPUs in turn (paper: 50 UEs, 4 servers; "
                    + "1000 UEs, 20 servers). The first --warmup slots of each run are left out of its percentiles.",
            "Writes DIR/bench-trial.csv and DIR/bench-trial.md (per N and JVMs: median, p95, p99 and max of the round trip, tasks completed) "
                    + "and DIR/round-trip.png (round trip against N); each run's own folder is DIR/n<N>-j<J>."
        })
public final class BenchTrialCommand implements Callable<Integer> {
    @Mixin
    SharedOptions.ScenarioOption scenario = new SharedOptions.ScenarioOption("paper");

    @Mixin
    SharedOptions.OutFolder out;

    @Option(
            names = "--ues",
            split = ",",
            defaultValue = "10,50,200",
            paramLabel = "N",
            description = "UE counts to sweep (default: ${DEFAULT-VALUE}).")
    List<Integer> ues;

    @Option(
            names = "--jvms",
            split = ",",
            defaultValue = "1,2",
            paramLabel = "J",
            description = "JVM counts to sweep (default: ${DEFAULT-VALUE}).")
    List<Integer> jvms;

    @Option(
            names = "--ues-per-server",
            defaultValue = "50",
            paramLabel = "K",
            description = "N UEs get max(M, round(N / K)) servers (default: ${DEFAULT-VALUE}).")
    double uesPerServer;

    @Option(
            names = "--slots",
            defaultValue = "12",
            paramLabel = "S",
            description = "Slots per run (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(
            names = "--warmup",
            defaultValue = "2",
            paramLabel = "W",
            description = "First slots of each run left out of its percentiles (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--policy",
            defaultValue = "aed",
            paramLabel = "P",
            description = "The orchestrator's policy (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(
            names = "--realtime",
            description = "Run each trial with --realtime (slots paced every dt) and count the slots that overran.")
    boolean realtime;

    @Option(
            names = "--heap",
            defaultValue = "2g",
            paramLabel = "SIZE",
            description = "Each JVM's -Xmx (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(
            names = "--jvm-option",
            paramLabel = "OPT",
            description =
                    "A JVM option for every trial and container JVM of the sweep, after --heap (repeat it for several; "
                            + "e.g. -XX:StartFlightRecording:dumponexit=true for JDK Flight Recorder).")
    List<String> jvmOptions = new ArrayList<>();

    @Option(
            names = "--run-timeout-s",
            defaultValue = "600",
            paramLabel = "S",
            description = "A run still going after this long is killed and reported so (default: ${DEFAULT-VALUE}).")
    long runTimeoutS;

    /** One point of the sweep. */
    record Point(
            int n,
            int m,
            int jvms,
            int slots,
            long tasks,
            long completed,
            double p50,
            double p95,
            double p99,
            double max,
            double mean,
            long overran,
            double wallS,
            String status) {
        boolean measured() {
            return !Double.isNaN(p50);
        }
    }

    @Override
    public Integer call() throws Exception {
        Scenario base;
        try {
            base = ScenarioLoader.load(scenario.value);
        } catch (IllegalArgumentException e) {
            throw new InputException("--scenario", "", e.getMessage());
        }
        for (int n : ues) if (n < 1) throw new InputException("--ues", "", "must be >= 1, got " + n);
        for (int j : jvms) if (j < 1 || j > 16) throw new InputException("--jvms", "", "must be in 1..16, got " + j);
        if (!(uesPerServer > 0)) throw new InputException("--ues-per-server", "", "must be > 0, got " + uesPerServer);
        if (slots < 1) throw new InputException("--slots", "", "must be >= 1, got " + slots);
        if (warmup < 0 || warmup >= slots)
            throw new InputException("--warmup", "", "must be in 0.." + (slots - 1) + ", got " + warmup);
        if (runTimeoutS < 10) throw new InputException("--run-timeout-s", "", "must be >= 10, got " + runTimeoutS);
        for (String o : jvmOptions)
            if (!o.startsWith("-") || o.isBlank())
                throw new InputException(
                        "--jvm-option", "", "must be one JVM option starting with '-', got '" + o + "'");
        Files.createDirectories(out.value);
        List<Point> points = new ArrayList<>();
        for (int n : ues) {
            Scenario sc = scaled(base, n, uesPerServer);
            Path file = out.value.resolve("scenario-n" + n + ".yaml");
            Files.writeString(file, ScenarioLoader.toYaml(sc), StandardCharsets.UTF_8);
            for (int j : jvms) {
                if (j - 1 > n) {
                    System.out.printf(
                            Locale.ROOT, "bench-trial: N=%d with %d JVMs: fewer UEs than containers, skipped%n", n, j);
                    continue;
                }
                Point p = run(sc, file, n, j);
                points.add(p);
                System.out.printf(
                        Locale.ROOT,
                        "bench-trial: N=%d M=%d JVMs=%d: %s%n",
                        n,
                        p.m(),
                        j,
                        p.measured()
                                ? String.format(
                                        Locale.ROOT,
                                        "round trip median %.1f ms, p95 %.1f ms, max %.1f ms; %d/%d tasks completed; %s",
                                        p.p50(),
                                        p.p95(),
                                        p.max(),
                                        p.completed(),
                                        p.tasks(),
                                        p.status())
                                : p.status());
                System.out.flush();
                write(points);
            }
        }
        write(points);
        System.out.println(
                "bench-trial: wrote " + out.value.resolve("bench-trial.csv") + ", bench-trial.md and round-trip.png");
        return 0;
    }

    /** The scenario with N UEs and max(M, round(N / k)) servers, the scenario's servers in turn. */
    static Scenario scaled(Scenario base, int n, double uesPerServer) {
        int m = Math.max(base.servers().size(), (int) Math.round(n / uesPerServer));
        List<Scenario.ServerSpec> servers = new ArrayList<>(m);
        for (int j = 0; j < m; j++)
            servers.add(base.servers().get(j % base.servers().size()));
        return base.withUes(n).withServers(servers);
    }

    private Point run(Scenario sc, Path scenarioFile, int n, int j) throws IOException, InterruptedException {
        Path dir = out.value.resolve("n" + n + "-j" + j);
        Path logs = out.value.resolve("logs");
        Files.createDirectories(logs);
        Path secret = out.value.resolve("trial.secret");
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> jvm = new ArrayList<>(List.of(java, "-Xmx" + heap));
        jvm.addAll(jvmOptions);
        jvm.addAll(List.of(
                "-Djava.awt.headless=true",
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                "org.lambo.cli.Lambo"));
        List<String> trial = new ArrayList<>(jvm);
        trial.addAll(List.of(
                "trial",
                "--scenario",
                scenarioFile.toString(),
                "--slots",
                Integer.toString(slots),
                "--policy",
                policy,
                "--port",
                Integer.toString(port),
                "--secret-file",
                secret.toString(),
                "--startup-ms",
                Long.toString(runTimeoutS * 1000 / 2),
                "--out",
                dir.toString()));
        if (j > 1) trial.addAll(List.of("--remote", "ues"));
        if (realtime) trial.add("--realtime");
        List<Process> children = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            Process main = new ProcessBuilder(trial)
                    .redirectErrorStream(true)
                    .redirectOutput(
                            logs.resolve("n" + n + "-j" + j + "-trial.log").toFile())
                    .start();
            children.add(main);
            if (j > 1) {
                awaitListening(port, main, 120);
                int per = (n + j - 2) / (j - 1);
                for (int k = 0; k < j - 1; k++) {
                    int from = k * per;
                    int to = Math.min(n, from + per) - 1;
                    if (from > to) break;
                    List<String> c = new ArrayList<>(jvm);
                    c.addAll(List.of(
                            "container",
                            "--main-host",
                            "127.0.0.1",
                            "--main-port",
                            Integer.toString(port),
                            "--agents",
                            "ues",
                            "--ue-range",
                            from + ".." + to,
                            "--scenario",
                            scenarioFile.toString(),
                            "--secret-file",
                            secret.toString(),
                            "--name",
                            "ues-" + k,
                            "--dir",
                            out.value.resolve("jade").toString()));
                    children.add(new ProcessBuilder(c)
                            .redirectErrorStream(true)
                            .redirectOutput(logs.resolve("n" + n + "-j" + j + "-ues-" + k + ".log")
                                    .toFile())
                            .start());
                }
            }
            boolean ended = main.waitFor(runTimeoutS, TimeUnit.SECONDS);
            double wall = (System.nanoTime() - t0) / 1e9;
            String status = ended
                    ? (main.exitValue() == 0
                            ? "ok"
                            : "trial exited " + main.exitValue() + " (see logs/n" + n + "-j" + j + "-trial.log)")
                    : "killed after " + runTimeoutS + " s";
            return measure(dir, n, sc.servers().size(), j, wall, status);
        } finally {
            for (Process p : children) {
                if (p.isAlive()) p.destroyForcibly();
            }
            for (Process p : children) p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The run's round trips (its first --warmup slots left out) from its slot-times.csv. */
    Point measure(Path dir, int n, int m, int j, double wallS, String status) throws IOException {
        Path times = dir.resolve(SlotJournal.ENDED);
        if (!Files.exists(times))
            return new Point(
                    n,
                    m,
                    j,
                    0,
                    0,
                    0,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    0,
                    wallS,
                    status + ", no slot-times.csv");
        List<String> lines = Files.readAllLines(times, StandardCharsets.UTF_8);
        List<Double> rtt = new ArrayList<>();
        long tasks = 0;
        long completed = 0;
        long overran = 0;
        int count = 0;
        for (int k = 1; k < lines.size(); k++) {
            String[] f = lines.get(k).split(",");
            if (f.length < 4) continue;
            count++;
            tasks += Long.parseLong(f[1]);
            completed += Long.parseLong(f[2]);
            if (f.length >= 6 && Double.parseDouble(f[5]) > 0) overran++;
            if (Integer.parseInt(f[0]) >= warmup) rtt.add(Double.parseDouble(f[3]));
        }
        if (rtt.isEmpty())
            return new Point(
                    n,
                    m,
                    j,
                    count,
                    tasks,
                    completed,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    overran,
                    wallS,
                    status + ", no slot past the warm-up");
        double[] s = rtt.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Point(
                n,
                m,
                j,
                count,
                tasks,
                completed,
                percentile(s, 50),
                percentile(s, 95),
                percentile(s, 99),
                s[s.length - 1],
                Arrays.stream(s).average().orElse(Double.NaN),
                overran,
                wallS,
                status);
    }

    /** The p-th percentile of sorted values, nearest rank. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private void write(List<Point> points) throws IOException {
        StringBuilder csv = new StringBuilder(
                "ues,servers,jvms,slots,tasks,completed,p50_ms,p95_ms,p99_ms,max_ms,mean_ms,overran_slots,wall_s,status\n");
        StringBuilder md = new StringBuilder("# Trial benchmark: slot round trip against N\n\n")
                .append(String.format(
                        Locale.ROOT,
                        "Scenario %s, policy %s, %d slots per run (the first %d left out)%s, each JVM -Xmx%s; "
                                + "round trip = slot start to last report.%n%n",
                        scenario.value,
                        policy,
                        slots,
                        warmup,
                        realtime ? ", --realtime" : "",
                        heap))
                .append("| N | M | JVMs | median (ms) | p95 (ms) | p99 (ms) | max (ms) | completed | ")
                .append(realtime ? "slots overran | " : "")
                .append("wall (s) | status |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|")
                .append(realtime ? "---:|" : "")
                .append("---:|---|\n");
        for (Point p : points) {
            csv.append(String.format(
                    Locale.ROOT,
                    "%d,%d,%d,%d,%d,%d,%s,%s,%s,%s,%s,%d,%.1f,%s%n",
                    p.n(),
                    p.m(),
                    p.jvms(),
                    p.slots(),
                    p.tasks(),
                    p.completed(),
                    num(p.p50()),
                    num(p.p95()),
                    num(p.p99()),
                    num(p.max()),
                    num(p.mean()),
                    p.overran(),
                    p.wallS(),
                    p.status().replace(',', ';')));
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %d | %d | %s | %s | %s | %s | %d/%d | %s%.1f | %s |%n",
                    p.n(),
                    p.m(),
                    p.jvms(),
                    num(p.p50()),
                    num(p.p95()),
                    num(p.p99()),
                    num(p.max()),
                    p.completed(),
                    p.tasks(),
                    realtime ? p.overran() + " | " : "",
                    p.wallS(),
                    p.status().replace("|", "\\|")));
        }
        Files.writeString(out.value.resolve("bench-trial.csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(out.value.resolve("bench-trial.md"), md, StandardCharsets.UTF_8);
        chart(points);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f", v);
    }

    private void chart(List<Point> points) throws IOException {
        XYChart c = Charts.xy(800, 500, "Slot round trip against N (" + policy + ")", "UEs (N)", "round trip (ms)");
        c.getStyler().setXAxisLogarithmic(true);
        boolean any = false;
        for (int j : jvms.stream().distinct().sorted().toList()) {
            List<Point> mine =
                    points.stream().filter(p -> p.jvms() == j && p.measured()).toList();
            if (mine.isEmpty()) continue;
            double[] x = mine.stream().mapToDouble(Point::n).toArray();
            XYSeries med = c.addSeries(
                    j + " JVM" + (j > 1 ? "s" : "") + ", median",
                    x,
                    mine.stream().mapToDouble(Point::p50).toArray());
            med.setMarker(SeriesMarkers.CIRCLE);
            XYSeries p95 = c.addSeries(
                    j + " JVM" + (j > 1 ? "s" : "") + ", p95",
                    x,
                    mine.stream().mapToDouble(Point::p95).toArray());
            p95.setMarker(SeriesMarkers.TRIANGLE_UP);
            any = true;
        }
        if (!any) c.addSeries("no run measured", new double[] {1}, new double[] {1});
        Charts.png(c, out.value.resolve("round-trip.png"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits until the trial's main container listens (it exits first: returns, and the run reports its exit). */
    private static void awaitListening(int port, Process main, long seconds) throws InterruptedException {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < until && main.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
    }
}
