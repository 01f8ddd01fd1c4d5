package org.lambo.agents.trial;

import jade.wrapper.StaleProxyException;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.bridge.DeviceHub;
import org.lambo.agents.bridge.DeviceServerAgent;
import org.lambo.agents.bridge.DeviceUeAgent;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.server.EdgeServerAgent;
import org.lambo.agents.ue.UeAgent;
import org.lambo.agents.ue.UeTimeouts;

/**
 * Starts a scenario's edge-server and UE agents in a container, the same way whether the container is the trial's main
 * one or a peripheral one that joined it ({@code lambo container}).
 */
public final class Population {
    private Population() {}

    /** One agent per server of the scenario, {@code server-1..M}; returns M. */
    public static int startServers(JadePlatform container, SlotSource world) throws StaleProxyException {
        return startServers(container, world, null, 0);
    }

    /**
     * As {@link #startServers(JadePlatform, SlotSource)}, with the servers the hub's device map lists backed by their
     * devices ({@link DeviceServerAgent}, waiting {@code waitMs} for a device); {@code hub} null: none.
     */
    public static int startServers(JadePlatform container, SlotSource world, DeviceHub hub, long waitMs)
            throws StaleProxyException {
        int m = world.scenario().servers().size();
        for (int j = 1; j <= m; j++) {
            var device = hub == null
                    ? java.util.Optional.<String>empty()
                    : hub.devices().server(j);
            if (device.isPresent())
                container.startAgent(
                        ServiceTypes.serverName(j), DeviceServerAgent.class, world, j, hub, device.get(), waitMs);
            else container.startAgent(ServiceTypes.serverName(j), EdgeServerAgent.class, world, j);
        }
        return m;
    }

    /** UE agents {@code ue-0..count-1}; returns count. */
    public static int startUes(JadePlatform container, SlotSource world, int count, UeTimeouts timeouts)
            throws StaleProxyException {
        return startUes(container, world, count, timeouts, null);
    }

    /** UE agents {@code ue-from..ue-to} (one container's share of a trial's UEs); returns how many. */
    public static int startUes(JadePlatform container, SlotSource world, int from, int to, UeTimeouts timeouts)
            throws StaleProxyException {
        for (int i = from; i <= to; i++)
            container.startAgent(ServiceTypes.ueName(i), UeAgent.class, world, i, timeouts);
        return Math.max(0, to - from + 1);
    }

    /** {@code A..B} within 0..most-1, or an {@link org.lambo.io.InputException} naming {@code field}. */
    public static int[] range(String field, String text, int most) {
        String[] p = text.split("\\.\\.", -1);
        try {
            int a = Integer.parseInt(p[0].strip());
            int b = p.length == 2 ? Integer.parseInt(p[1].strip()) : Integer.MIN_VALUE;
            if (p.length == 2 && a >= 0 && a <= b && b < most) return new int[] {a, b};
        } catch (NumberFormatException e) {
            // said below
        }
        throw new org.lambo.io.InputException(
                field, "", "must be A..B with 0 <= A <= B <= " + (most - 1) + ", got '" + text + "'");
    }

    /**
     * As {@link #startUes(JadePlatform, SlotSource, int, UeTimeouts)}, with the UEs the hub's device map lists backed
     * by their devices.
     */
    public static int startUes(JadePlatform container, SlotSource world, int count, UeTimeouts timeouts, DeviceHub hub)
            throws StaleProxyException {
        for (int i = 0; i < count; i++) {
            var device = hub == null
                    ? java.util.Optional.<String>empty()
                    : hub.devices().ue(i);
            if (device.isPresent())
                container.startAgent(
                        ServiceTypes.ueName(i), DeviceUeAgent.class, world, i, timeouts, hub, device.get());
            else container.startAgent(ServiceTypes.ueName(i), UeAgent.class, world, i, timeouts);
        }
        return count;
    }
}
