package org.lambo.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.lambo.agents.SlotSource;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.trial.Population;
import org.lambo.agents.ue.UeTimeouts;
import org.lambo.io.InputException;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "container", mixinStandardHelpOptions = true,
        description = {"Joins a running trial's platform (`lambo trial --remote ...`) as a peripheral JADE container and starts "
                + "its UE and/or edge-server agents there; ends when the trial kills the platform.",
                "The scenario and seed must be the trial's: every container unrolls the same world from them."})
public final class ContainerCommand implements Callable<Integer> {
    @Option(names = "--main-host", required = true, paramLabel = "H", description = "Host of the trial's main container.")
    String mainHost;

    @Option(names = "--main-port", required = true, paramLabel = "P", description = "Port of the trial's main container.")
    int mainPort;

    @Option(names = "--agents", required = true, split = ",", paramLabel = "KIND", description = "What to start here: ues, servers, or both.")
    List<String> agents;

    @Option(names = "--scenario", required = true, paramLabel = "FILE", description = "The trial's scenario (YAML or built-in profile).")
    String scenario;

    @Option(names = "--seed", paramLabel = "S", description = "The trial's world seed (default: the scenario's own).")
    Long seed;

    @Option(names = "--name", paramLabel = "NAME", description = "Container name (default: lambo-<kinds>).")
    String name;

    @Option(names = "--local-host", paramLabel = "H", description = "Address the main container reaches this one at (default: JADE's choice).")
    String localHost;

    @Option(names = "--dir", defaultValue = "runs/container", paramLabel = "DIR", description = "Where JADE writes its files (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--join-timeout-ms", defaultValue = "60000", paramLabel = "MS",
            description = "How long to keep trying to reach the main container (default: ${DEFAULT-VALUE}).")
    long joinTimeoutMs;

    @Option(names = "--decision-ms", defaultValue = "60000", paramLabel = "MS", description = "A UE waits this long for its decision; as the trial's (default: ${DEFAULT-VALUE}).")
    long decisionMs;

    @Option(names = "--server-ms", defaultValue = "5000", paramLabel = "MS", description = "A UE waits this long for its server; as the trial's (default: ${DEFAULT-VALUE}).")
    long serverMs;

    @Override
    public Integer call() throws Exception {
        for (String k : agents) {
            if (!k.equals("ues") && !k.equals("servers")) throw new InputException("--agents", "", "must list ues and/or servers, got '" + k + "'");
        }
        if (mainPort < 1 || mainPort > 65535) throw new InputException("--main-port", "", "must be in 1..65535, got " + mainPort);
        UeTimeouts timeouts;
        try {
            timeouts = new UeTimeouts(decisionMs, serverMs);
        } catch (IllegalArgumentException e) {
            throw new InputException("container", "", e.getMessage());
        }
        Scenario sc = ScenarioLoader.load(scenario);
        SlotSource world = new SlotSource(sc, seed != null ? seed : sc.seed());
        String containerName = name != null ? name : "lambo-" + String.join("-", agents);
        try (JadePlatform container = JadePlatform.join(dir.resolve(containerName), mainHost, mainPort, localHost, containerName, joinTimeoutMs)) {
            int servers = agents.contains("servers") ? Population.startServers(container, world) : 0;
            int ues = agents.contains("ues") ? Population.startUes(container, world, SlotSource.maxUesEver(sc), timeouts) : 0;
            System.out.printf("container %s joined %s:%d with %d edge servers and %d UEs of %s%n", containerName, mainHost, mainPort, servers, ues, sc.name());
            System.out.flush();
            container.awaitTermination();
        }
        System.out.println("container " + containerName + ": the platform has ended");
        return 0;
    }
}
