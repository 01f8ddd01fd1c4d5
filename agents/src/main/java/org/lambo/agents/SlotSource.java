package org.lambo.agents;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 *
 * <p>A trial's source unrolls the next slot ahead, in the background, as soon as a slot is asked for
 * ({@link #unrollingAhead}): unrolling a slot of 1000 UEs and 20 servers takes a few hundred milliseconds on a loaded
 * machine, and every agent of the container asked for it at the slot's start and waited on this source's lock for it
 * (UE threads waited 260 ms on average, docs/BENCHMARKS.md). The slots are the same, in the same order, from the same
 * seed; one asked for while it is still being unrolled is waited for as before.
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

    /** The threads that unroll the next slot ahead (daemons: they never keep a JVM up). */
    private static final ExecutorService AHEAD = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lambo-world-ahead");
        t.setDaemon(true);
        return t;
    });

    private final World world;
    /** The slots kept (guarded by this). */
    private final TreeMap<Integer, Instance> recent = new TreeMap<>();
    /** The latest slot unrolled, -1 before the first (guarded by this). */
    private int latest = -1;
    /** Held while the world unrolls ({@link World#next} is called only under it); taken before this, never after. */
    private final Object unrolling = new Object();
    /** Whether the next slot is unrolled in the background once a slot is asked for. */
    private final boolean ahead;
    /** The slot being unrolled ahead, or -1 (guarded by this). */
    private int aheadOf = -1;

    public SlotSource(Scenario scenario, long seed) {
        this(scenario, seed, false);
    }

    private SlotSource(Scenario scenario, long seed, boolean ahead) {
        this.world = new World(scenario, seed);
        this.ahead = ahead;
    }

    /**
     * A source that, each time the latest slot is asked for, unrolls the one after it in the background (a trial's
     * JVMs: the next slot is ready when the clock opens it). It keeps that slot beside the last {@value #KEEP} asked
     * for.
     */
    public static SlotSource unrollingAhead(Scenario scenario, long seed) {
        return new SlotSource(scenario, seed, true);
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
    public Lookup lookup(int t) {
        Lookup now = kept(t);
        if (now == null) {
            synchronized (unrolling) {
                now = kept(t);
                if (now == null) now = new Lookup(unroll(t), null);
            }
        }
        if (now.found()) unrollAheadOf(t);
        return now;
    }

    /**
     * The instance of slot {@code t}, unrolling the world up to it when needed.
     *
     * @throws IllegalArgumentException for a slot {@link #lookup} refuses, with its reason
     */
    public Instance slot(int t) {
        Lookup l = lookup(t);
        if (!l.found()) throw new IllegalArgumentException(l.refusal());
        return l.instance();
    }

    /** Slot {@code t} as kept, or why it cannot be had; null when it is still to be unrolled. */
    private synchronized Lookup kept(int t) {
        String why = refusal(t);
        if (why != null) return new Lookup(null, why);
        Instance have = recent.get(t);
        return have == null ? null : new Lookup(have, null);
    }

    private String refusal(int t) {
        if (t < 0) return "slot must be >= 0, got " + t;
        if (t > MAX_SLOT) return "slot " + t + " is past the last slot a world unrolls to, " + MAX_SLOT;
        int now = latest;
        if (now >= 0 && t > now + HORIZON) {
            return "slot " + t + " is more than " + HORIZON + " slots past the world's latest slot " + now;
        }
        if (t <= now && !recent.containsKey(t))
            return "slot " + t + " is older than the " + KEEP + " slots kept (now at " + now + ")";
        return null;
    }

    /** Unrolls the world up to slot {@code t} (under {@link #unrolling}) and returns it. */
    private Instance unroll(int t) {
        Instance at = null;
        while (world.slot() < t) {
            Instance next = world.next();
            int slot = world.slot();
            synchronized (this) {
                recent.put(slot, next);
                latest = slot;
                // the slot unrolled ahead is kept beside the last KEEP asked for
                while (recent.size() > KEEP + (ahead ? 1 : 0)) recent.pollFirstEntry();
            }
            at = next;
        }
        return at;
    }

    /** Unrolls slot {@code t + 1} in the background when this source unrolls ahead and {@code t} is the latest. */
    private void unrollAheadOf(int t) {
        if (!ahead || t + 1 > MAX_SLOT) return;
        synchronized (this) {
            if (t != latest || aheadOf == t + 1) return;
            aheadOf = t + 1;
        }
        AHEAD.execute(() -> {
            try {
                synchronized (unrolling) {
                    if (world.slot() < t + 1) unroll(t + 1);
                }
            } finally {
                synchronized (this) {
                    if (aheadOf == t + 1) aheadOf = -1;
                }
            }
        });
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
