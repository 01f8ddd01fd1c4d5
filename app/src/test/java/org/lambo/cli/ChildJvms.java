package org.lambo.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Child JVMs for the cross-JVM integration tests: each runs a main class on this test's class path,
 * its output in a log file; {@link #close()} ends whichever are still alive.
 */
final class ChildJvms implements AutoCloseable {
    private final Path dir;
    private final List<Process> children = new ArrayList<>();

    ChildJvms(Path dir) {
        this.dir = dir;
    }

    /** A free loopback port for the trial's main container. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts {@code mainClass args...} in a new JVM, its output in {@code dir/log}. */
    Process start(String log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true", mainClass));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
        children.add(p);
        return p;
    }

    /** {@code lambo container} joining the trial at {@code port} with its {@code agents} (ues or servers) of {@code small}, seed 5. */
    Process container(int port, String agents) throws IOException {
        return start(agents + ".log", "org.lambo.cli.Lambo", "container", "--main-host", "127.0.0.1", "--main-port", Integer.toString(port),
                "--agents", agents, "--scenario", "small", "--seed", "5", "--dir", dir.resolve("jade-" + agents).toString(),
                "--decision-ms", "20000", "--server-ms", "5000");
    }

    /** Kills a child at once, as a crash would, and waits until it is gone. */
    static void kill(Process p) {
        p.destroyForcibly();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) throw new IllegalStateException("child JVM " + p.pid() + " did not die");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        for (Process p : children) if (p.isAlive()) p.destroyForcibly();
    }
}
