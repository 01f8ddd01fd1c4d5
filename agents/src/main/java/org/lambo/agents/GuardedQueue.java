package org.lambo.agents;

import jade.core.MessageQueue;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.lambo.ontology.jade.LamboAcl;

/**
 * An agent's message queue, bounded in count, per sender and in content size, that reads the trial's agents' messages
 * before strangers' and each sender's first messages before anyone's repeats. Installed by {@link GuardedAgent}.
 *
 * <p>Bounds, each applied as a message is QUEUED (on the thread that posts it, so a flood costs the agent's own thread
 * nothing for what is dropped), each drop counted in the agent's {@link Discipline} with the reason:
 *
 * <ul>
 *   <li>at most {@code maxSize} messages in all: the arriving one is dropped ({@link Discipline.Kind#QUEUE_FULL};
 *       JADE's own queue drops the oldest instead, which a flood would use to push out the messages a slot needs);
 *   <li>at most {@code share} messages from one sender at once (by its local name, whatever the case or platform it
 *       claims; the platform's own {@code ams} and {@code df} up to half the queue): the sender's next ones are dropped
 *       until the agent has read some ({@link Discipline.Kind#SHARE_FULL});
 *   <li>at most {@code strangers} messages at once from senders that are not the trial's agents ({@link #trial}): a
 *       peer that cycles through made-up names fills only that room ({@link Discipline.Kind#QUEUE_FULL});
 *   <li>content over {@code maxContent} characters is dropped as the message arrives (its header stays, so the agent
 *       answers it naming the size: {@link LamboAcl#stripOversize}).
 * </ul>
 *
 * <p>Order: two lanes, the trial's agents' (the clock, the orchestrator, the UEs, the servers, the experts and the
 * platform's agents, by name: {@link #trialNames}) before everyone else's, and in each lane tiers by how many messages
 * the sender already had queued when the message came: a sender's n-th queued message waits behind the first n of every
 * other sender of its lane (up to {@value #TIERS} tiers; arrival order within a tier). So a flood from one name (a
 * participant's name included: an admitted container can claim it) occupies its share at the back of its lane, and the
 * other participants' messages never wait behind it. Each sender's own messages keep their order; {@code receive} with
 * a template takes the first match in this order. Thread-safe: JADE posts from the sender's thread and receives on the
 * agent's. O(1) per message posted, plus the scan a template needs.
 */
public final class GuardedQueue implements MessageQueue {
    /** Tiers per lane: a sender's messages beyond its {@value}-th queued one share the last tier. */
    static final int TIERS = 32;

    private static final int STRANGERS_LANE = TIERS;

    @SuppressWarnings("unchecked")
    private final LinkedList<ACLMessage>[] tiers = new LinkedList[2 * TIERS];
    /** Bit t set: {@code tiers[t]} holds messages. */
    private long occupied;

    private int size;
    /** Messages queued in the strangers' lane. */
    private int strangersQueued;
    /** Per sender (lower-case local name) with messages queued: {how many, its last message's tier, its lane}. */
    private final Map<String, int[]> held = new HashMap<>();

    private final long maxContent;
    private final Discipline discipline;
    private final String owner;
    private final int share;
    private final int strangers;
    private int maxSize;
    private volatile Predicate<String> trial = trialNames(-1, -1);

    /** Messages that arrived at any guarded agent of this JVM, by performative (docs/BENCHMARKS.md). */
    private static final java.util.concurrent.atomic.LongAdder[] ARRIVED =
            new java.util.concurrent.atomic.LongAdder[ACLMessage.getAllPerformativeNames().length];

    static {
        for (int k = 0; k < ARRIVED.length; k++) ARRIVED[k] = new java.util.concurrent.atomic.LongAdder();
    }

    /** How many messages arrived at the guarded agents of this JVM so far, by performative (ACLMessage's codes). */
    public static long[] arrived() {
        long[] n = new long[ARRIVED.length];
        for (int k = 0; k < n.length; k++) n[k] = ARRIVED[k].sum();
        return n;
    }

    /** A queue bounded in count and content only (no share per sender, no room for strangers). */
    public GuardedQueue(String owner, int maxSize, long maxContent, Discipline discipline) {
        this(owner, maxSize, 0, 0, maxContent, discipline);
    }

    /**
     * @param maxSize the most messages in all; 0: unbounded (JADE's convention)
     * @param share the most messages from one sender at once; 0: no bound but {@code maxSize}
     * @param strangers the most messages at once from senders that are not the trial's agents; 0: no bound but
     *     {@code maxSize}
     */
    public GuardedQueue(String owner, int maxSize, int share, int strangers, long maxContent, Discipline discipline) {
        if (maxSize < 0) throw new IllegalArgumentException("maxSize must be >= 0, got " + maxSize);
        if (share < 0) throw new IllegalArgumentException("share must be >= 0, got " + share);
        if (strangers < 0) throw new IllegalArgumentException("strangers must be >= 0, got " + strangers);
        if (maxContent < 1) throw new IllegalArgumentException("maxContent must be >= 1, got " + maxContent);
        if (discipline == null) throw new IllegalArgumentException("discipline is required");
        this.owner = owner;
        this.maxSize = maxSize;
        this.share = share;
        this.strangers = strangers;
        this.maxContent = maxContent;
        this.discipline = discipline;
    }

    /**
     * The trial's agents by (lower-case local) name: {@code trial-clock}, {@code orchestrator}, {@code expert-*}, the
     * platform's {@code ams} and {@code df}, {@code ue-i} (i &lt; {@code ues}) and {@code server-j} (1 &lt;= j &lt;=
     * {@code servers}); a negative count: any index.
     */
    public static Predicate<String> trialNames(int ues, int servers) {
        return name -> switch (name) {
            case ServiceTypes.CLOCK_NAME, ServiceTypes.ORCHESTRATOR_NAME, "ams", "df" -> true;
            default ->
                name.startsWith("expert-")
                        || indexed(name, "ue-", 0, ues < 0 ? Integer.MAX_VALUE : ues - 1)
                        || indexed(name, "server-", 1, servers < 0 ? Integer.MAX_VALUE : servers);
        };
    }

    private static boolean indexed(String name, String prefix, int min, int max) {
        if (!name.startsWith(prefix) || name.length() == prefix.length() || name.length() > prefix.length() + 9)
            return false;
        for (int k = prefix.length(); k < name.length(); k++) if (!Character.isDigit(name.charAt(k))) return false;
        if (name.length() > prefix.length() + 1 && name.charAt(prefix.length()) == '0') return false;
        int i = Integer.parseInt(name.substring(prefix.length()));
        return i >= min && i <= max;
    }

    /** Which senders (by lower-case local name) are the trial's agents from now on; {@link #trialNames} by default. */
    public void trial(Predicate<String> names) {
        if (names == null) throw new IllegalArgumentException("names is required");
        this.trial = names;
    }

    /** The key a sender is known by: its local name in lower case ("" for none). */
    private static String key(ACLMessage msg) {
        jade.core.AID s = msg.getSender();
        if (s == null || s.getName() == null) return "";
        return s.getLocalName().toLowerCase(Locale.ROOT);
    }

    private static boolean platform(String key) {
        return key.equals("ams") || key.equals("df");
    }

    /** The most messages the sender {@code key} may have queued at once; 0: no bound. */
    private int shareOf(String key) {
        if (share == 0) return 0;
        return platform(key) ? Math.max(share, maxSize / 2) : share;
    }

    @Override
    public synchronized void addFirst(ACLMessage msg) {
        // JADE's putBack: the agent had it already; it goes first in its lane, whatever its sender holds
        if (full(msg)) return;
        strip(msg);
        String key = key(msg);
        int[] h = held.get(key);
        int lane = h != null ? h[2] : laneOf(key);
        place(msg, key, h, lane, 0, true);
    }

    @Override
    public synchronized void addLast(ACLMessage msg) {
        int p = msg.getPerformative();
        if (p >= 0 && p < ARRIVED.length) ARRIVED[p].increment();
        if (full(msg)) return;
        String key = key(msg);
        int[] h = held.get(key);
        int n = h == null ? 0 : h[0];
        int cap = shareOf(key);
        if (cap > 0 && n >= cap) {
            drop(
                    Discipline.Kind.SHARE_FULL,
                    msg,
                    n + " messages from " + Peers.name(msg.getSender()) + " (one sender's share)");
            return;
        }
        int lane = h != null ? h[2] : laneOf(key);
        if (lane == STRANGERS_LANE && strangers > 0 && strangersQueued >= strangers) {
            drop(Discipline.Kind.QUEUE_FULL, msg, strangersQueued + " messages from agents that are not the trial's");
            return;
        }
        strip(msg); // only what is queued: a dropped message costs no more than its count
        int tier = h == null ? 0 : Math.min(TIERS - 1, Math.max(n, h[1]));
        place(msg, key, h, lane, tier, false);
    }

    private int laneOf(String key) {
        return trial.test(key) ? 0 : STRANGERS_LANE;
    }

    /** True (counted) when the queue is full. */
    private boolean full(ACLMessage msg) {
        if (maxSize > 0 && size >= maxSize) {
            drop(Discipline.Kind.QUEUE_FULL, msg, maxSize + " messages");
            return true;
        }
        return false;
    }

    /** Drops content over the limit, keeping its size (counted). */
    private void strip(ACLMessage msg) {
        if (LamboAcl.stripOversize(msg, maxContent)) {
            discipline.count(
                    Discipline.Kind.OVERSIZE,
                    "a " + ACLMessage.getPerformative(msg.getPerformative()) + " from " + Peers.name(msg.getSender())
                            + ": " + LamboAcl.oversize(msg).orElse(""));
        }
    }

    private void drop(Discipline.Kind kind, ACLMessage msg, String holds) {
        discipline.count(
                kind,
                owner + "'s queue holds " + holds + ": dropped a " + ACLMessage.getPerformative(msg.getPerformative())
                        + " from " + Peers.name(msg.getSender()));
    }

    private void place(ACLMessage msg, String key, int[] h, int lane, int tier, boolean first) {
        int t = lane + tier;
        LinkedList<ACLMessage> l = tiers[t];
        if (l == null) l = tiers[t] = new LinkedList<>();
        if (first) l.addFirst(msg);
        else l.addLast(msg);
        occupied |= 1L << t;
        if (h == null) held.put(key, new int[] {1, tier, lane});
        else {
            h[0]++;
            if (!first) h[1] = tier;
        }
        size++;
        if (lane == STRANGERS_LANE) strangersQueued++;
    }

    private void taken(ACLMessage msg, int t) {
        if (tiers[t].isEmpty()) occupied &= ~(1L << t);
        size--;
        if (t >= STRANGERS_LANE) strangersQueued--;
        String key = key(msg);
        int[] h = held.get(key);
        if (h != null && --h[0] <= 0) held.remove(key);
    }

    @Override
    public synchronized int getMaxSize() {
        return maxSize;
    }

    /** 0: unbounded (JADE's convention). */
    @Override
    public synchronized void setMaxSize(int size) {
        if (size < 0) throw new IllegalArgumentException("queue size must be >= 0, got " + size);
        this.maxSize = size;
    }

    @Override
    public synchronized boolean isEmpty() {
        return size == 0;
    }

    @Override
    public synchronized ACLMessage receive(MessageTemplate template) {
        for (long bits = occupied; bits != 0; bits &= bits - 1) {
            int t = Long.numberOfTrailingZeros(bits);
            for (Iterator<ACLMessage> it = tiers[t].iterator(); it.hasNext(); ) {
                ACLMessage m = it.next();
                if (template == null || template.match(m)) {
                    it.remove();
                    taken(m, t);
                    return m;
                }
            }
        }
        return null;
    }

    /** Every queued message, in the order {@link #receive} takes them. */
    @Override
    @SuppressWarnings("unchecked") // JADE's raw list
    public synchronized void copyTo(jade.util.leap.List to) {
        for (long bits = occupied; bits != 0; bits &= bits - 1) {
            for (ACLMessage m : tiers[Long.numberOfTrailingZeros(bits)]) to.add(m);
        }
    }

    @Override
    public synchronized int size() {
        return size;
    }

    /** How many messages from {@code sender} (a local name) are queued now. */
    public synchronized int held(String sender) {
        int[] h = held.get(sender.toLowerCase(Locale.ROOT));
        return h == null ? 0 : h[0];
    }

    public long maxContent() {
        return maxContent;
    }
}
