package org.lambo.agents;

import jade.core.AID;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.lambo.ontology.MalformedMessageException;
import org.lambo.ontology.RelayBatch;
import org.lambo.ontology.RelayItem;
import org.lambo.ontology.jade.LamboAcl;

/**
 * The rules of a container's post ({@link ContainerPost}): many messages for the UEs of one container carried across
 * the JVMs as one FIPA ACL message and handed on inside the container. Every message between two JVMs is a synchronous
 * round trip of JADE's IMTP from one of a container's 16 Deliverer threads, and a 1000-UE slot made 6000 of them
 * (docs/BENCHMARKS.md); the orchestrator's decisions and the clock's slot-starts for one container's UEs go as one
 * batch to the agent {@link #postName} of that container, which hands each on to its UE inside the container (no
 * network).
 *
 * <p>Who may say what: a post takes a batch only from the trial's clock (slot-starts,
 * {@link ServiceTypes#SLOT_PROTOCOL} INFORMs) and the trial's orchestrator (decisions, FIPA-Request INFORMs in reply to
 * a UE's request), by name as everywhere ({@link Peers}); it hands a message on only to a UE ({@code ue-i}) of its own
 * container, as itself, naming whom it carries it for ({@value #FROM}). A UE takes a relayed message as the clock's or
 * the orchestrator's only when it came from the post of its own container ({@link #origin}), and then checks it as it
 * checks one sent directly. A post cannot make a decision or a slot-start of its own: it can only hand on, or lose,
 * what it was given; what it loses the UE asks again as before ({@code Reask}), and the orchestrator answers a repeated
 * request directly.
 *
 * <p>The batch travels in the one envelope of the testbed: a {@link RelayBatch} of the vocabulary, written and read by
 * {@link LamboAcl} with the strict JSON reader; anything that does not read is refused whole, naming the field
 * ({@link #unpack}).
 */
public final class Relay {
    /** The protocol of a batch to a post. */
    public static final String PROTOCOL = "lambo-relay";

    /** The user-defined parameter a post names the message's sender in: the clock or the orchestrator. */
    public static final String FROM = "lambo-relayed-from";

    /** The local names of the posts start so: {@code post.CONTAINER}. */
    public static final String POST_PREFIX = "post.";

    /** The most messages one batch carries; more go as several. */
    public static final int MOST_PER_BATCH = RelayBatch.MOST_ITEMS;

    /** Fewer messages than this for one container go directly. */
    public static final int LEAST_PER_BATCH = 2;

    /** The largest batch a post reads, in characters: {@value #MOST_PER_BATCH} messages of up to 16,000. */
    public static final long MAX_CONTENT = MOST_PER_BATCH * 16_000L;

    private Relay() {}

    /**
     * The local name of the post of container {@code container}: {@value #POST_PREFIX} and the container's name, with
     * every character other than a letter, a digit, '-' and '_' as '_'. Who reads it checks that the agent of that name
     * lives in that container (the AMS says where agents live).
     */
    public static String postName(String container) {
        if (container == null || container.isBlank())
            throw new IllegalArgumentException("a post needs its container's name, got '" + container + "'");
        StringBuilder b = new StringBuilder(POST_PREFIX);
        for (int k = 0; k < container.length(); k++) {
            char c = container.charAt(k);
            b.append(Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' ? c : '_');
        }
        return b.toString();
    }

    /** Whether {@code agent} (a local name) is the post of {@code container}. */
    public static boolean isPostOf(String agent, String container) {
        return agent != null
                && container != null
                && !container.isBlank()
                && postName(container).equals(agent);
    }

    /**
     * The sender {@code m} speaks for: the agent its post names ({@value #FROM}) when {@code m} came from {@code post}
     * (the post of the receiver's own container); otherwise its sender as it stands. A message that names a
     * {@value #FROM} but did not come from {@code post} speaks for its sender only, whoever it names.
     */
    public static AID origin(ACLMessage m, AID post) {
        if (m == null) return null;
        AID sender = m.getSender();
        String from = m.getUserDefinedParameter(FROM);
        if (from == null || from.isBlank() || post == null || !Peers.is(sender, post)) return sender;
        return new AID(from, AID.ISLOCALNAME);
    }

    /**
     * Empty when a post may hand {@code item} on for {@code from} (the batch's sender): the clock's slot-starts and the
     * orchestrator's decisions (INFORMs in reply to a UE's request), each to one UE ({@code ue-i}); otherwise why not.
     */
    public static Optional<String> refusal(AID from, ACLMessage item) {
        AID to = onlyReceiver(item);
        if (to == null) return Optional.of("a relayed message must have exactly one receiver");
        if (!Peers.namedLike(to, "ue"))
            return Optional.of("a post hands messages on to UEs (ue-i) only, not to " + Peers.name(to));
        if (item.getPerformative() != ACLMessage.INFORM)
            return Optional.of(
                    "a post hands on INFORMs only, not a " + ACLMessage.getPerformative(item.getPerformative()));
        if (Peers.is(from, Peers.clock())) {
            return ServiceTypes.SLOT_PROTOCOL.equals(item.getProtocol())
                    ? Optional.empty()
                    : Optional.of(
                            "the clock's batches carry slot-starts only, not protocol '" + item.getProtocol() + "'");
        }
        if (Peers.is(from, new AID(ServiceTypes.ORCHESTRATOR_NAME, AID.ISLOCALNAME))) {
            boolean decision = FIPANames.InteractionProtocol.FIPA_REQUEST.equals(item.getProtocol())
                    && item.getInReplyTo() != null
                    && !item.getInReplyTo().isEmpty();
            return decision
                    ? Optional.empty()
                    : Optional.of("the orchestrator's batches carry decisions only (INFORMs in reply to a request)");
        }
        return Optional.of("batches are taken only from the trial's clock (" + ServiceTypes.CLOCK_NAME
                + ") and orchestrator (" + ServiceTypes.ORCHESTRATOR_NAME + "), not from " + Peers.name(from));
    }

    private static AID onlyReceiver(ACLMessage m) {
        var it = m.getAllReceiver();
        if (!it.hasNext()) return null;
        AID to = (AID) it.next();
        return it.hasNext() ? null : to;
    }

    /**
     * The batch of {@code items} as a record of the vocabulary ({@link RelayBatch}): each message's one receiver and
     * fields; {@link #batch} sends it in the one envelope, {@link #unpack} reads it back.
     */
    public static RelayBatch pack(List<ACLMessage> items) {
        List<RelayItem> out = new ArrayList<>(items.size());
        for (ACLMessage m : items) {
            AID to = onlyReceiver(m);
            if (to == null) throw new IllegalArgumentException("a relayed message must have exactly one receiver");
            out.add(new RelayItem(
                    to.getLocalName(),
                    ACLMessage.getPerformative(m.getPerformative()).toLowerCase(Locale.ROOT),
                    m.getProtocol(),
                    m.getConversationId(),
                    m.getInReplyTo(),
                    m.getLanguage(),
                    m.getOntology(),
                    m.getContent()));
        }
        return new RelayBatch(out);
    }

    /**
     * A batch to the post (or post lane) {@code post}: an INFORM in protocol {@value #PROTOCOL} carrying
     * {@link #pack}{@code (items)} in the vocabulary's JSON, built by {@link LamboAcl} as every message of the testbed.
     */
    public static ACLMessage batch(String post, List<ACLMessage> items) {
        return LamboAcl.build(ACLMessage.INFORM, PROTOCOL, pack(items), new AID(post, AID.ISLOCALNAME));
    }

    /**
     * The messages of a batch, each with its one receiver (a local name), performative, protocol, conversation id,
     * in-reply-to, language, ontology and content (an empty header field is unset); no sender (the post sends them as
     * itself). Read by {@link LamboAcl#read} with the vocabulary's strict reader: nothing of it is evaluated.
     *
     * @throws MalformedMessageException naming the field that does not read (e.g. {@code body.items[2].performative})
     */
    public static List<ACLMessage> unpack(ACLMessage batch) {
        RelayBatch b = LamboAcl.read(batch, RelayBatch.class);
        List<ACLMessage> out = new ArrayList<>(b.items().size());
        for (int k = 0; k < b.items().size(); k++) {
            RelayItem item = b.items().get(k);
            int performative = ACLMessage.getInteger(item.performative().toUpperCase(Locale.ROOT));
            if (performative < 0
                    || !item.performative().equals(item.performative().toLowerCase(Locale.ROOT)))
                throw new MalformedMessageException(
                        "body.items[" + k + "].performative",
                        "must be a FIPA performative in lower case (inform, ...), got '" + item.performative() + "'");
            ACLMessage m = new ACLMessage(performative);
            m.addReceiver(new AID(item.to(), AID.ISLOCALNAME));
            m.setProtocol(unsetIfEmpty(item.protocol()));
            m.setConversationId(unsetIfEmpty(item.conversationId()));
            m.setInReplyTo(unsetIfEmpty(item.inReplyTo()));
            m.setLanguage(unsetIfEmpty(item.language()));
            m.setOntology(unsetIfEmpty(item.ontology()));
            m.setContent(item.content());
            out.add(m);
        }
        return out;
    }

    private static String unsetIfEmpty(String s) {
        return s.isEmpty() ? null : s;
    }
}
