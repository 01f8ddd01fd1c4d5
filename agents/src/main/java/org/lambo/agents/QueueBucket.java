package org.lambo.agents;

import jade.lang.acl.MessageTemplate;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The queued messages that share a key in one dimension of a {@link GuardedQueue}'s index (or all of them), in the
 * queue's order: a doubly linked list per tier, so a message is added and taken out in O(1) and the bucket is read in
 * the order the whole queue is (within a tier, every add at the back or the front of the whole queue's tier is one at
 * the back or the front of the bucket's). Guarded by the queue's lock.
 */
final class QueueBucket {
    private static final QueueNode[] NONE = {};

    private final Object key;
    /** Per tier, grown to the highest tier used (most messages are in tier 0). */
    private QueueNode[] head = NONE;

    private QueueNode[] tail = NONE;
    /** Bit t set: tier t holds messages. */
    private long occupied;

    private int size;

    QueueBucket(Object key) {
        this.key = key;
    }

    Object key() {
        return key;
    }

    int size() {
        return size;
    }

    void add(QueueNode n, int dim, boolean first) {
        int t = n.tier;
        if (t >= head.length) {
            head = Arrays.copyOf(head, t + 1);
            tail = Arrays.copyOf(tail, t + 1);
        }
        if (head[t] == null) head[t] = tail[t] = n;
        else if (first) {
            n.next[dim] = head[t];
            head[t].prev[dim] = n;
            head[t] = n;
        } else {
            n.prev[dim] = tail[t];
            tail[t].next[dim] = n;
            tail[t] = n;
        }
        occupied |= 1L << t;
        n.in[dim] = this;
        size++;
    }

    void remove(QueueNode n, int dim) {
        int t = n.tier;
        QueueNode p = n.prev[dim];
        QueueNode x = n.next[dim];
        if (p == null) head[t] = x;
        else p.next[dim] = x;
        if (x == null) tail[t] = p;
        else x.prev[dim] = p;
        if (head[t] == null) occupied &= ~(1L << t);
        n.prev[dim] = null;
        n.next[dim] = null;
        n.in[dim] = null;
        size--;
    }

    /** The first message in order that {@code template} matches (null: any); null when none does. */
    QueueNode first(int dim, MessageTemplate template) {
        for (long bits = occupied; bits != 0; bits &= bits - 1) {
            for (QueueNode n = head[Long.numberOfTrailingZeros(bits)]; n != null; n = n.next[dim]) {
                if (template == null || template.match(n.msg)) return n;
            }
        }
        return null;
    }

    void forEach(int dim, Consumer<QueueNode> action) {
        for (long bits = occupied; bits != 0; bits &= bits - 1) {
            for (QueueNode n = head[Long.numberOfTrailingZeros(bits)]; n != null; n = n.next[dim]) action.accept(n);
        }
    }
}
