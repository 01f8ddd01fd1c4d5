package org.lambo.agents;

import jade.core.MessageQueue;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import java.util.HashMap;
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
 * agent's. O(1) per message posted and per index it joins; a receive looks only at its template's candidates.
 */
public final class GuardedQueue implements MessageQueue {
    /** Tiers per lane: a sender's messages beyond its {@value}-th queued one share the last tier. */
    static final int TIERS = 32;

    private static final int STRANGERS_LANE = TIERS;

    /** Every queued message, by tier ({@link TemplateIndex#ALL}). */
    private final QueueBucket all = new QueueBucket(null);
    /** By dimension ({@link TemplateIndex#PERFORMATIVE} ... {@link TemplateIndex#IN_REPLY_TO}): key to its messages. */
    @SuppressWarnings("unchecked")
    private final Map<Object, QueueBucket>[] indexes = new Map[TemplateIndex.KEYED_DIMS];
    /** The {@code handled} templates of the agent's {@link #unclaimed} templates, with the messages none matches. */
    private final MessageTemplate[] claimedBy = new MessageTemplate[TemplateIndex.UNCLAIMED_SETS];

    private final QueueBucket[] unclaimed = new QueueBucket[TemplateIndex.UNCLAIMED_SETS];
    /** What each template requires of a message ({@link TemplateIndex#required}; weak: templates come and go). */
    private final Map<MessageTemplate, Object[]> probes = new java.util.WeakHashMap<>();

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
        for (int d = 1; d < indexes.length; d++) indexes[d] = new HashMap<>();
    }

    /**
     * The trial's agents by (lower-case local) name: {@code trial-clock}, {@code orchestrator}, {@code expert-*}, the
     * platform's {@code ams} and {@code df}, the containers' posts ({@code post.*}, {@link Relay}), {@code ue-i} (i
     * &lt; {@code ues}) and {@code server-j} (1 &lt;= j &lt;= {@code servers}); a negative count: any index.
     */
    public static Predicate<String> trialNames(int ues, int servers) {
        return name -> switch (name) {
            case ServiceTypes.CLOCK_NAME, ServiceTypes.ORCHESTRATOR_NAME, "ams", "df" -> true;
            default ->
                name.startsWith("expert-")
                        || name.startsWith(Relay.POST_PREFIX)
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
        QueueNode n = new QueueNode(msg, lane + tier, key);
        all.add(n, TemplateIndex.ALL, first);
        for (int d = 1; d < TemplateIndex.KEYED_DIMS; d++) {
            Object k = TemplateIndex.keyOf(msg, d);
            if (k != null) indexes[d].computeIfAbsent(k, QueueBucket::new).add(n, d, first);
        }
        for (int u = 0; u < claimedBy.length && claimedBy[u] != null; u++) {
            if (!claims(claimedBy[u], msg)) unclaimed[u].add(n, TemplateIndex.UNCLAIMED + u, first);
        }
        if (h == null) held.put(key, new int[] {1, tier, lane});
        else {
            h[0]++;
            if (!first) h[1] = tier;
        }
        size++;
        if (lane == STRANGERS_LANE) strangersQueued++;
    }

    private static boolean claims(MessageTemplate handled, ACLMessage msg) {
        try {
            return handled.match(msg);
        } catch (RuntimeException e) {
            return false; // left to the unclaimed template, which evaluates it again
        }
    }

    /** Takes {@code n} out of the queue and every index it is in. */
    private ACLMessage take(QueueNode n) {
        for (int d = 0; d < TemplateIndex.DIMS; d++) {
            QueueBucket b = n.in[d];
            if (b == null) continue;
            b.remove(n, d);
            if (b.size() == 0 && d > 0 && d < TemplateIndex.KEYED_DIMS) indexes[d].remove(b.key());
        }
        size--;
        if (n.tier >= STRANGERS_LANE) strangersQueued--;
        int[] h = held.get(n.sender);
        if (h != null && --h[0] <= 0) held.remove(n.sender);
        return n.msg;
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

    /**
     * The first message in order ({@link GuardedQueue}) that {@code template} matches, taken out of the queue; null
     * when none does. It looks only at candidates: the messages of the smallest index bucket among the fields the
     * template requires (performative, protocol, conversation-id, in-reply-to: {@link TemplateIndex}), none at all when
     * one of them holds no queued message; for an {@link #unclaimed} template the messages its {@code handled} one does
     * not match; every message only for a template that requires none of those fields.
     */
    @Override
    public synchronized ACLMessage receive(MessageTemplate template) {
        if (size == 0) return null;
        int[] dim = {TemplateIndex.ALL};
        QueueBucket b = candidates(template, dim);
        if (b == null) return null;
        QueueNode n = b.first(dim[0], template);
        return n == null ? null : take(n);
    }

    private QueueBucket candidates(MessageTemplate template, int[] dim) {
        if (template == null) return all;
        if (template instanceof Unclaimed u) {
            int k = claimSet(u.handled);
            if (k >= 0) {
                dim[0] = TemplateIndex.UNCLAIMED + k;
                return unclaimed[k];
            }
        }
        Object[] req = probes.computeIfAbsent(template, TemplateIndex::required);
        QueueBucket best = all;
        for (int d = 1; d < req.length; d++) {
            if (req[d] == null) continue;
            QueueBucket b = indexes[d].get(req[d]);
            if (b == null) return null; // the template requires a value no queued message has
            if (b.size() < best.size()) {
                best = b;
                dim[0] = d;
            }
        }
        return best;
    }

    /** The set of messages {@code handled} does not match, registered (and filled) on first use; -1: no room left. */
    private int claimSet(MessageTemplate handled) {
        int free = -1;
        for (int u = 0; u < claimedBy.length; u++) {
            if (claimedBy[u] == handled) return u;
            if (claimedBy[u] == null && free < 0) free = u;
        }
        if (free < 0) return -1;
        int d = TemplateIndex.UNCLAIMED + free;
        QueueBucket b = new QueueBucket(null);
        all.forEach(TemplateIndex.ALL, n -> {
            if (!claims(handled, n.msg)) b.add(n, d, false);
        });
        claimedBy[free] = handled;
        unclaimed[free] = b;
        return free;
    }

    /**
     * A template that matches what {@code handled} does not and {@code rest} does: an agent's catch-all for the
     * messages no other behaviour takes ({@link AnswerUnknownMessages}). The queue keeps the messages {@code handled}
     * does not match apart as they arrive (for the first {@value TemplateIndex#UNCLAIMED_SETS} such templates of an
     * agent), so a receive with it looks only at those, however many handled messages wait. {@code handled} must depend
     * on the message alone (the queue evaluates it once, as the message is queued); {@code rest} is evaluated at each
     * receive.
     */
    public static MessageTemplate unclaimed(MessageTemplate handled, MessageTemplate.MatchExpression rest) {
        if (handled == null || rest == null) throw new IllegalArgumentException("handled and rest are required");
        return new Unclaimed(handled, rest);
    }

    private static final class Unclaimed extends MessageTemplate {
        private final transient MessageTemplate handled;

        Unclaimed(MessageTemplate handled, MessageTemplate.MatchExpression rest) {
            super(m -> !handled.match(m) && rest.match(m));
            this.handled = handled;
        }
    }

    /** Every queued message, in the order {@link #receive} takes them. */
    @Override
    @SuppressWarnings("unchecked") // JADE's raw list
    public synchronized void copyTo(jade.util.leap.List to) {
        all.forEach(TemplateIndex.ALL, n -> to.add(n.msg));
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

    /** How many buckets the indexes hold (each a key some queued message has): for tests. */
    synchronized int indexed() {
        int n = 0;
        for (int d = 1; d < indexes.length; d++) n += indexes[d].size();
        return n;
    }

    public long maxContent() {
        return maxContent;
    }
}
