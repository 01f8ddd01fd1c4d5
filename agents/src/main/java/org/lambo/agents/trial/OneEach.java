package org.lambo.agents.trial;

import jade.core.AID;
import jade.lang.acl.ACLMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A message to many agents as one copy per receiver, those of other containers first. JADE sends a message with k
 * receivers as k copies that each carry all k receivers: the sender's thread clones every receiver of every copy and
 * encodes every copy for another container with the whole list, O(k²): at 1000 UEs the clock spent its slot-start on
 * cloning and encoding a million receiver names, at 10,000 it would be a hundred million (docs/BENCHMARKS.md, "Scale
 * out"). One receiver per copy makes it O(k), the same k deliveries. The ones in other containers go first, so that
 * they are on their way while the sender's own container gets its copies in the sender's thread
 * ({@link org.lambo.agents.LocalDelivery}).
 */
final class OneEach {
    private OneEach() {}

    /**
     * Copies of {@code m}, one per receiver in {@code to} (a receiver listed twice gets one), those for which
     * {@code here} is false first, each group in the order of {@code to}.
     */
    static List<ACLMessage> copies(ACLMessage m, List<AID> to, Predicate<AID> here) {
        if (m == null) throw new IllegalArgumentException("message is required");
        ACLMessage bare = (ACLMessage) m.clone();
        bare.clearAllReceiver();
        List<ACLMessage> far = new ArrayList<>(to.size());
        List<ACLMessage> near = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (AID r : to) {
            if (r == null || r.getName() == null || !seen.add(r.getName())) continue;
            ACLMessage one = (ACLMessage) bare.clone();
            one.addReceiver(r);
            (here.test(r) ? near : far).add(one);
        }
        far.addAll(near);
        return far;
    }
}
