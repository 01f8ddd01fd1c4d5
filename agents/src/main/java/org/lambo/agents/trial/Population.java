package org.lambo.agents.trial;

import jade.wrapper.StaleProxyException;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.server.EdgeServerAgent;
import org.lambo.agents.ue.UeAgent;
import org.lambo.agents.ue.UeTimeouts;

/**
 * Starts a scenario's edge-server and UE agents in a container, the same way whether the container is
 * the trial's main one or a peripheral one that joined it ({@code lambo container}).
 */
public final class Population {
    private Population() {}

    /** One agent per server of the scenario, {@code server-1..M}; returns M. */
    public static int startServers(JadePlatform container, SlotSource world) throws StaleProxyException {
        int m = world.scenario().servers().size();
        for (int j = 1; j <= m; j++) container.startAgent(ServiceTypes.serverName(j), EdgeServerAgent.class, world, j);
        return m;
    }

    /** UE agents {@code ue-0..count-1}; returns count. */
    public static int startUes(JadePlatform container, SlotSource world, int count, UeTimeouts timeouts) throws StaleProxyException {
        for (int i = 0; i < count; i++) container.startAgent(ServiceTypes.ueName(i), UeAgent.class, world, i, timeouts);
        return count;
    }
}
