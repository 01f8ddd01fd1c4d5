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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    /** At most this many UE agents of a peripheral container are being created at once. */
    static final int CREATING_AT_ONCE = 16;

    /**
     * UE agents {@code ue-from..ue-to} (one container's share of a trial's UEs); returns how many started. A peripheral
     * container's agent is born through the main container (JADE tells the main's agent table, a round trip each, two
     * per agent with its start): one after another, 50 UEs behind a 300 ms link took 30 s before their first slot, so
     * they are created {@value #CREATING_AT_ONCE} at a time. A UE that cannot be created or started (JADE's
     * {@code StaleProxyException}, seen at 10,000 UEs: "Controlled agent not found") is that UE's setup failure, not
     * the container's: what is left of its agent is killed and a {@link UeStartFailure} of its name tells the clock why
     * ("ue-i could not start in container C: ..."), so its tasks fail with that reason and the others run; the
     * container goes on. Throws only when interrupted.
     */
    public static int startUes(JadePlatform container, SlotSource world, int from, int to, UeTimeouts timeouts)
            throws StaleProxyException {
        return startUes(container, container::startAgent, world, from, to, timeouts);
    }

    /** How a UE's agent is created and started: {@link JadePlatform#startAgent} (a test puts a failure in it). */
    @FunctionalInterface
    interface Starter {
        void start(String name, Class<?> type, Object... args) throws StaleProxyException;
    }

    static int startUes(
            JadePlatform container, Starter starter, SlotSource world, int from, int to, UeTimeouts timeouts)
            throws StaleProxyException {
        int count = Math.max(0, to - from + 1);
        if (count == 0) return 0;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(Math.min(CREATING_AT_ONCE, count), r -> {
            Thread t = new Thread(r, "lambo-ue-start");
            t.setDaemon(true);
            return t;
        });
        try {
            var started = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>(count);
            for (int i = from; i <= to; i++) {
                int ue = i;
                started.add(pool.submit(() -> {
                    String name = ServiceTypes.ueName(ue);
                    try {
                        starter.start(name, UeAgent.class, world, ue, timeouts);
                        return true;
                    } catch (StaleProxyException | RuntimeException e) {
                        standIn(container, name, e);
                        return false;
                    }
                }));
            }
            int running = 0;
            for (var f : started) {
                try {
                    if (f.get()) running++;
                } catch (java.util.concurrent.ExecutionException e) {
                    // standIn throws nothing; said in case
                    LOG.warn("a UE could not be started: " + e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StaleProxyException("interrupted while starting UE agents");
                }
            }
            return running;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Tries to start a UE's stand-in, {@value #STAND_IN_WAIT_MS} ms apart. */
    static final int STAND_IN_ATTEMPTS = 10;

    static final long STAND_IN_WAIT_MS = 300;

    private static final Logger LOG = LoggerFactory.getLogger(Population.class);

    /**
     * UE {@code name} could not be started ({@code why}): kills what is left of its agent in this container and starts
     * a {@link UeStartFailure} of its name that tells the clock. If that cannot start either (the name still taken
     * elsewhere), says so: the clock then finds no such UE and its tasks fail at the start-up deadline or, if an agent
     * of that name lives, with no report.
     */
    private static void standIn(JadePlatform container, String name, Exception why) {
        String reason = name + " could not start in container " + containerName(container) + ": "
                + (why.getMessage() == null || why.getMessage().isBlank()
                        ? why.getClass().getSimpleName()
                        : why.getMessage().strip());
        LOG.warn(reason + "; a stand-in tells the clock");
        container.killAgent(name);
        // a killed agent leaves the platform's table on its own thread: its name may be taken for a moment yet
        for (int attempt = 1; ; attempt++) {
            try {
                container.startAgent(name, UeStartFailure.class, reason);
                return;
            } catch (StaleProxyException | RuntimeException e) {
                if (attempt >= STAND_IN_ATTEMPTS) {
                    LOG.warn("the stand-in for " + name + " could not start either (" + e.getMessage()
                            + "): the clock is not told that " + name + " cannot start");
                    return;
                }
            }
            try {
                Thread.sleep(STAND_IN_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String containerName(JadePlatform container) {
        try {
            return container.container().getContainerName();
        } catch (jade.wrapper.ControllerException | RuntimeException e) {
            return "(its name unknown: " + e.getMessage() + ")";
        }
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
