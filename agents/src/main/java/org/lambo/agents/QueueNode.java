package org.lambo.agents;

import jade.lang.acl.ACLMessage;

/**
 * One queued message of a {@link GuardedQueue}: its place (tier) and its links in each index it is in
 * ({@link TemplateIndex}'s dimensions). Guarded by the queue's lock.
 */
final class QueueNode {
    final ACLMessage msg;
    /** Lane + tier: the order in which the queue reads it (lower first). */
    final int tier;
    /** Its sender's key (lower-case local name). */
    final String sender;

    final QueueNode[] prev = new QueueNode[TemplateIndex.DIMS];
    final QueueNode[] next = new QueueNode[TemplateIndex.DIMS];
    /** The bucket it is in, per dimension; null: none. */
    final QueueBucket[] in = new QueueBucket[TemplateIndex.DIMS];

    QueueNode(ACLMessage msg, int tier, String sender) {
        this.msg = msg;
        this.tier = tier;
        this.sender = sender;
    }
}
