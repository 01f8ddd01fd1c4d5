package org.lambo.agents.platform;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the main container's table of where every agent lives safe to read while agents are born.
 *
 * <p>JADE 4.3's {@code GADT} (the main container's {@code platformAgents}) reads its map under a lock but adds a row
 * outside it, into a plain {@code java.util.HashMap}. When a birth makes that map grow, the map's new, still
 * half-filled table is visible to a reader at once: a message sent to a living agent at that moment finds no row for
 * it, and the AMS answers the sender "Agent not found: getContainerID() failed to find agent df@lambo". Every message
 * between agents of the platform goes through that table (even within one container), so any message could be lost so;
 * it was seen as a UE's DF registration failing while the other UEs were being started, and the UE died of it.
 *
 * <p>The fix swaps the map inside JADE's {@code jade.util.leap.HashMap} for a {@link ConcurrentHashMap} (every key an
 * AID, every value a row: no nulls), once, right after the main container has started and before any agent of ours is
 * born. It reaches private fields of JADE by reflection: if a JADE version lays them out otherwise, the platform runs
 * as before and says so in one warning.
 */
final class AgentTable {
    private static final Logger LOG = LoggerFactory.getLogger("org.lambo.platform");

    private AgentTable() {}

    /**
     * Guards the agent table of the platform whose main container this is; true when it is guarded (now or before).
     * Never throws.
     */
    static boolean guard(jade.wrapper.AgentContainer main) {
        try {
            guardTable(gadt(main));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("JADE's agent table could not be guarded (" + e
                    + "): a message sent while an agent is born may fail with 'Agent not found'");
            return false;
        }
    }

    /**
     * Guards the table of the agents living in this container, main or joined ({@code jade.core.LADT}, the container's
     * {@code localAgents}); true when it is guarded (now or before). Never throws.
     *
     * <p>It has the same fault as the {@code GADT}: it looks a row up under its lock but adds a new row outside it,
     * into a plain {@code java.util.HashMap}. A container creates its UE agents 16 at a time
     * ({@code Population.startUes}): two rows put at once while the map grows lose one of them, and that UE, already
     * registered with the platform under its name, is no longer in its container: JADE's {@code start()} answers
     * "Controlled agent not found", the container cannot kill it ({@code getAgent} finds nothing) and a stand-in of its
     * name clashes with the platform's row. A row lost so for an agent that runs would make every message to it fail.
     */
    static boolean guardLocal(jade.wrapper.AgentContainer container) {
        try {
            guardTable(ladt(container));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("JADE's table of this container's agents could not be guarded (" + e
                    + "): agents created at once may be lost ('Controlled agent not found')");
            return false;
        }
    }

    /** Whether the table of this container's own agents is guarded. */
    static boolean guardedLocal(jade.wrapper.AgentContainer container) {
        try {
            Object leapMap = leapMap(ladt(container));
            return field(leapMap.getClass(), "realHiddenMap").get(leapMap) instanceof ConcurrentHashMap;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** A container's {@code LADT}. */
    private static Object ladt(jade.wrapper.AgentContainer container) throws ReflectiveOperationException {
        Object impl = containerImpl(container);
        return field(impl.getClass(), "localAgents").get(impl);
    }

    /** The JADE container behind a controller ({@code jade.core.AgentContainerImpl}). */
    static Object containerImpl(jade.wrapper.AgentContainer container) throws ReflectiveOperationException {
        return field(jade.wrapper.ContainerController.class, "myImpl").get(container);
    }

    /** Whether the agent table of this main container is guarded. */
    static boolean guarded(jade.wrapper.AgentContainer main) {
        try {
            Object leapMap = leapMap(gadt(main));
            return field(leapMap.getClass(), "realHiddenMap").get(leapMap) instanceof ConcurrentHashMap;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Swaps the map inside a {@code jade.core.GADT} or {@code jade.core.LADT} (both keep it in a field {@code agents})
     * for a concurrent one holding the same rows.
     */
    static void guardTable(Object gadt) throws ReflectiveOperationException {
        Object leapMap = leapMap(gadt);
        Field inner = field(leapMap.getClass(), "realHiddenMap");
        synchronized (leapMap) { // the lock the table reads under
            Map<?, ?> current = (Map<?, ?>) inner.get(leapMap);
            if (!(current instanceof ConcurrentHashMap)) inner.set(leapMap, new ConcurrentHashMap<>(current));
        }
    }

    /** The main container's {@code GADT}. */
    private static Object gadt(jade.wrapper.AgentContainer main) throws ReflectiveOperationException {
        Object impl = field(jade.wrapper.ContainerController.class, "myImpl").get(main);
        Object mainImpl = ((jade.core.AgentContainer) impl).getMain();
        if (mainImpl == null) throw new IllegalStateException("not a main container");
        return field(mainImpl.getClass(), "platformAgents").get(mainImpl);
    }

    /** The {@code jade.util.leap.HashMap} inside a {@code GADT} or an {@code LADT}. */
    private static Object leapMap(Object gadt) throws ReflectiveOperationException {
        Object leapMap = field(gadt.getClass(), "agents").get(gadt);
        if (!(leapMap instanceof jade.util.leap.HashMap))
            throw new IllegalStateException(
                    "the table's map is a " + leapMap.getClass().getName());
        return leapMap;
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // declared higher up
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }
}
