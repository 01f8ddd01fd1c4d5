package org.lambo.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lambo.agents.platform.TrialSecret;

/**
 * Child JVMs for the cross-JVM integration tests: each runs a main class on this test's class path, its output in a log
 * file in {@link #dir()}; {@link #close()} ends whichever are still alive and waits until they are gone. It holds one
 * trial secret ({@link #secret()}), which {@link #container} passes and the trial must be given. A test that wants one
 * for each of its methods registers a {@link ChildJvmsExtension}; one that wants them for a block uses
 * try-with-resources.
 */
class ChildJvms implements AutoCloseable {
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
        children.add(p);
        return p;
    }

    /**
     * {@code lambo container} joining the trial at {@code port} with its {@code agents} (ues or servers) of
     * {@code small}, seed 5, holding {@link #secret()}; its output in {@code AGENTS.log}.
     */
    Process container(int port, String agents) throws IOException {
        return container(agents + ".log", port, agents, secret, "small", 5);
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
        children.clear();
    }

    /** Waits (60 s at most) until something listens on {@code host:port}. */
    static void awaitListening(String host, int port) throws InterruptedException {
        long until = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < until) {
            if (answers(host, port)) return;
            Thread.sleep(100);
        }
        throw new AssertionError("nothing listens on " + host + ":" + port);
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

    /**
     * Waits for a child to end (failing the test when it does not within {@code seconds}) and returns its exit code.
     */
    static int exit(Process p, long seconds) throws InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS))
            throw new AssertionError("the child JVM " + p.pid() + " did not end within " + seconds + " s");
        return p.exitValue();
    }

    /** The non-blank lines of a child's log in this folder. */
    List<String> lines(String log) throws IOException {
        return java.nio.file.Files.readAllLines(dir().resolve(log)).stream()
                .filter(l -> !l.isBlank())
                .toList();
    }
}
