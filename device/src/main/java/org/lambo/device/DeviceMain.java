package org.lambo.device;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.lambo.device.cpu.Calibration;
import org.lambo.device.cpu.CpuCalibrator;
import org.lambo.device.cpu.Execution;
import org.lambo.device.cpu.Workload;
import org.lambo.device.energy.EnergyModel;
import org.lambo.device.runtime.DeviceConfig;
import org.lambo.device.runtime.DeviceFleet;
import org.lambo.mqtt.client.MqttLinkException;
import org.lambo.mqtt.topic.Role;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of {@code lambo-device.jar}, the runtime a Raspberry Pi or a Jetson runs: {@code lambo-device --role
 * ue|server --id ID --broker URL} runs the device on the testbed's broker
 * ({@link org.lambo.device.runtime.DeviceRuntime}) until it is stopped (SIGTERM closes it cleanly, SIGKILL leaves its
 * will to the broker); {@code --emulate N} runs N such devices in this process. The subcommands {@code calibrate} and
 * {@code work} measure this CPU and print one JSON object.
 *
 * <p>The testbed's own command line runs this same command as {@code lambo device} (a subclass that only renames it,
 * {@code org.lambo.cli.DeviceCommand}): one set of flags, one runtime, whichever jar starts it. Messages name the
 * command as it was called ({@code lambo-device} or {@code lambo device}).
 */
@Command(
        name = "lambo-device",
        mixinStandardHelpOptions = true,
        version = "lambo-device 0.1.0",
        description = "The LAMBO device runtime for a Raspberry Pi or a Jetson.",
        subcommands = {DeviceMain.Calibrate.class, DeviceMain.Work.class})
public class DeviceMain implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** For {@code java -jar lambo-device.jar} and subclasses that rename the command. */
    public DeviceMain() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, for tests. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DeviceMain());
        // bad flags: one line naming the flag, and the usage; never a stack trace
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("lambo-device: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("lambo-device: " + ex.getMessage());
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl;
    }

    @Option(names = "--role", description = "ue or server")
    String role;

    @Option(names = "--id", description = "the device id (topic level, client id, broker user name)")
    String id;

    @Option(names = "--broker", description = "tcp://host:1883 or ssl://host:8883")
    String broker;

    @Option(
            names = "--testbed",
            defaultValue = "lambo",
            description = "the testbed's topic level (default ${DEFAULT-VALUE})")
    String testbed;

    @Option(names = "--username", description = "broker user name (default: anonymous)")
    String username;

    @Option(names = "--password", description = "broker password (visible to ps: prefer --password-file)")
    String password;

    @Option(names = "--password-file", description = "a file holding the broker password")
    Path passwordFile;

    @Option(names = "--tls-ca", description = "CA certificate (PEM) to trust for ssl://")
    Path tlsCa;

    @CommandLine.Mixin
    Cpu cpu;

    @Option(
            names = "--keep-alive",
            defaultValue = "10",
            description = "MQTT keep-alive, s; the will fires after 1.5x of silence (default ${DEFAULT-VALUE})")
    int keepAliveS;

    @Option(
            names = "--telemetry-ms",
            defaultValue = "5000",
            description = "telemetry period, ms (default ${DEFAULT-VALUE})")
    long telemetryMs;

    @Option(
            names = "--peer-patience-ms",
            defaultValue = "30000",
            description =
                    "how long an offloaded task's input and its server command wait for each other, ms (default ${DEFAULT-VALUE})")
    long peerPatienceMs;

    @Option(
            names = "--connect-patience-s",
            defaultValue = "30",
            description =
                    "how long to keep trying to reach the broker at the start, s; then it says why and exits 1 (default ${DEFAULT-VALUE})")
    int connectPatienceS;

    @Option(
            names = "--emulate",
            defaultValue = "0",
            description = "run N emulated devices ID-1..ID-N in this process (default: one device, ID)")
    int emulate;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        if (role == null && id == null && broker == null) {
            cl.usage(cl.getOut());
            return 0;
        }
        DeviceConfig config = config(cl);
        List<String> ids = emulate > 0 ? DeviceFleet.ids(config.deviceId(), emulate) : List.of(config.deviceId());
        long deadline = System.nanoTime() + Duration.ofSeconds(connectPatienceS).toNanos();
        if (!awaitBroker(cl, deadline)) return 1;
        Calibration c = CpuCalibrator.builder().build().calibrate();
        cl.getOut().println(JSON.writeValueAsString(calibrationJson(c)));
        CountDownLatch stopped = new CountDownLatch(1);
        DeviceFleet fleet;
        try {
            // what is left of the window, but at least one full MQTT connect (TLS and the CONNACK may take seconds)
            fleet = DeviceFleet.start(
                    config,
                    ids,
                    c,
                    Duration.ofNanos(Math.max(
                            deadline - System.nanoTime(), Duration.ofSeconds(5).toNanos())));
        } catch (MqttLinkException.Config e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        } catch (MqttLinkException e) {
            cl.getErr()
                    .println(spec.qualifiedName() + ": cannot connect to the broker " + broker + ": " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            fleet.close();
                            stopped.countDown();
                        },
                        "lambo-device-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) { // the caller stopped this thread rather than the process
            fleet.close();
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Waits until the broker's host accepts a TCP connection, at most until {@code deadline}: says at once when it does
     * not (naming the URL and the cause) and again when it gives up. The MQTT connect that follows has its own checks
     * (TLS, credentials).
     */
    private boolean awaitBroker(CommandLine cl, long deadline) throws InterruptedException {
        java.net.URI u = java.net.URI.create(broker);
        String cause = null;
        boolean told = false;
        while (true) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(u.getHost(), u.getPort()), 2_000);
                if (told) cl.getErr().println(spec.qualifiedName() + ": the broker " + broker + " is reachable now");
                return true;
            } catch (java.io.IOException e) {
                cause = e.getMessage() == null || e.getMessage().isBlank()
                        ? e.getClass().getSimpleName()
                        : e.getMessage();
                if (e instanceof java.net.UnknownHostException) cause = "unknown host " + u.getHost();
            }
            if (System.nanoTime() >= deadline) {
                cl.getErr()
                        .println(spec.qualifiedName() + ": cannot reach the broker " + broker + " within "
                                + connectPatienceS + " s (--connect-patience-s): " + cause);
                return false;
            }
            if (!told) {
                cl.getErr()
                        .println(spec.qualifiedName() + ": cannot reach the broker " + broker + " (" + cause
                                + "); retrying for up to " + connectPatienceS + " s");
                told = true;
            }
            Thread.sleep(Math.max(1, Math.min(500, (deadline - System.nanoTime()) / 1_000_000)));
        }
    }

    private DeviceConfig config(CommandLine cl) {
        if (role == null || !(role.equals("ue") || role.equals("server"))) {
            throw new CommandLine.ParameterException(cl, "--role must be ue or server, got " + role);
        }
        if (id == null) throw new CommandLine.ParameterException(cl, "--id is required");
        if (broker == null) throw new CommandLine.ParameterException(cl, "--broker is required");
        cpu.check(cl);
        if (keepAliveS < 1)
            throw new CommandLine.ParameterException(cl, "--keep-alive must be >= 1, got " + keepAliveS);
        if (peerPatienceMs < 1)
            throw new CommandLine.ParameterException(cl, "--peer-patience-ms must be >= 1, got " + peerPatienceMs);
        if (connectPatienceS < 1 || connectPatienceS > 86_400) {
            throw new CommandLine.ParameterException(
                    cl, "--connect-patience-s must be in [1, 86400], got " + connectPatienceS);
        }
        if (emulate < 0) throw new CommandLine.ParameterException(cl, "--emulate must be >= 0, got " + emulate);
        if (password != null && passwordFile != null)
            throw new CommandLine.ParameterException(cl, "give --password or --password-file, not both");
        String pass = password;
        if (passwordFile != null) {
            try {
                pass = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            } catch (java.io.IOException e) {
                throw new CommandLine.ParameterException(
                        cl, "--password-file " + passwordFile + " cannot be read: " + e);
            }
        }
        if ((username == null) != (pass == null))
            throw new CommandLine.ParameterException(cl, "--username needs a password and a password needs --username");
        if (username != null && emulate > 0) {
            throw new CommandLine.ParameterException(
                    cl,
                    "--emulate runs devices " + id + "-1.." + id + "-" + emulate
                            + ", each its own broker user: it cannot go with --username");
        }
        try {
            DeviceConfig.Builder b = DeviceConfig.builder(Role.ofLevel("role", role), id, broker)
                    .testbed(testbed)
                    .scale(cpu.scale)
                    .energy(cpu.energy())
                    .keepAlive(Duration.ofSeconds(keepAliveS))
                    .telemetryPeriod(Duration.ofMillis(telemetryMs))
                    .tlsCa(tlsCa)
                    .peerPatience(Duration.ofMillis(peerPatienceMs));
            if (username != null) b.credentials(username, pass.toCharArray());
            DeviceConfig config = b.build();
            org.lambo.mqtt.client.MqttLinkOptions.builder(broker, id); // checks the URI now, before calibrating
            if (tlsCa != null) {
                if (!broker.startsWith("ssl://")) {
                    throw new CommandLine.ParameterException(
                            cl,
                            "--tls-ca " + tlsCa + " is for an ssl:// broker, but --broker is " + broker
                                    + " (plain TCP): give ssl://host:8883 or leave --tls-ca out");
                }
                // reads and checks the CA file now, not after the first connection attempt
                org.lambo.mqtt.client.TlsOptions.caFile(tlsCa).socketFactory();
            }
            return config;
        } catch (IllegalArgumentException | MqttLinkException.Config e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    /** How a device runs its tasks' cycles: {@code --scale} and {@code --power}, of the device and of {@code work}. */
    static final class Cpu {
        @Option(
                names = "--scale",
                defaultValue = "1",
                description = "run cycles x scale, in (0, 1] (default ${DEFAULT-VALUE})")
        double scale;

        @Option(
                names = "--power",
                defaultValue = "1",
                description = "P_L, watts while computing (default ${DEFAULT-VALUE})")
        double power;

        /** Refuses a scale outside (0, 1] or a power that is not a finite number > 0, naming the flag. */
        void check(CommandLine cl) {
            if (!(scale > 0 && scale <= 1))
                throw new CommandLine.ParameterException(cl, "--scale must be in (0, 1], got " + scale);
            if (!(power > 0) || !Double.isFinite(power))
                throw new CommandLine.ParameterException(cl, "--power must be a finite number > 0, got " + power);
        }

        EnergyModel energy() {
            return new EnergyModel(power, 1.0);
        }
    }

    static ObjectNode calibrationJson(Calibration c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("cyclesPerSecond", c.cyclesPerSecond());
        n.put("iterationsPerSecond", c.iterationsPerSecond());
        n.put("trials", c.trials());
        n.put("iterationsPerTrial", c.iterationsPerTrial());
        n.put("spread", c.spread());
        return n;
    }

    @Command(
            name = "calibrate",
            mixinStandardHelpOptions = true,
            description =
                    "Measure this CPU's speed in task cycles per second (median of timed trials of the integer kernel).")
    public static final class Calibrate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--trials", defaultValue = "7", description = "timed trials (default ${DEFAULT-VALUE})")
        int trials;

        @Option(
                names = "--trial-ms",
                defaultValue = "50",
                description = "least duration of one trial, ms (default ${DEFAULT-VALUE})")
        long trialMs;

        @Override
        public Integer call() throws Exception {
            if (trials < 1 || trials > 1000)
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--trials must be in [1, 1000], got " + trials);
            if (trialMs < 1)
                throw new CommandLine.ParameterException(spec.commandLine(), "--trial-ms must be >= 1, got " + trialMs);
            Calibration c = CpuCalibrator.builder()
                    .trials(trials)
                    .trialTime(Duration.ofMillis(trialMs))
                    .build()
                    .calibrate();
            spec.commandLine().getOut().println(JSON.writeValueAsString(calibrationJson(c)));
            return 0;
        }
    }

    @Command(
            name = "work",
            mixinStandardHelpOptions = true,
            description =
                    "Calibrate, then really execute a task of --cycles (scaled by --scale) and report its times and energy.")
    public static final class Work implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--cycles", required = true, description = "the task's CPU cycles F_i, e.g. 1e10")
        double cycles;

        @CommandLine.Mixin
        Cpu cpu;

        @Override
        public Integer call() throws Exception {
            CommandLine cl = spec.commandLine();
            if (!(cycles >= 0) || !Double.isFinite(cycles))
                throw new CommandLine.ParameterException(cl, "--cycles must be a finite number >= 0, got " + cycles);
            cpu.check(cl);
            Calibration c = CpuCalibrator.builder().build().calibrate();
            Execution e = new Workload(cpu.scale).execute(cycles);
            EnergyModel energy = cpu.energy();
            ObjectNode n = JSON.createObjectNode();
            n.set("calibration", calibrationJson(c));
            n.put("cycles", e.cycles());
            n.put("scale", e.scale());
            n.put("iterations", e.iterations());
            n.put("wallSeconds", e.wallNanos() / 1e9);
            n.put("cpuSeconds", e.cpuNanos() / 1e9);
            n.put("busySecondsFullSize", e.busySeconds());
            n.put("modelSeconds", e.cycles() / c.cyclesPerSecond());
            n.put("energyJoules", energy.computeJoules(e));
            n.put("checksum", Long.toHexString(e.checksum()));
            cl.getOut().println(JSON.writeValueAsString(n));
            return 0;
        }
    }
}
