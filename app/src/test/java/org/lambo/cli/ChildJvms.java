package org.lambo.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.lambo.agents.platform.TrialSecret;
import org.lambo.agents.trial.TrialResult;
import org.lambo.agents.trial.TrialRunner;
import org.lambo.agents.trial.TrialSettings;

/**
 * The launcher of the cross-JVM integration tests: child JVMs, each running a main class on this test's class path, its
 * output in a log file in {@link #dir()} whose name is the JVM's name in every failure message ({@link #describe}:
 * alive or its exit code, and the last {@value #TAIL} lines of its log); {@link #close()} ends whichever are still
 * alive and waits until they are gone. It holds one trial secret ({@link #secret()}), which {@link #container},
 * {@link #jadeBoot} and {@link #remoteTrial} pass. It starts the trial in a child JVM ({@link #remoteTrial}) or in this
 * one ({@link #trialHere}), {@code lambo container}s ({@link #container}) and {@code jade.Boot} containers
 * ({@link #jadeBoot}, {@link #plainJadeBoot}); it waits for a line of a child's log ({@link #awaitLine}), for a port
 * ({@link #awaitListening}) and for a child's exit code ({@link #exit}, {@link #assertExits}), each with a deadline. A
 * test that wants one for each of its methods registers a {@link ChildJvmsExtension}; one that wants them for a block
 * uses try-with-resources. The trial such a test runs, in a child JVM or in this one, with its containers and its run
 * folder's files, is a {@link TrialFixture}: the settings these tests share (scenario, seed, deadlines, secret) are
 * written there once.
 *
 * <p>Start-up deadlines ({@link #startupSeconds}): a JVM's start, a container's join or a port's opening take a few
 * seconds on a quiet machine and minutes under load (load averages of 40 and more on the project's 2 cores, sessions 12
 * and 13: LateRequestIT and SecretJoinIT failed at start-up). Such a wait's deadline is its base times the load average
 * per core measured as the wait begins, at least 1 and at most {@value #MOST_LOAD_FACTOR}: a JVM that never comes up
 * still fails the test, at most that many times later, naming the JVM and showing its log's tail.
 */
class ChildJvms implements AutoCloseable {
    /** How many lines of a child's log a failure message shows. */
    static final int TAIL = 30;

    /** The most a start-up deadline is stretched for the machine's load. */
    static final int MOST_LOAD_FACTOR = 5;

    /** Every child started (or adopted) by any ChildJvms, with its log: named in failure messages. */
    private static final Map<Process, Path> LOGS = new ConcurrentHashMap<>();

    private Path dir;
    private Path secret;
    private final List<Process> children = new ArrayList<>();

    /** Child JVMs whose logs and trial secret are in {@code dir}. */
    ChildJvms(Path dir) {
        open(dir);
    }

    /** Child JVMs without a folder yet: {@link #open} gives them one ({@link ChildJvmsExtension}, before each test). */
    ChildJvms() {}

    /** Takes {@code dir} for the logs and writes a new trial secret there. */
    final void open(Path dir) {
        this.dir = dir;
        this.secret = dir.resolve("trial.secret");
        try {
            TrialSecret.generate().write(secret);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder of the children's logs (and of the trial secret). */
    final Path dir() {
        if (dir == null) throw new IllegalStateException("these child JVMs have no folder: used outside a test?");
        return dir;
    }

    /**
     * The trial secret file the containers started here hold: give it to the trial ({@code --secret-file},
     * {@code secretFile}).
     */
    Path secret() {
        dir();
        return secret;
    }

    /** A free loopback port for the trial's main container. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts {@code mainClass args...} in a new JVM, its output in {@code dir/log}. */
    Process start(String log, String mainClass, String... args) throws IOException {
        return start(List.of(), log, mainClass, args);
    }

    /** As {@link #start(String, String, String...)} with JVM options (e.g. {@code -Djdk.net.hosts.file=F}). */
    Process start(List<String> jvmOptions, String log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Djava.awt.headless=true"));
        cmd.addAll(jvmOptions);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir().resolve(log).toFile())
                .start();
        return adopt(log, p);
    }

    /**
     * Takes a child started elsewhere (e.g. in a network namespace) whose output goes to {@code dir/log}: killed on
     * {@link #close()}, named by {@code log} in failure messages. Returns it.
     */
    Process adopt(String log, Process p) {
        children.add(p);
        LOGS.put(p, dir().resolve(log));
        return p;
    }

    /**
     * A container of JADE's own launcher ({@code jade.Boot -container}) named {@code name}, joining the main container
     * at 127.0.0.1:{@code port} with the trial's transport and {@link #secret()} (docs/SECURITY.md), then {@code more}
     * arguments (e.g. {@code -agents ...}, {@code -lambo_exit_when_main_gone true}); its output in {@code log}.
     */
    Process jadeBoot(String log, int port, String name, String... more) throws IOException {
        List<String> args = new ArrayList<>(trialTransport());
        args.addAll(List.of(more));
        return plainJadeBoot(log, port, name, args.toArray(String[]::new));
    }

    /** A main container of JADE's own launcher on 127.0.0.1:{@code port} with the trial's transport and secret. */
    Process jadeBootMain(String log, int port) throws IOException {
        List<String> args = new ArrayList<>(jadeAddresses(port, port));
        args.addAll(trialTransport());
        return start(log, "jade.Boot", args.toArray(String[]::new));
    }

    /** As {@link #jadeBoot} without the trial's transport: JADE's plain launcher, as an intruder would start it. */
    Process plainJadeBoot(String log, int port, String name, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("-container"));
        args.addAll(jadeAddresses(port, freePort()));
        args.addAll(List.of("-container-name", name));
        args.addAll(List.of(more));
        return start(log, "jade.Boot", args.toArray(String[]::new));
    }

    /** jade.Boot's main container at 127.0.0.1:{@code port}, its own at 127.0.0.1:{@code localPort}. */
    private static List<String> jadeAddresses(int port, int localPort) {
        return List.of(
                "-host",
                "127.0.0.1",
                "-port",
                Integer.toString(port),
                "-local-host",
                "127.0.0.1",
                "-local-port",
                Integer.toString(localPort));
    }

    /** jade.Boot's options for the trial's transport with {@link #secret()}, on loopback only. */
    private List<String> trialTransport() {
        return List.of(
                "-icps",
                "org.lambo.agents.platform.TrialTlsPeer",
                "-lambo_secret_file",
                secret().toString(),
                "-jade_imtp_leap_JICP_JICPServer_acceptlocalhostonly",
                "true");
    }

    /**
     * The arguments of {@code lambo trial} of a {@link TrialFixture} (small, seed 5, {@link #secret()}, the deadlines
     * of a loaded machine, writing to {@code dir/run}) of {@code slots} slots under {@code policy}, its main container
     * on {@code port}, its UEs and servers in containers that join ({@code --remote ues,servers}), its start-up
     * deadline {@link TrialFixture#LOADED_STARTUP_MS}; then {@code more}.
     */
    String[] remoteTrialArgs(int port, String policy, int slots, String... more) throws IOException {
        return TrialFixture.on(this)
                .port(port)
                .policy(policy)
                .slots(slots)
                .remote()
                .startupMs(TrialFixture.LOADED_STARTUP_MS)
                .build()
                .args(more);
    }

    /** The trial of {@link #remoteTrialArgs} (policy local) in a child JVM with these JVM options, output in log. */
    Process remoteTrial(List<String> jvmOptions, String log, int port, int slots, String... more) throws IOException {
        return start(jvmOptions, log, "org.lambo.cli.Lambo", remoteTrialArgs(port, "local", slots, more));
    }

    /** The trial of {@link #remoteTrialArgs} (policy local) in a child JVM, output in {@code trial.log}. */
    Process remoteTrial(int port, int slots, String... more) throws IOException {
        return remoteTrial(List.of(), "trial.log", port, slots, more);
    }

    /**
     * Runs trial {@code s} in this JVM, JADE's files in {@code dir/jade}, on another thread (one trial per JVM: JADE
     * keeps static state).
     */
    CompletableFuture<TrialResult> trialHere(TrialSettings s) {
        Path files = dir().resolve("jade");
        return CompletableFuture.supplyAsync(() -> {
            try {
                return TrialRunner.run(s, files, x -> {});
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * {@code lambo container} joining the trial at {@code port} with its {@code agents} (ues or servers) of
     * {@code small}, seed 5, holding {@link #secret()}; its output in {@code AGENTS.log}.
     */
    Process container(int port, String agents) throws IOException {
        return container(agents + ".log", port, agents, secret, TrialFixture.SCENARIO, TrialFixture.SEED);
    }

    /**
     * {@code lambo container} as {@link #container(int, String)} with its own log, secret (null: none), scenario, seed
     * and further flags.
     */
    Process container(String log, int port, String agents, Path secretFile, String scenario, long seed, String... more)
            throws IOException {
        return container(List.of(), log, "127.0.0.1", port, agents, secretFile, scenario, seed, more);
    }

    /** As {@link #container(String, int, String, Path, String, long, String...)} with JVM options and a main host. */
    Process container(
            List<String> jvmOptions,
            String log,
            String mainHost,
            int port,
            String agents,
            Path secretFile,
            String scenario,
            long seed,
            String... more)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "container",
                "--main-host",
                mainHost,
                "--main-port",
                Integer.toString(port),
                "--agents",
                agents,
                "--scenario",
                scenario,
                "--seed",
                Long.toString(seed),
                "--dir",
                dir().resolve("jade-" + log).toString(),
                "--decision-ms",
                "20000",
                "--server-ms",
                "5000"));
        if (secretFile != null) args.addAll(List.of("--secret-file", secretFile.toString()));
        args.addAll(List.of(more));
        return start(jvmOptions, log, "org.lambo.cli.Lambo", args.toArray(String[]::new));
    }

    /** Kills a child at once, as a crash would, and waits until it is gone. */
    static void kill(Process p) {
        p.destroyForcibly();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS))
                throw new IllegalStateException("child JVM " + p.pid() + " did not die");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the children still alive and waits (20 s each at most) until they are gone. */
    @Override
    public void close() {
        for (Process p : children) if (p.isAlive()) p.destroyForcibly();
        for (Process p : children) kill(p);
        for (Process p : children) LOGS.remove(p);
        children.clear();
    }

    /**
     * A start-up wait's deadline in seconds: {@code base} times the load average per core now, at least 1 and at most
     * {@value #MOST_LOAD_FACTOR} (the class's comment says why).
     */
    static long startupSeconds(long base) {
        double perCore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
                / Runtime.getRuntime().availableProcessors();
        double factor = Double.isNaN(perCore) || perCore < 1 ? 1 : Math.min(MOST_LOAD_FACTOR, perCore);
        return Math.round(base * factor);
    }

    /** The load average and cores, for a failure message. */
    static String load() {
        return "load average " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() + " on "
                + Runtime.getRuntime().availableProcessors() + " cores";
    }

    /**
     * Waits until the log of child {@code log} says {@code text}, at most {@link #startupSeconds startupSeconds(90)};
     * fails at once when that child has ended without saying it, else at the deadline, naming the child and showing its
     * log's tail.
     */
    void awaitLine(String log, String text) throws IOException, InterruptedException {
        Path file = dir().resolve(log);
        Process child = null; // the latest child of that log
        for (Process p : children) if (file.equals(LOGS.get(p))) child = p;
        long seconds = startupSeconds(90);
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            boolean ended = child != null && !child.isAlive();
            if (Files.exists(file) && Files.readString(file).contains(text)) return;
            if (ended || System.nanoTime() > until)
                throw new AssertionError((child == null ? "'" + log + "' (no child JVM of that log)" : describe(child))
                        + "\n... never said '" + text + "'"
                        + (ended ? "" : " within " + seconds + " s (" + load() + ")"));
            Thread.sleep(200);
        }
    }

    /**
     * Waits until something listens on {@code host:port}, at most {@link #startupSeconds startupSeconds(60)}; fails at
     * once when {@code opener} (the child JVM meant to open it; null: this JVM) has ended, else at the deadline, naming
     * it and showing its log's tail.
     */
    static void awaitListening(Process opener, String host, int port) throws InterruptedException {
        long seconds = startupSeconds(60);
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            if (answers(host, port)) return;
            boolean ended = opener != null && !opener.isAlive();
            if (ended || System.nanoTime() > until)
                throw new AssertionError("nothing listens on " + host + ":" + port
                        + (ended ? "" : " within " + seconds + " s (" + load() + ")")
                        + (opener == null ? "" : "\n" + describe(opener)));
            Thread.sleep(100);
        }
    }

    /** As {@link #awaitListening(Process, String, int)} for a port this JVM opens. */
    static void awaitListening(String host, int port) throws InterruptedException {
        awaitListening(null, host, port);
    }

    /** Whether something accepts a connection on {@code host:port} within a second. */
    static boolean answers(String host, int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends {@code signal} (e.g. STOP, CONT) to a child: {@code kill -SIGNAL pid}. */
    static void signal(Process p, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0)
                throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + signal + " " + p.pid() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for a child to end (failing the test when it does not within {@code seconds}, naming it and showing its
     * log's tail) and returns its exit code.
     */
    static int exit(Process p, long seconds) throws InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS))
            throw new AssertionError(describe(p) + "\n... did not end within " + seconds + " s (" + load() + ")");
        return p.exitValue();
    }

    /**
     * Waits (as {@link #exit}) for a child to end with {@code code}; else fails naming it and showing its log's tail.
     */
    static void assertExits(Process p, long seconds, int code) throws InterruptedException {
        int rc = exit(p, seconds);
        if (rc != code) throw new AssertionError(describe(p) + "\n... exited " + rc + ", not " + code);
    }

    /**
     * A child for a failure message: the name of its log (or its pid when it has none here), alive or its exit code,
     * and the last {@value #TAIL} lines of its log.
     */
    static String describe(Process p) {
        Path log = LOGS.get(p);
        String state = p.isAlive() ? "still running" : "exited " + p.exitValue();
        String head = "child JVM "
                + (log == null ? "pid " + p.pid() : "'" + log.getFileName() + "' (pid " + p.pid() + ")") + ", " + state;
        if (log == null) return head + " (its log is not known here)";
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            if (lines.isEmpty()) return head + "; its log " + log + " is empty";
            List<String> tail = lines.subList(Math.max(0, lines.size() - TAIL), lines.size());
            return head + "; the last " + tail.size() + " of " + lines.size() + " lines of " + log + ":\n  "
                    + String.join("\n  ", tail);
        } catch (IOException | UncheckedIOException e) {
            return head + "; its log " + log + " could not be read: " + e;
        }
    }

    /** The text of a child's log in this folder. */
    String log(String log) throws IOException {
        return Files.readString(dir().resolve(log));
    }

    /** The non-blank lines of a child's log in this folder. */
    List<String> lines(String log) throws IOException {
        return java.nio.file.Files.readAllLines(dir().resolve(log)).stream()
                .filter(l -> !l.isBlank())
                .toList();
    }
}
