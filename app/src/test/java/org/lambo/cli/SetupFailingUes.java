package org.lambo.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.trial.Population;
import org.lambo.agents.ue.UeAgent;
import org.lambo.agents.ue.UeTimeouts;
import org.lambo.scenario.ScenarioLoader;

/**
 * A peripheral container for {@link RemoteSetupFailureIT}, in its own JVM: joins the trial's platform as any container
 * does ({@link JadePlatform#join}, holding the trial's secret) with every UE of the scenario, one of which is given
 * arguments it cannot start with (as {@code jade.Boot} passes them, its decision time {@code soon}), so that its setup
 * fails in this JVM and it tells the trial's clock so across the link. It ends when the platform does.
 *
 * <p>Arguments: main host, main port, scenario, seed, the trial's secret file, the index of the UE that cannot start.
 */
public final class SetupFailingUes {
    private SetupFailingUes() {}

    public static void main(String[] args) throws Exception {
        String scenario = args[2];
        long seed = Long.parseLong(args[3]);
        int bad = Integer.parseInt(args[5]);
        SlotSource world = new SlotSource(ScenarioLoader.load(scenario), seed);
        int ues = SlotSource.maxUesEver(world.scenario());
        UeTimeouts timeouts = new UeTimeouts(20_000, 5_000);
        Path dir = Files.createTempDirectory("lambo-setup-failing");
        try (JadePlatform c = JadePlatform.join(new JadePlatform.Join(
                dir,
                args[0],
                Integer.parseInt(args[1]),
                "127.0.0.1",
                0,
                "lambo-ues-failing",
                120_000,
                Path.of(args[4]),
                60_000))) {
            if (bad > 0) Population.startUes(c, world, 0, bad - 1, timeouts);
            // from jade.Boot: (scenario, seed, UE index, decision ms, server ms), the decision ms not a number
            c.startAgent(
                    ServiceTypes.ueName(bad),
                    UeAgent.class,
                    scenario,
                    Long.toString(seed),
                    Integer.toString(bad),
                    "soon",
                    "5000");
            if (bad < ues - 1) Population.startUes(c, world, bad + 1, ues - 1, timeouts);
            System.out.println("setup-failing container joined " + args[0] + ":" + args[1] + " with " + ues + " UEs");
            c.awaitTermination();
        }
        System.out.println("setup-failing container: the platform ended");
        System.exit(0);
    }
}
