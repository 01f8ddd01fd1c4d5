package org.lambo.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.lambo.agents.SlotSource;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.platform.TrialInfo;
import org.lambo.agents.trial.Population;
import org.lambo.agents.ue.UeTimeouts;
import org.lambo.io.InputException;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "container",
        mixinStandardHelpOptions = true,
        description = {
            "Joins a running trial's platform (`lambo trial --remote ...`) as a peripheral JADE container and starts "
                    + "its UE and/or edge-server agents there; ends when the trial kills the platform (the trial tells it first "
                    + "that it has ended: a link lost after that is the trial's end), or within seconds when the trial's JVM "
                    + "is gone (exit code 3).",
            "The scenario and seed must be the trial's: every container unrolls the same world from them. The container "
                    + "must hold the trial's secret (--secret-file, docs/SECURITY.md). JADE's own log goes to DIR/NAME/jade.log "
                    + "(and what it prints to stderr to DIR/NAME/jade.err).",
            "Exit codes: 0 the trial ended, 1 could not join, 2 bad input, 3 the main container is gone before the trial "
                    + "said it ended, "
                    + "4 the trial's scenario or seed is not this one's."
        })
public final class ContainerCommand implements Callable<Integer> {
    @Mixin
    SharedOptions.WorldSeed seed;

    @Mixin
    SharedOptions.UeWaits ueWaits;

    /** The environment variable naming the secret file when --secret-file is not given. */
    public static final String SECRET_ENV = "LAMBO_SECRET_FILE";
    /** Exit code when the container could not join, or its main container went away. */
    public static final int NOT_JOINED = 1;

    public static final int MAIN_LOST = 3;
    /** Exit code when the container's scenario or seed is not the trial's. */
    public static final int WRONG_WORLD = 4;

    @Option(
            names = "--main-host",
            required = true,
            paramLabel = "H",
            description = "Host of the trial's main container.")
    String mainHost;

    @Option(
            names = "--main-port",
            required = true,
            paramLabel = "P",
            description = "Port of the trial's main container.")
    int mainPort;

    @Option(
            names = "--agents",
            required = true,
            split = ",",
            paramLabel = "KIND",
            description = "What to start here: ues, servers, or both.")
    List<String> agents;

    @Mixin
    SharedOptions.RequiredScenario scenario;

    @Option(
            names = "--secret-file",
            paramLabel = "FILE",
            description =
                    "The trial's secret, the file `lambo trial` names in its line \"containers join with --secret-file FILE\" "
                            + "(default: the file named by $" + SECRET_ENV + ").")
    Path secretFile;

    @Option(names = "--name", paramLabel = "NAME", description = "Container name (default: lambo-<kinds>).")
    String name;

    @Option(
            names = "--local-host",
            paramLabel = "H",
            description =
                    "Address the other containers reach this one at, and the only one it listens on (default: this machine's address "
                            + "on the route to the main host).")
    String localHost;

    @Option(
            names = "--local-port",
            defaultValue = "0",
            paramLabel = "P",
            description = "Port this container listens on (default: the first free one of main port + 1 .. main port + "
                    + JadePlatform.CONTAINER_PORTS + ").")
    int localPort;

    @Option(
            names = "--dir",
            defaultValue = "runs/container",
            paramLabel = "DIR",
            description = "Where JADE writes its files (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(
            names = "--join-timeout-ms",
            defaultValue = "60000",
            paramLabel = "MS",
            description = "How long to keep trying to reach the main container (default: ${DEFAULT-VALUE}).")
    long joinTimeoutMs;

    @Option(
            names = "--main-lost-ms",
            defaultValue = "60000",
            paramLabel = "MS",
            description =
                    "How long the main container may not answer (a lost link) before this container exits; one that refuses "
                            + "connections (its JVM is gone) is given up after 3 s (default: ${DEFAULT-VALUE}).")
    long mainLostMs;

    @Option(
            names = "--ue-range",
            paramLabel = "A..B",
            description =
                    "With --agents ues: start only UEs A..B (several containers share a trial's UEs; default: all).")
    String ueRange;

    /** The flags of the {@link UeTimeouts} values, by the record component its refusals begin with. */
    static final java.util.Map<String, String> UE_WAITS_FLAGS =
            java.util.Map.of("decisionMs", "--decision-ms", "serverMs", "--server-ms");

    @Override
    public Integer call() throws Exception {
        for (String k : agents) {
            if (!k.equals("ues") && !k.equals("servers"))
                throw new InputException("--agents", "", "must list ues and/or servers, got '" + k + "'");
        }
        if (mainPort < 1 || mainPort > 65535)
            throw new InputException("--main-port", "", "must be in 1..65535, got " + mainPort);
        if (localPort < 0 || localPort > 65535)
            throw new InputException("--local-port", "", "must be in 0..65535, got " + localPort);
        if (joinTimeoutMs <= 0) throw new InputException("--join-timeout-ms", "", "must be > 0, got " + joinTimeoutMs);
        if (mainLostMs <= 0) throw new InputException("--main-lost-ms", "", "must be > 0, got " + mainLostMs);
        Path secret = secretFile;
        if (secret == null) {
            String env = System.getenv(SECRET_ENV);
            if (env == null || env.isBlank()) {
                throw new InputException(
                        "--secret-file",
                        "",
                        "is required (or $" + SECRET_ENV
                                + "): the trial prints \"containers join with --secret-file FILE\"");
            }
            secret = Path.of(env);
        }
        UeTimeouts timeouts = SharedOptions.fromFlags(
                "container", UE_WAITS_FLAGS, () -> new UeTimeouts(ueWaits.decisionMs, ueWaits.serverMs));
        Scenario sc = ScenarioLoader.load(scenario.value());
        SlotSource world = SlotSource.unrollingAhead(sc, seed.or(sc.seed()));
        String containerName = name != null ? name : "lambo-" + String.join("-", agents);
        // JADE prints some of its stack traces straight to stderr: they go to DIR/NAME/jade.err, the console gets our
        // lines only
        Path logDir = dir.resolve(containerName);
        java.nio.file.Files.createDirectories(logDir);
        java.util.logging.Logger.getLogger("").getHandlers(); // the console log handler keeps the real stderr
        PrintStream console = System.err;
        try (PrintStream jadeErr =
                new PrintStream(new FileOutputStream(logDir.resolve("jade.err").toFile(), true), true)) {
            System.setErr(jadeErr);
            return run(containerName, logDir, world, sc, timeouts, secret, console);
        } finally {
            System.setErr(console);
        }
    }

    private int run(
            String containerName,
            Path logDir,
            SlotSource world,
            Scenario sc,
            UeTimeouts timeouts,
            Path secret,
            PrintStream console)
            throws Exception {
        JadePlatform container;
        try {
            container = JadePlatform.join(new JadePlatform.Join(
                    logDir,
                    mainHost,
                    mainPort,
                    localHost,
                    localPort,
                    containerName,
                    joinTimeoutMs,
                    secret,
                    mainLostMs));
        } catch (IOException e) {
            console.println("lambo container " + containerName + ": " + e.getMessage());
            return NOT_JOINED;
        }
        try (container) {
            // the world is checked before any agent starts: a container with another scenario or seed would produce
            // made-up results
            TrialInfo here = TrialInfo.of(sc, seed.or(sc.seed()));
            TrialInfo trial = container.trialInfo(Math.min(joinTimeoutMs, 30_000));
            if (trial == null) {
                console.println("lambo container " + containerName + ": the trial at " + mainHost + ":" + mainPort
                        + " published no scenario and seed " + "within " + Math.min(joinTimeoutMs, 30_000)
                        + " ms (is it a lambo trial?); leaving");
                return WRONG_WORLD;
            }
            if (!here.sameWorld(trial)) {
                console.println(
                        "lambo container " + containerName + ": refused: " + here.mismatch(trial) + "; leaving");
                return WRONG_WORLD;
            }
            int servers = agents.contains("servers") ? Population.startServers(container, world) : 0;
            int most = SlotSource.maxUesEver(sc);
            int[] range = ueRange == null
                    ? new int[] {0, most - 1}
                    : org.lambo.agents.trial.Population.range("--ue-range", ueRange, most);
            int ues = agents.contains("ues") ? Population.startUes(container, world, range[0], range[1], timeouts) : 0;
            // told that the trial has ended, a link that drops before JADE's shutdown reaches here is that end; asked
            // once the agents have started (nothing is added to the trial's start-up: over a slow link each agent born
            // here is a round trip to the main container or two)
            java.util.concurrent.CompletableFuture<Void> hearsTheEnd;
            try {
                hearsTheEnd = container.listenForTrialEnd();
            } catch (jade.wrapper.ControllerException e) {
                hearsTheEnd = java.util.concurrent.CompletableFuture.failedFuture(e);
            }
            System.out.printf(
                    "container %s joined %s:%d with %d edge servers and %d UEs of %s%n",
                    containerName, mainHost, mainPort, servers, ues, sc.name());
            System.out.flush();
            try {
                hearsTheEnd.get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                console.println("lambo container " + containerName + ": may not hear of the trial's end ("
                        + (e instanceof java.util.concurrent.TimeoutException
                                ? "the trial did not take the subscription within 10 s"
                                : e.getCause().getMessage())
                        + "): a link lost at its end may be taken for its main container's death");
            }
            container.awaitTermination();
            if (container.mainLost() != null) {
                console.println("lambo container " + containerName + ": " + container.mainLost() + "; exiting");
                return MAIN_LOST;
            }
        }
        System.out.println("container " + containerName + ": "
                + (container.trialEnded() ? "the trial has ended" : "the platform has ended"));
        return 0;
    }
}
