package org.lambo.cli;

import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.trial.Population;
import org.lambo.agents.ue.UeAgent;
import org.lambo.agents.ue.UeTimeouts;
import org.lambo.scenario.ScenarioLoader;

/**
 * A peripheral container for {@link RemoteSetupFailureIT}, in its own JVM: joins the trial's platform as any container
 * does ({@link JoiningContainer}, holding the trial's secret) with every UE of the scenario, one of which is given
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
        JoiningContainer.runUntilThePlatformEnds("setup-failing", "lambo-ues-failing", args[0], args[1], args[4], c -> {
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
            return " with " + ues + " UEs";
        });
    }
}
