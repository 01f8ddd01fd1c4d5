package org.lambo.agents;

import jade.core.AID;
import jade.core.Agent;
import jade.core.behaviours.Behaviour;
import jade.core.behaviours.CyclicBehaviour;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.lambo.ontology.jade.LamboAcl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of the containers' posts ({@link Relay}, {@link ContainerPost}) for the clock and the orchestrator:
 * of the messages it is given (one receiver each), those a post may hand on, for the UEs of a container other than the
 * sender's that has a post, go as one batch per container (at least {@value Relay#LEAST_PER_BATCH}, at most
 * {@value Relay#MOST_PER_BATCH} a batch) to that post; every other message goes directly, as before. Where a UE and a
 * post live is what the AMS said ({@code containerOf}: the sender's {@link DeathWatch}); a UE or post not known there
 * is sent to directly.
 *
 * <p>Nothing lost for a batch: the AMS's FAILURE of it (the post is gone or unreachable) or the post's refusal brings
 * its messages back, sent directly then ({@link #resendRefused}); the last {@value #KEEP} batches are kept for that. A
 * message the post drops or cannot deliver inside its container is asked for again by its UE, as a lost one always was.
 */
public final class RelayOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(RelayOutbox.class);
    /** How many batches are kept for sending directly if they come back. */
    static final int KEEP = 256;

    /** The most messages a batch is sent with (at most {@link Relay#MOST_PER_BATCH}). */
    static final int SEND_PER_BATCH = 64;

    private final Agent owner;
    private final Function<String, String> containerOf;
    private final Map<String, Kept> kept = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
            return size() > KEEP;
        }
    };
    private final java.util.Set<String> announced = new java.util.HashSet<>();
    private long sequence;
    private long batches;
    private long relayed;

    private record Kept(String post, String replyWith, List<ACLMessage> items) {}

    /**
     * @param owner the clock or the orchestrator
     * @param containerOf where the AMS said an agent (local name) lives; "" when not known
     */
    public RelayOutbox(Agent owner, Function<String, String> containerOf) {
        this.owner = owner;
        this.containerOf = containerOf;
    }

    /** Batches sent so far, and the messages in them. */
    public long batches() {
        return batches;
    }

    public long relayed() {
        return relayed;
    }

    /**
     * The container a message goes to through that container's post; null when it goes directly: not for a post to hand
     * on, for a UE whose container is not known or is the sender's, or one without a post known to live there.
     */
    String viaPost(ACLMessage m, String mine) {
        if (Relay.refusal(owner.getAID(), m).isPresent()) return null;
        AID to = (AID) m.getAllReceiver().next();
        String c = containerOf.apply(to.getLocalName());
        if (c == null || c.isEmpty() || c.equals(mine)) return null;
        return c.equals(containerOf.apply(Relay.postName(c))) ? c : null;
    }

    /** Whether {@code m} (one receiver) would go through a post now. */
    public boolean goesThroughPost(ACLMessage m) {
        return viaPost(m, owner.here().getName()) != null;
    }

    /** Sends {@code messages} (one receiver each): through the posts what may go so, the others directly. */
    public void send(List<ACLMessage> messages) {
        if (messages.isEmpty()) return;
        String mine = owner.here().getName();
        Map<String, List<ACLMessage>> byContainer = new LinkedHashMap<>();
        List<ACLMessage> direct = new ArrayList<>();
        for (ACLMessage m : messages) {
            String c = viaPost(m, mine);
            if (c == null) direct.add(m);
            else byContainer.computeIfAbsent(c, k -> new ArrayList<>()).add(m);
        }
        for (Map.Entry<String, List<ACLMessage>> e : byContainer.entrySet()) {
            List<ACLMessage> items = e.getValue();
            if (items.size() < Relay.LEAST_PER_BATCH) {
                direct.addAll(items);
                continue;
            }
            // in batches of at most SEND_PER_BATCH, spread over the post's lanes: they cross side by side, and its UEs
            // get the first batch's while the next ones are still on their way
            int batches = (items.size() + SEND_PER_BATCH - 1) / SEND_PER_BATCH;
            int per = (items.size() + batches - 1) / batches;
            for (int from = 0; from < items.size(); from += per)
                sendBatch(e.getKey(), items.subList(from, Math.min(items.size(), from + per)));
        }
        for (ACLMessage m : direct) LocalDelivery.send(owner, m);
    }

    private void sendBatch(String container, List<ACLMessage> items) {
        List<ACLMessage> copy = List.copyOf(items);
        String post = Relay.postName(container);
        String conversation = "relay-" + owner.getLocalName() + "-" + (++sequence);
        // JADE sends one receiver name's messages one round trip after another: the post's lanes in turn
        ACLMessage b = Relay.batch(Lanes.of(post, (int) sequence), copy);
        if (LamboAcl.contentSize(b) > LamboAcl.MAX_CONTENT && copy.size() > 1) {
            // larger than any message of the vocabulary may be: in halves
            int half = copy.size() / 2;
            sendBatch(container, copy.subList(0, half));
            sendBatch(container, copy.subList(half, copy.size()));
            return;
        }
        b.setConversationId(conversation);
        b.setReplyWith(conversation);
        kept.put(conversation, new Kept(post, conversation, copy));
        if (announced.add(container))
            LOG.info(owner.getLocalName() + ": sends to the UEs of container " + container + " through its post " + post
                    + " (" + copy.size() + " messages in its first batch)");
        batches++;
        relayed += copy.size();
        LocalDelivery.send(owner, b);
    }

    /**
     * The answers a batch may get: the AMS's FAILURE, the post's NOT_UNDERSTOOD (any FAILURE, REFUSE or NOT_UNDERSTOOD
     * in a batch's conversation).
     */
    public static MessageTemplate answers() {
        return MessageTemplate.and(
                MessageTemplate.MatchProtocol(Relay.PROTOCOL),
                MessageTemplate.or(
                        MessageTemplate.MatchPerformative(ACLMessage.FAILURE),
                        MessageTemplate.or(
                                MessageTemplate.MatchPerformative(ACLMessage.NOT_UNDERSTOOD),
                                MessageTemplate.MatchPerformative(ACLMessage.REFUSE))));
    }

    /**
     * The behaviour that takes a batch's answers ({@link #answers}): from the AMS (it could not deliver the batch) or
     * from the batch's post (it refused it), the batch's messages go directly now; anything else is counted and changes
     * nothing.
     */
    public Behaviour resendRefused() {
        return new CyclicBehaviour(owner) {
            private final MessageTemplate template = answers();

            @Override
            public void action() {
                ACLMessage a = owner.receive(template);
                if (a == null) {
                    block();
                    return;
                }
                try {
                    take(a);
                } catch (RuntimeException e) {
                    LOG.warn(owner.getLocalName() + " could not send a batch's messages directly: "
                            + ReceiveContent.describe(e));
                }
            }
        };
    }

    /** A batch's answer: its messages directly when it came back from the AMS or its post; returns whether. */
    boolean take(ACLMessage a) {
        Kept k = a.getConversationId() == null ? null : kept.get(a.getConversationId());
        boolean fromAms = a.getSender() != null && a.getSender().equals(owner.getAMS());
        if (k == null
                || !k.replyWith().equals(a.getInReplyTo())
                || !(fromAms || Peers.is(a.getSender(), new AID(k.post(), AID.ISLOCALNAME)))) {
            ReceiveContent.count(
                    owner,
                    Discipline.Kind.STRAY_ANSWER,
                    "a " + ACLMessage.getPerformative(a.getPerformative()) + " from " + Peers.name(a.getSender())
                            + " about no batch this agent sent (" + a.getConversationId() + ")");
            return false;
        }
        kept.remove(a.getConversationId());
        String r = LamboAcl.reason(a);
        String why = r == null || r.isBlank() ? ACLMessage.getPerformative(a.getPerformative()) : r;
        LOG.info(owner.getLocalName() + ": the batch of " + k.items().size() + " messages to " + k.post()
                + " came back (" + why + "); they go directly");
        for (ACLMessage m : k.items()) LocalDelivery.send(owner, m);
        return true;
    }
}
