package org.lambo.mqtt.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Mosquitto broker (the Debian {@code mosquitto} package, 2.0) run as a child process on a loopback port, with a
 * configuration generated into a work directory: for integration tests and local trials. {@link #stop()} ends it with
 * SIGTERM (it saves its persistence file), {@link #kill()} with SIGKILL (a crash), {@link #restart()} brings it back on
 * the same port. A JVM shutdown hook kills it if the owner forgets, so no test leaves a broker behind.
 *
 * <pre>{@code
 * try (MosquittoProcess broker = MosquittoProcess.builder(tempDir).persistence(true).start()) {
 *     ... broker.uri() ...
 * }
 * }</pre>
 */
public final class MosquittoProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MosquittoProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Builder config;
    private final Path executable;
    private final int port;
    private final Path configFile;
    private final Path logFile;
    private volatile Process process;
    private Thread shutdownHook;

    private MosquittoProcess(Builder b, Path executable) {
        this.config = b;
        this.executable = executable;
        this.port = b.existingConfig != null ? b.port : b.port == 0 ? FreePort.pick() : b.port;
        this.configFile = b.existingConfig != null ? b.existingConfig : b.workDir.resolve("mosquitto.conf");
        this.logFile = b.workDir.resolve("mosquitto.log");
    }

    /**
     * The {@code mosquitto} executable: {@code $MOSQUITTO}, else on the PATH, else {@code /usr/sbin/mosquitto}; empty
     * when not installed.
     */
    public static Optional<Path> executable() {
        String env = System.getenv("MOSQUITTO");
        if (env != null && !env.isBlank() && Files.isExecutable(Path.of(env))) return Optional.of(Path.of(env));
        String path = System.getenv().getOrDefault("PATH", "");
        Stream<Path> candidates = Stream.concat(
                Stream.of(path.split(java.io.File.pathSeparator))
                        .filter(s -> !s.isEmpty())
                        .map(d -> Path.of(d, "mosquitto")),
                Stream.of(Path.of("/usr/sbin/mosquitto"), Path.of("/usr/local/sbin/mosquitto")));
        return candidates.filter(Files::isExecutable).findFirst();
    }

    /** Whether a mosquitto executable was found (tests assume this and are skipped otherwise). */
    public static boolean isInstalled() {
        return executable().isPresent();
    }

    /** A broker whose configuration, log and persistence go into {@code workDir} (created if needed). */
    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    public int port() {
        return port;
    }

    /**
     * {@code tcp://127.0.0.1:port}, or {@code ssl://localhost:port} when TLS is on (the test certificates name
     * {@code localhost}).
     */
    public String uri() {
        return config.tlsCert != null || config.existingTls ? "ssl://localhost:" + port : "tcp://127.0.0.1:" + port;
    }

    public Path configFile() {
        return configFile;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Writes the configuration and starts the process; returns when it accepts connections. */
    public synchronized MosquittoProcess startProcess() {
        if (isRunning()) throw new IllegalStateException("mosquitto already running on port " + port);
        try {
            Files.createDirectories(config.workDir);
            if (config.existingConfig == null) Files.writeString(configFile, configText(), StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder(executable.toString(), "-c", configFile.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start " + executable + " with " + configFile + ": " + e.getMessage(), e);
        }
        if (shutdownHook == null) {
            shutdownHook = new Thread(
                    () -> {
                        Process now = process;
                        if (now != null) now.destroyForcibly();
                    },
                    "mosquitto-" + port + "-reaper");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with code " + process.exitValue() + " on port " + port
                        + "; its log says:\n" + logTail());
            }
            if (FreePort.accepts(port, Duration.ofMillis(200))) {
                LOG.info("mosquitto (pid {}) listening on port {}", process.pid(), port);
                return this;
            }
            sleep(20);
        }
        process.destroyForcibly();
        throw new IllegalStateException("mosquitto did not accept connections on port " + port + " within "
                + START_TIMEOUT + "; its log says:\n" + logTail());
    }

    /** Stops the broker cleanly (SIGTERM; it saves its persistence), waiting at most 5 s before SIGKILL. */
    public synchronized void stop() {
        if (process == null) return;
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                LOG.warn("mosquitto on port {} ignored SIGTERM; killing it", port);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Kills the broker at once (SIGKILL), as a crash would: no persistence saved, no goodbyes. */
    public synchronized void kill() {
        if (process == null) return;
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * Stops then starts again on the same port with the same configuration (and, with persistence, the same sessions).
     */
    public synchronized void restart() {
        stop();
        startProcess();
    }

    /** Stops the broker and removes the shutdown hook. Idempotent. */
    @Override
    public synchronized void close() {
        stop();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
            shutdownHook = null;
        }
    }

    /** The last lines of the broker's log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The generated mosquitto.conf (Mosquitto 2.0 syntax). */
    String configText() {
        List<String> l = new ArrayList<>();
        l.add("# generated by org.lambo.mqtt.broker.MosquittoProcess");
        l.add("per_listener_settings false");
        // started as root, mosquitto would switch to the 'mosquitto' user and lose access to the work directory
        l.add("user " + System.getProperty("user.name"));
        l.add("allow_anonymous " + config.allowAnonymous());
        if (config.passwordFile != null) l.add("password_file " + config.passwordFile.toAbsolutePath());
        if (config.aclFile != null) l.add("acl_file " + config.aclFile.toAbsolutePath());
        l.add("persistence " + config.persistence);
        if (config.persistence) {
            l.add("persistence_location " + config.workDir.toAbsolutePath() + "/");
            l.add("autosave_interval 1");
        }
        l.add("max_queued_messages " + config.maxQueuedMessages);
        // no Nagle stall on its side of a command and its result (mosquitto's default is false)
        l.add("set_tcp_nodelay true");
        l.add("log_dest stdout");
        l.add("log_type error");
        l.add("log_type warning");
        l.add("log_type notice");
        l.add("log_type information");
        l.add("connection_messages true");
        l.add("log_timestamp_format %Y-%m-%dT%H:%M:%S");
        l.add("listener " + port + " 127.0.0.1");
        if (config.tlsCert != null) {
            l.add("cafile " + config.tlsCa.toAbsolutePath());
            l.add("certfile " + config.tlsCert.toAbsolutePath());
            l.add("keyfile " + config.tlsKey.toAbsolutePath());
        }
        l.addAll(config.extraLines);
        return String.join("\n", l) + "\n";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for mosquitto", e);
        }
    }

    /** Configures a {@link MosquittoProcess}; the defaults suit a test: anonymous, no persistence, a free port. */
    public static final class Builder {
        private final Path workDir;
        private int port;
        private boolean persistence;
        private Path passwordFile;
        private Path aclFile;
        private Boolean allowAnonymous;
        private Path tlsCa;
        private Path tlsCert;
        private Path tlsKey;
        private int maxQueuedMessages = 100_000;
        private final List<String> extraLines = new ArrayList<>();
        private Path existingConfig;
        private boolean existingTls;

        private Builder(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir, "workDir");
        }

        /** The port (default 0: a free one, kept across {@link #restart()}). */
        public Builder port(int p) {
            if (p < 0 || p > 65_535) throw new IllegalArgumentException("port must be in [0, 65535], got " + p);
            this.port = p;
            return this;
        }

        /** Keep sessions and queued messages across a clean restart (default false: a restart forgets everything). */
        public Builder persistence(boolean on) {
            this.persistence = on;
            return this;
        }

        /**
         * A {@code mosquitto_passwd} file; turns anonymous access off unless {@link #allowAnonymous} says otherwise.
         */
        public Builder passwordFile(Path file) {
            this.passwordFile = Objects.requireNonNull(file, "passwordFile");
            return this;
        }

        /** An ACL file, e.g. {@code configs/mosquitto/acl}. */
        public Builder aclFile(Path file) {
            this.aclFile = Objects.requireNonNull(file, "aclFile");
            return this;
        }

        public Builder allowAnonymous(boolean on) {
            this.allowAnonymous = on;
            return this;
        }

        /** TLS on the listener with this CA, server certificate and key (PEM). */
        public Builder tls(Path caFile, Path certFile, Path keyFile) {
            this.tlsCa = Objects.requireNonNull(caFile, "caFile");
            this.tlsCert = Objects.requireNonNull(certFile, "certFile");
            this.tlsKey = Objects.requireNonNull(keyFile, "keyFile");
            return this;
        }

        /** Messages queued per offline persistent client before the broker drops (default 100 000). */
        public Builder maxQueuedMessages(int n) {
            if (n < 1) throw new IllegalArgumentException("maxQueuedMessages must be >= 1, got " + n);
            this.maxQueuedMessages = n;
            return this;
        }

        /** A raw line appended to the configuration (after the listener, so it may be a listener option). */
        public Builder line(String configLine) {
            this.extraLines.add(Objects.requireNonNull(configLine, "configLine"));
            return this;
        }

        /**
         * Runs mosquitto with this configuration file as it is (e.g. one made by {@code testbed-scripts/broker setup})
         * instead of a generated one; it must listen on {@code port}, with TLS when {@code tls}. The other builder
         * settings are then ignored; the work directory still receives the log.
         */
        public Builder existingConfig(Path file, int port, boolean tls) {
            if (port < 1 || port > 65_535)
                throw new IllegalArgumentException("port must be in [1, 65535], got " + port);
            this.existingConfig = Objects.requireNonNull(file, "file");
            this.port = port;
            this.existingTls = tls;
            return this;
        }

        boolean allowAnonymous() {
            return allowAnonymous != null ? allowAnonymous : passwordFile == null;
        }

        /**
         * Starts the broker. Throws {@link IllegalStateException} when mosquitto is not installed or does not come up.
         */
        public MosquittoProcess start() {
            Path exe = executable()
                    .orElseThrow(
                            () -> new IllegalStateException(
                                    "mosquitto is not installed (apt-get install mosquitto, or set MOSQUITTO=/path/to/mosquitto)"));
            return new MosquittoProcess(this, exe).startProcess();
        }
    }
}
