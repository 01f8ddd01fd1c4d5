package org.lambo.agents;

import jade.core.AID;
import jade.core.behaviours.CyclicBehaviour;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's post: takes a batch of the clock's slot-starts or the orchestrator's decisions for the UEs of its
 * container (one FIPA ACL message across the JVMs instead of one per UE) and hands each on to its UE inside the
 * container (JADE's local delivery by the container's Deliverer threads; the post only checks and queues them), as
 * itself, naming whom it carries it for ({@link Relay#FROM}). Named {@code post.CONTAINER} ({@link Relay#postName});
 * started with a container's UEs when they live apart from the orchestrator and the container's JVM has
 * {@code -Dlambo.containerPosts=true} (off by default: {@code Population.POSTS_PROPERTY}).
 *
 * <p>Discipline ({@link Relay}): a batch only from the trial's clock or orchestrator (anyone else's is refused,
 * NOT_UNDERSTOOD with the reason, counted {@link Discipline.Kind#WRONG_SENDER}); one that does not read is refused
 * whole ({@link Discipline.Kind#MALFORMED}: the sender then sends its messages directly); within a batch, a message the
 * sender may not say (another protocol or performative, for an agent other than a UE of this container) is dropped and
 * counted ({@link Discipline.Kind#REFUSED}): its UE hears nothing and asks again as before. Nothing a post hands on is
 * its own: a UE takes it as the clock's or the orchestrator's only when it came from the post of its own container.
 */
public final class ContainerPost extends GuardedAgent {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerPost.class);

    static final MessageTemplate BATCHES = MessageTemplate.and(
            MessageTemplate.MatchProtocol(Relay.PROTOCOL), MessageTemplate.MatchPerformative(ACLMessage.INFORM));

    @Override
    protected long contentLimit() {
        return Relay.MAX_CONTENT;
    }

    @Override
    protected void setup() {
        String container = here().getName();
        if (!Relay.isPostOf(getLocalName(), container)) {
            LOG.warn(getLocalName() + " is not the post of container " + container + " (its post is named "
                    + Relay.postName(container) + "): it ends");
            doDelete();
            return;
        }
        LocalDelivery.join(this);
        // batches come under its lanes too (JADE aliases): several cross at once (RelayOutbox); without lanes, a
        // batch to one comes back to its sender from the AMS, which then sends its messages directly
        Lanes.take(this);
        addBehaviour(new HandOn());
        addBehaviour(new AnswerUnknownMessages(this, BATCHES));
    }

    @Override
    protected void takeDown() {
        LocalDelivery.leave(this);
    }

    /** Batches handed on so far, and messages in them handed on (for tests and logs). */
    private volatile long batches;

    private volatile long handedOn;

    public long batches() {
        return batches;
    }

    public long handedOn() {
        return handedOn;
    }

    private final class HandOn extends CyclicBehaviour {
        HandOn() {
            super(ContainerPost.this);
        }

        @Override
        public void action() {
            ACLMessage batch = receive(BATCHES);
            if (batch == null) {
                block();
                return;
            }
            try {
                handOn(batch);
            } catch (RuntimeException e) {
                LOG.warn(getLocalName() + " could not hand on a batch from " + Peers.name(batch.getSender()) + ": "
                        + ReceiveContent.describe(e));
            }
        }

        private void handOn(ACLMessage batch) {
            AID from = batch.getSender();
            if (!Peers.is(from, Peers.clock())
                    && !Peers.is(from, new AID(ServiceTypes.ORCHESTRATOR_NAME, AID.ISLOCALNAME))) {
                ReceiveContent.answer(
                        ContainerPost.this,
                        batch,
                        ACLMessage.NOT_UNDERSTOOD,
                        Discipline.Kind.WRONG_SENDER,
                        "batches are taken only from the trial's clock (" + ServiceTypes.CLOCK_NAME
                                + ") and orchestrator (" + ServiceTypes.ORCHESTRATOR_NAME + "), not from "
                                + Peers.name(from));
                return;
            }
            List<ACLMessage> items;
            try {
                items = Relay.unpack(batch);
            } catch (IllegalArgumentException e) {
                ReceiveContent.answer(
                        ContainerPost.this,
                        batch,
                        ACLMessage.NOT_UNDERSTOOD,
                        Discipline.Kind.MALFORMED,
                        "the batch does not read: " + e.getMessage());
                return;
            }
            String sender = from.getLocalName();
            int dropped = 0;
            for (ACLMessage item : items) {
                Optional<String> no = Relay.refusal(from, item);
                AID to = (AID) item.getAllReceiver().next();
                if (no.isEmpty() && !LocalDelivery.sameContainer(ContainerPost.this, to))
                    no = Optional.of(Peers.name(to) + " is no agent of container " + here().getName());
                if (no.isPresent()) {
                    dropped++;
                    ReceiveContent.count(ContainerPost.this, Discipline.Kind.REFUSED, no.get());
                    String why = no.get();
                    LOG.atDebug().log(() -> getLocalName() + " drops a message of " + sender + "'s batch: " + why);
                    continue;
                }
                item.setSender(getAID());
                item.addUserDefinedParameter(Relay.FROM, sender);
                // through the container's Deliverer threads, not this thread: 500 UEs woken one after another by
                // one thread among a thousand busy ones took seconds (docs/BENCHMARKS.md)
                send(item);
            }
            batches++;
            handedOn += items.size() - dropped;
            if (dropped > 0)
                LOG.atInfo().log(getLocalName() + " dropped " + dropped + " of the " + items.size() + " messages of "
                        + sender + "'s batch (their UEs ask again): see its discipline");
        }
    }
}
