package jade.core;

import java.lang.reflect.Field;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JADE's timer dispatcher without its quadratic insert. Every {@code block(ms)}, {@code WakerBehaviour} and protocol
 * reply-by of every agent of the JVM is a {@link Timer} in one dispatcher; JADE 4.3 keeps them in a {@code TreeSet}
 * ordered by expiration time alone, so a second timer due in the same millisecond is a "duplicate", and
 * {@code TimerDispatcher.add} moves it one millisecond later and tries again until it finds a free millisecond. A
 * slot's UEs all block with the same deadline (60 s), and every message an agent receives removes and adds its blocked
 * behaviours' timers again: with N UEs each add walks past the N timers already there, O(N) tree operations under the
 * dispatcher's one lock, which the profile of a 50-UE trial showed as the UEs' largest cost and which grows as N
 * squared.
 *
 * <p>Here timers due in the same millisecond are kept side by side (ordered by when they were added), an add and a
 * remove are O(log n) and a timer's expiration time is never moved. Timers fire in due order, outside the lock, on one
 * daemon thread, as JADE's do. Installed by {@code JadePlatform} before the JVM's first container starts
 * ({@link #install}). In package {@code jade.core} because JADE's {@link Timer} exposes its expiration time and firing
 * only to that package.
 *
 * <p>JADE's agents lock their dispatcher for every timer they add or remove ({@code Agent.AssociationTB}), so with one
 * dispatcher a JVM's agents all queue for one lock: in a 1000-UE container the UE threads waited on it 422 times for
 * more than 10 ms within a 13 s profile, 200 ms on average, as the slot started (docs/BENCHMARKS.md). An agent that
 * {@link #spread}s itself gets one of {@value #SHARDS} dispatchers, each with its own lock and thread; the JVM's
 * dispatcher stops them all when JADE stops it.
 */
public final class HeapTimerDispatcher extends TimerDispatcher {
    private record Entry(long at, long seq, Timer timer) {}

    /** How many dispatchers the agents that {@link #spread} themselves share out. */
    public static final int SHARDS = 8;

    private static boolean installed;
    private static final HeapTimerDispatcher[] shards = new HeapTimerDispatcher[SHARDS];
    private static final AtomicInteger nextShard = new AtomicInteger();
    /** JADE's field of an agent's dispatcher, set from the JVM's one when the agent is made. */
    private static final Field AGENT_DISPATCHER;

    static {
        Field f;
        try {
            f = Agent.class.getDeclaredField("theDispatcher");
            f.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            f = null; // another JADE: every agent keeps the JVM's dispatcher
        }
        AGENT_DISPATCHER = f;
    }

    private final TreeSet<Entry> due =
            new TreeSet<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final Map<Timer, Entry> byTimer = new IdentityHashMap<>();
    private long seq;
    private boolean running;
    private Thread worker;

    /** Makes this the JVM's timer dispatcher, once; call before the first JADE container starts. */
    public static synchronized void install() {
        if (installed) return;
        for (int k = 0; k < SHARDS; k++) shards[k] = new HeapTimerDispatcher();
        TimerDispatcher.setTimerDispatcher(new HeapTimerDispatcher());
        installed = true;
    }

    /**
     * Gives agent {@code a}, just made (before its first timer), one of the {@value #SHARDS} dispatchers in turn
     * instead of the JVM's one; nothing when this dispatcher is not installed.
     */
    public static void spread(Agent a) {
        HeapTimerDispatcher shard;
        synchronized (HeapTimerDispatcher.class) {
            if (!installed || AGENT_DISPATCHER == null) return;
            shard = shards[Math.floorMod(nextShard.getAndIncrement(), SHARDS)];
        }
        try {
            AGENT_DISPATCHER.set(a, shard);
        } catch (IllegalAccessException | RuntimeException e) {
            // keeps the JVM's dispatcher
        }
    }

    /** The dispatcher agent {@code a} adds its timers to (for tests). */
    static TimerDispatcher of(Agent a) throws IllegalAccessException {
        return (TimerDispatcher) AGENT_DISPATCHER.get(a);
    }

    /** How many timers are pending (for tests). */
    public synchronized int pending() {
        return due.size();
    }

    @Override
    public synchronized Timer add(Timer t) {
        Entry old = byTimer.remove(t);
        if (old != null) due.remove(old);
        Entry e = new Entry(t.expirationTime(), seq++, t);
        due.add(e);
        byTimer.put(t, e);
        running = true;
        if (worker == null) {
            Thread w = new Thread(this, "JADE Timer dispatcher (heap)");
            w.setDaemon(true);
            worker = w;
            w.start();
        } else if (due.first() == e) {
            notifyAll();
        }
        return t;
    }

    @Override
    public synchronized void remove(Timer t) {
        Entry e = byTimer.remove(t);
        if (e != null) due.remove(e);
    }

    @Override
    public void run() {
        synchronized (this) {
            if (worker != null && worker != Thread.currentThread() && worker.isAlive())
                return; // JADE's own thread: one worker is enough
            worker = Thread.currentThread();
            running = true;
        }
        try {
            while (true) {
                Timer fire;
                synchronized (this) {
                    fire = null;
                    while (fire == null && running) {
                        if (due.isEmpty()) {
                            wait();
                            continue;
                        }
                        Entry first = due.first();
                        long wait = first.at - System.currentTimeMillis();
                        if (wait > 0) {
                            wait(wait);
                            continue;
                        }
                        due.pollFirst();
                        byTimer.remove(first.timer);
                        fire = first.timer;
                    }
                    if (fire == null) {
                        due.clear();
                        byTimer.clear();
                        // no longer the worker before the lock is let go: an add from now on starts another (one that
                        // came between this and the finally below found a worker about to end and was never fired)
                        if (worker == Thread.currentThread()) worker = null;
                        return;
                    }
                }
                fire.fire();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                if (worker == Thread.currentThread()) worker = null;
            }
        }
    }

    /** Called by JADE's {@code stop()} (the last container ended): the worker ends; a later add starts another. */
    @Override
    protected void wakeUp() {
        synchronized (this) {
            running = false;
            notifyAll();
        }
        if (TimerDispatcher.getTimerDispatcher() == this) {
            // the JVM's dispatcher stops: so do the agents' shares of it (a later add starts each again)
            for (HeapTimerDispatcher shard : shards) if (shard != null && shard != this) shard.wakeUp();
        }
    }
}
