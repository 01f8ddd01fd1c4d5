package org.lambo.agents;

import java.util.Map;
import java.util.TreeMap;
import org.lambo.mec.Instance;
import org.lambo.scenario.DriftEvent;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.World;

/**
 * The simulated physical world as the agents of one JVM see it: the scenario's {@link World} unrolled from its seed,
 * slot by slot (positions after mobility, tasks, channel gains, servers after drift). UE agents read their position and
 * task from it, edge-server agents their capacity and the upload times they observe. It stands for the sensors and the
 * radio, not for knowledge: the orchestrator never reads it, it knows only what the agents tell it.
 *
 * <p>Deterministic in the seed, so containers in other JVMs that build their own from the same scenario and seed see
 * the same world. Thread-safe: agents of one container share it. Keeps the last {@value #KEEP} slots.
 */
public final class SlotSource {
    static final int KEEP = 8;
    /**
     * The most slots one call unrolls past the latest slot unrolled so far. The agents ask only for the slot the clock
     * opened, one past the last; the bound keeps any other caller from making the world unroll for ever (slot
     * 2,000,000,000 would take days).
     */
    public static final int HORIZON = 256;
    /**
     * The last slot a world unrolls to at all, and how far the first slot asked of a fresh world may lie (a resumed
     * trial's first slot is its last complete slot + 1).
     */
    public static final int MAX_SLOT = 10_000_000;

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

    /** A slot of the world, or why it cannot be had. */
    public record Lookup(Instance instance, String refusal) {
        public boolean found() {
            return instance != null;
        }
    }

    /**
     * The instance of slot {@code t}, unrolling the world up to it when needed, or why not: a negative slot, one older
     * than the {@value #KEEP} kept, one more than {@value #HORIZON} past the latest unrolled (or past
     * {@value #MAX_SLOT}). Never throws for a slot number.
     */
    public synchronized Lookup lookup(int t) {
        String why = refusal(t);
        if (why != null) return new Lookup(null, why);
        return new Lookup(unroll(t), null);
    }

    /**
     * The instance of slot {@code t}, unrolling the world up to it when needed.
     *
     * @throws IllegalArgumentException for a slot {@link #lookup} refuses, with its reason
     */
    public synchronized Instance slot(int t) {
        Lookup l = lookup(t);
        if (!l.found()) throw new IllegalArgumentException(l.refusal());
        return l.instance();
    }

    private String refusal(int t) {
        if (t < 0) return "slot must be >= 0, got " + t;
        if (t > MAX_SLOT) return "slot " + t + " is past the last slot a world unrolls to, " + MAX_SLOT;
        int now = world.slot();
        if (now >= 0 && t > now + HORIZON) {
            return "slot " + t + " is more than " + HORIZON + " slots past the world's latest slot " + now;
        }
        if (t <= now && !recent.containsKey(t))
            return "slot " + t + " is older than the " + KEEP + " slots kept (now at " + now + ")";
        return null;
    }

    private Instance unroll(int t) {
        while (world.slot() < t) {
            Instance next = world.next();
            recent.put(world.slot(), next);
            while (recent.size() > KEEP) recent.pollFirstEntry();
        }
        return recent.get(t);
    }

    /**
     * How many UEs are active in slot {@code t}: the scenario's N, changed by its {@code ue-count} drift events up to
     * that slot. Needs no unrolling, so it can be asked of any slot at any time.
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
