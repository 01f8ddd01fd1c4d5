package org.lambo.agents.trial;

import jade.wrapper.StaleProxyException;
import org.lambo.agents.ContainerPost;
import org.lambo.agents.Relay;
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
     * the container's: one found running after all counts as started; else what is left of its agent is killed (or,
     * lost from the container's table, its platform record ended) and a {@link UeStartFailure} of its name tells the
     * clock why ("ue-i could not start in container C: ..."), so its tasks fail with that reason and the others run;
     * the container goes on. Throws only when interrupted.
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
        if (count >= Relay.LEAST_PER_BATCH) startPost(container);
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
                        return standIn(container, name, e);
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

    /**
     * The system property that, set to true in a container's JVM, starts its post ({@link #startPost}). Off by default:
     * on the 2-core machine of session 12, under load averages of 25 to 100, the posts did not shorten a 1000-UE slot
     * across two JVMs (their UEs heard their slot-start later; docs/BENCHMARKS.md, "Session 12"); every message to a UE
     * then goes directly, as before.
     */
    public static final String POSTS_PROPERTY = "lambo.containerPosts";

    /** Whether this JVM's containers start their posts ({@value #POSTS_PROPERTY}). */
    static boolean postsOn() {
        return Boolean.parseBoolean(System.getProperty(POSTS_PROPERTY, "false"));
    }

    /**
     * Starts the container's post ({@link ContainerPost}, {@code post.CONTAINER}) when {@value #POSTS_PROPERTY} is
     * true, before its UEs: the clock's slot-starts and the orchestrator's decisions for them come as one message per
     * container through it. Without it (it could not start, or another agent has its name) they come one by one, as
     * before: said, not a failure.
     */
    static boolean startPost(JadePlatform container) {
        if (!postsOn()) return false;
        String name;
        try {
            name = Relay.postName(container.container().getContainerName());
        } catch (jade.wrapper.ControllerException | RuntimeException e) {
            LOG.warn("this container's post could not be named (" + e.getMessage()
                    + "): its UEs are sent to one by one");
            return false;
        }
        try {
            container.startAgent(name, ContainerPost.class);
            return true;
        } catch (StaleProxyException | RuntimeException e) {
            LOG.warn(name + " could not start (" + e.getMessage() + "): the UEs of container "
                    + containerName(container) + " are sent to one by one");
            return false;
        }
    }

    /** Tries to start a UE's stand-in, {@value #STAND_IN_WAIT_MS} ms apart. */
    static final int STAND_IN_ATTEMPTS = 10;

    static final long STAND_IN_WAIT_MS = 300;

    /** Looks for a UE whose start failed this many times, {@value #LOOK_WAIT_MS} ms apart, before it stands in. */
    static final int LOOKS = 3;

    static final long LOOK_WAIT_MS = 100;

    /**
     * JADE's word when a controller's agent is not in its container ({@code AgentControllerImpl}): the agent was
     * created here, so its name is this container's to give back.
     */
    static final String LOST_HERE = "Controlled agent not found";

    private static final Logger LOG = LoggerFactory.getLogger(Population.class);

    /**
     * UE {@code name} could not be started ({@code why}). If its agent runs in this container after all (the failure
     * was only the controller's), it counts as started: true. Else what is left of it is given up and a
     * {@link UeStartFailure} of its name tells the clock why: an agent of it still here is killed; one this container
     * created and then lost from its table (JADE's "Controlled agent not found" while the platform holds its name:
     * neither killable nor startable) has its platform record ended ({@link JadePlatform#endLostAgent}), which frees
     * the name and lets the AMS tell the clock it died. Both are done again before each try of the stand-in while its
     * name is taken, {@value #STAND_IN_ATTEMPTS} tries. If the stand-in cannot start even so, a messenger of this
     * container tells the clock ({@link #messenger}).
     */
    private static boolean standIn(JadePlatform container, String name, Exception why) {
        for (int look = 1; look <= LOOKS; look++) {
            int state = stateOf(container, name);
            if (running(state)) {
                LOG.warn(name + " runs in container " + containerName(container) + " although its start said: "
                        + why.getMessage() + "; it counts as started");
                return true;
            }
            if (state != NOT_HERE) break; // here, never started: given up below
            if (look < LOOKS && !pause(LOOK_WAIT_MS)) return false;
        }
        String reason = name + " could not start in container " + containerName(container) + ": "
                + (why.getMessage() == null || why.getMessage().isBlank()
                        ? why.getClass().getSimpleName()
                        : why.getMessage().strip());
        LOG.warn(reason + "; a stand-in tells the clock");
        boolean createdHere = LOST_HERE.equals(why.getMessage());
        // a killed agent leaves the platform's table on its own thread: its name may be taken for a moment yet
        container.killAgent(name);
        for (int attempt = 1; ; attempt++) {
            try {
                container.startAgent(name, UeStartFailure.class, reason);
                return false;
            } catch (StaleProxyException | RuntimeException e) {
                // its name taken: by what is left here (killed again), or by the platform's record of an agent this
                // container lost (ended)
                if (!container.killAgent(name) && createdHere) container.endLostAgent(name);
                if (attempt >= STAND_IN_ATTEMPTS) {
                    messenger(container, name, reason, e);
                    return false;
                }
            }
            if (!pause(STAND_IN_WAIT_MS)) return false;
        }
    }

    /**
     * Tells the clock that UE {@code name} cannot start when its stand-in could not start either (its name held by the
     * platform): a messenger of this container, {@code start-failure-NAME} ({@link UeStartWords}), says it instead; the
     * clock takes it when the AMS places the UE in this container or nowhere (and, when the trial started its UEs in
     * the clock's container, only from there).
     */
    private static void messenger(JadePlatform container, String name, String reason, Exception why) {
        String messenger = UeStartWords.messengerOf(name);
        try {
            container.startAgent(messenger, UeStartFailure.class, reason);
            LOG.warn("the stand-in for " + name + " could not start either (" + why.getMessage() + "): " + messenger
                    + " tells the clock");
        } catch (StaleProxyException | RuntimeException e) {
            LOG.warn("the stand-in for " + name + " could not start either (" + why.getMessage() + "), nor " + messenger
                    + " (" + e.getMessage() + "): the clock is not told that " + name + " cannot start");
        }
    }

    private static final int NOT_HERE = -1;

    /** The JADE state of the agent {@code name} in this container ({@code jade.core.Agent.AP_*}), or NOT_HERE. */
    private static int stateOf(JadePlatform container, String name) {
        try {
            return container.container().getAgent(name).getState().getCode();
        } catch (jade.wrapper.ControllerException | RuntimeException e) {
            return NOT_HERE;
        }
    }

    /** Whether an agent in this state has been started and not ended. */
    private static boolean running(int state) {
        return state == jade.core.Agent.AP_ACTIVE
                || state == jade.core.Agent.AP_IDLE
                || state == jade.core.Agent.AP_WAITING
                || state == jade.core.Agent.AP_SUSPENDED;
    }

    /** Sleeps; false when interrupted (the interrupt kept). */
    private static boolean pause(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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
