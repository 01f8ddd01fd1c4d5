package org.lambo.ontology.jade;

import jade.core.AID;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import java.util.Date;
import java.util.Objects;
import org.lambo.ontology.LamboJson;
import org.lambo.ontology.LamboMessage;
import org.lambo.ontology.MalformedMessageException;
import org.lambo.ontology.MessageType;

/**
 * The one builder and reader of LAMBO ACL messages: every message the agents exchange is built and read
 * here and nowhere else.
 *
 * <p><b>Content language.</b> The content of a LAMBO message is the vocabulary's JSON form
 * ({@link LamboJson}) under the language {@value #LANGUAGE} and the ontology {@value #ONTOLOGY}. We
 * chose this over JADE's SL codec with a {@code BeanOntology} because (1) the vocabulary is immutable
 * records, which {@code BeanOntology} cannot build (it needs setters and no-argument constructors);
 * (2) the MQTT devices speak the same JSON without JADE, so one strict reader serves both; (3) doubles
 * travel in their shortest exact form, so a share or a gain read back is bit-for-bit the one written
 * and the realised costs can equal the predicted ones; (4) a bad field is named by its path. The
 * content is typed all the same: {@link #read(ACLMessage, Class)} checks language, ontology, schema
 * and type and returns the record, or throws a {@link MalformedMessageException} that the agent turns
 * into NOT_UNDERSTOOD.
 */
public final class LamboAcl {
    /** The ACL content language: the JSON form of {@link LamboJson}. */
    public static final String LANGUAGE = "lambo-json";
    /** The ACL ontology name of the vocabulary. */
    public static final String ONTOLOGY = "lambo";

    private LamboAcl() {}

    /**
     * A new message carrying {@code content}, with language and ontology set.
     *
     * @param protocol   the interaction protocol, e.g. {@code FIPANames.InteractionProtocol.FIPA_REQUEST}; may be null
     * @param receivers  at least one
     */
    public static ACLMessage build(int performative, String protocol, LamboMessage content, AID... receivers) {
        Objects.requireNonNull(content, "content");
        ACLMessage msg = new ACLMessage(performative);
        for (AID r : receivers) msg.addReceiver(r);
        if (protocol != null) msg.setProtocol(protocol);
        fill(msg, content);
        return msg;
    }

    /** {@link #build} with a conversation id and a reply-by deadline {@code replyWithinMs} from now. */
    public static ACLMessage build(int performative, String protocol, String conversationId, long replyWithinMs,
                                   LamboMessage content, AID... receivers) {
        ACLMessage msg = build(performative, protocol, content, receivers);
        msg.setConversationId(conversationId);
        msg.setReplyWith(conversationId + "-" + System.nanoTime());
        if (replyWithinMs > 0) msg.setReplyByDate(new Date(System.currentTimeMillis() + replyWithinMs));
        return msg;
    }

    /** A reply to {@code incoming} (same conversation, protocol and in-reply-to) carrying {@code content}. */
    public static ACLMessage reply(ACLMessage incoming, int performative, LamboMessage content) {
        ACLMessage reply = incoming.createReply();
        reply.setPerformative(performative);
        fill(reply, content);
        return reply;
    }

    /**
     * A reply without LAMBO content: NOT_UNDERSTOOD, REFUSE or FAILURE with a plain-text reason (FIPA
     * leaves such content to the language; ours says what was wrong in words).
     */
    public static ACLMessage replyWithReason(ACLMessage incoming, int performative, String reason) {
        ACLMessage reply = incoming.createReply();
        reply.setPerformative(performative);
        reply.setLanguage(null);
        reply.setOntology(ONTOLOGY);
        reply.setContent(reason == null ? "" : reason);
        return reply;
    }

    /**
     * Reads the content of a message as the given type.
     *
     * @throws MalformedMessageException naming the field when the message is not LAMBO content of that type
     */
    public static <T extends LamboMessage> T read(ACLMessage msg, Class<T> type) {
        if (!LANGUAGE.equals(msg.getLanguage())) {
            throw new MalformedMessageException("language", "must be '" + LANGUAGE + "', got '" + msg.getLanguage() + "'");
        }
        if (!ONTOLOGY.equals(msg.getOntology())) {
            throw new MalformedMessageException("ontology", "must be '" + ONTOLOGY + "', got '" + msg.getOntology() + "'");
        }
        return LamboJson.read(msg.getContent(), type);
    }

    /** The reason text of a NOT_UNDERSTOOD, REFUSE or FAILURE (empty when none). */
    public static String reason(ACLMessage msg) {
        String c = msg.getContent();
        return c == null ? "" : c;
    }

    /** Matches messages of this ontology in the given protocol with the given performative. */
    public static MessageTemplate template(String protocol, int performative) {
        return MessageTemplate.and(MessageTemplate.MatchOntology(ONTOLOGY),
                MessageTemplate.and(MessageTemplate.MatchProtocol(protocol), MessageTemplate.MatchPerformative(performative)));
    }

    /**
     * Matches messages of this ontology, protocol and performative whose content is of the given type
     * (read from the JSON envelope without reading the body). Content that is not LAMBO JSON at all does
     * not match, and falls to the agent's answer for unknown messages.
     */
    public static MessageTemplate template(String protocol, int performative, MessageType type) {
        return MessageTemplate.and(template(protocol, performative), new MessageTemplate(new CarriesType(type)));
    }

    /** Matches content of one message type; serialisable, as JADE templates must be. */
    private record CarriesType(MessageType type) implements MessageTemplate.MatchExpression {
        @Override
        public boolean match(ACLMessage msg) {
            if (!LANGUAGE.equals(msg.getLanguage())) return false;
            try {
                return LamboJson.peekType(msg.getContent()) == type;
            } catch (MalformedMessageException e) {
                return false;
            }
        }
    }

    private static void fill(ACLMessage msg, LamboMessage content) {
        msg.setLanguage(LANGUAGE);
        msg.setOntology(ONTOLOGY);
        msg.setContent(LamboJson.write(content));
    }
}
