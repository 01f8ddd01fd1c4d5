package org.lambo.agents;

import java.util.Map;
import java.util.TreeMap;
import org.lambo.mec.Instance;
import org.lambo.scenario.DriftEvent;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.World;

/**
 * The simulated physical world as the agents of one JVM see it: the scenario's {@link World} unrolled
 * from its seed, slot by slot (positions after mobility, tasks, channel gains, servers after drift).
 * UE agents read their position and task from it, edge-server agents their capacity and the upload
 * times they observe. It stands for the sensors and the radio, not for knowledge: the orchestrator
 * never reads it, it knows only what the agents tell it.
 *
 * <p>Deterministic in the seed, so containers in other JVMs that build their own from the same
 * scenario and seed see the same world. Thread-safe: agents of one container share it. Keeps the last
 * {@value #KEEP} slots.
 */
public final class SlotSource {
    static final int KEEP = 8;
    private final World world;
    private final TreeMap<Integer, Instance> recent = new TreeMap<>();

    public SlotSource(Scenario scenario, long seed) {
        this.world = new World(scenario, seed);
    }

    public Scenario scenario() {
        return world.scenario();
    }

    public long seed() {
        return world.seed();
    }

    /**
     * The instance of slot {@code t}, unrolling the world up to it when needed.
     *
     * @throws IllegalArgumentException for a slot older than those kept
     */
    public synchronized Instance slot(int t) {
        if (t < 0) throw new IllegalArgumentException("slot must be >= 0, got " + t);
        while (world.slot() < t) {
            Instance next = world.next();
            recent.put(world.slot(), next);
            while (recent.size() > KEEP) recent.pollFirstEntry();
        }
        Instance inst = recent.get(t);
        if (inst == null) throw new IllegalArgumentException("slot " + t + " is older than the " + KEEP + " slots kept (now at " + world.slot() + ")");
        return inst;
    }

    /**
     * How many UEs are active in slot {@code t}: the scenario's N, changed by its {@code ue-count}
     * drift events up to that slot. Needs no unrolling, so it can be asked of any slot at any time.
     */
    public static int activeUes(Scenario scenario, int t) {
        int n = scenario.ues();
        int at = -1;
        for (DriftEvent e : scenario.drift()) {
            if (e instanceof DriftEvent.UeCount c && c.slot() <= t && c.slot() >= at) {
                n = c.count();
                at = c.slot();
            }
        }
        return n;
    }

    /** The most UEs active in any of the slots 0..slots-1. */
    public static int maxActiveUes(Scenario scenario, int slots) {
        int max = 0;
        for (int t = 0; t < slots; t++) max = Math.max(max, activeUes(scenario, t));
        return max;
    }

    /** The most UEs the scenario ever has active: its N and every {@code ue-count} event's. */
    public static int maxUesEver(Scenario scenario) {
        int max = scenario.ues();
        for (DriftEvent e : scenario.drift()) if (e instanceof DriftEvent.UeCount c) max = Math.max(max, c.count());
        return max;
    }

    /** The slots kept, oldest first (for tests). */
    synchronized Map<Integer, Instance> kept() {
        return Map.copyOf(recent);
    }
}
