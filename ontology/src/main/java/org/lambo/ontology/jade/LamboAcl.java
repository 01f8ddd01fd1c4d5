package org.lambo.ontology.jade;

import jade.content.ContentManager;
import jade.content.abs.AbsAgentAction;
import jade.content.abs.AbsContentElement;
import jade.content.abs.AbsHelper;
import jade.content.lang.Codec.CodecException;
import jade.content.lang.sl.SLCodec;
import jade.content.onto.BasicOntology;
import jade.core.AID;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import java.util.Arrays;
import java.util.Date;
import java.util.Iterator;
import java.util.Objects;
import org.lambo.io.StrictJson;
import org.lambo.ontology.LamboJson;
import org.lambo.ontology.LamboMessage;
import org.lambo.ontology.MalformedMessageException;
import org.lambo.ontology.MessageType;

/**
 * The one builder and reader of LAMBO ACL messages: every message the agents exchange is built and read here and
 * nowhere else.
 *
 * <p><b>Ontology and languages.</b> Content belongs to the JADE ontology {@value #ONTOLOGY} ({@link LamboOntology}: a
 * schema per record of the vocabulary) and is written in one of two content languages, both registered with an agent's
 * {@code ContentManager} by {@link #register}:
 *
 * <ul>
 *   <li>{@value #LANGUAGE} ({@link LamboJsonCodec}), the default: the vocabulary's JSON form ({@link LamboJson}), the
 *       very bytes the MQTT devices exchange. Doubles travel in their shortest exact form and a bad field is named by
 *       its path.
 *   <li>{@value #SL} (JADE's {@link SLCodec}), FIPA-SL, so that any JADE agent that loads the ontology can talk to the
 *       testbed: a fact is a predicate, {@code (server-state server-1 1 4 ...)}, and a request is an agent action
 *       inside FIPA's {@code (action <actor> (offloading-request :slot 4 ...))}, the actor being the agent asked to
 *       act. Doubles are written by {@code Double.toString} and read by {@code Double.valueOf}: bit-exact too.
 * </ul>
 *
 * {@link #read(ACLMessage, Class)} accepts either language, checks language, ontology, type and every slot, and returns
 * the record, or throws a {@link MalformedMessageException} naming the field that the agent turns into NOT_UNDERSTOOD.
 * {@link #build} writes {@value #LANGUAGE} unless told {@link Language#SL}; {@link #reply} answers in the language it
 * was asked in.
 *
 * <p>The records carry no JADE type (a device runs them without JADE); for a {@code ContentManager} they travel as
 * {@link LamboPredicate} or {@link LamboAction} ({@link LamboContent}).
 */
public final class LamboAcl {
    /** The default ACL content language: the JSON form of {@link LamboJson} ({@link LamboJsonCodec}). */
    public static final String LANGUAGE = LamboJsonCodec.NAME;
    /** The FIPA-SL content language, JADE's {@link SLCodec}. */
    public static final String SL = FIPANames.ContentLanguage.FIPA_SL;
    /** The ACL ontology name of the vocabulary ({@link LamboOntology}). */
    public static final String ONTOLOGY = LamboOntology.NAME;

    /** The content languages a LAMBO message may be written in. */
    public enum Language {
        /** {@value LamboAcl#LANGUAGE}, the default. */
        JSON(LANGUAGE),
        /** {@value LamboAcl#SL}. */
        SL(LamboAcl.SL);

        private final String aclName;

        Language(String aclName) {
            this.aclName = aclName;
        }

        /** The name in an ACL message's {@code :language}. */
        public String aclName() {
            return aclName;
        }

        /** The language of a message, if it is one of ours. */
        public static java.util.Optional<Language> of(ACLMessage msg) {
            return Arrays.stream(values())
                    .filter(l -> l.aclName.equals(msg.getLanguage()))
                    .findFirst();
        }
    }

    /**
     * The largest content, in characters, an agent takes by default (64 KiB, {@link StrictJson#MAX_MESSAGE}, an MQTT
     * payload's limit too; every message of a slot but a label request is well under 1 KiB per UE or server it names);
     * an agent's queue drops larger content on arrival ({@link #stripOversize}) and {@link #read} refuses the message
     * naming its size.
     */
    public static final int MAX_CONTENT = StrictJson.MAX_MESSAGE;
    /** The most characters of a peer's reason that are kept ({@link #reason}). */
    public static final int MAX_REASON = 1_000;
    /** User-defined parameter that holds the size of content dropped on arrival ({@link #stripOversize}). */
    public static final String OVERSIZE = "X-lambo-oversize";

    /** SLCodec's methods are synchronized: one codec per thread (each JADE agent runs on its own). */
    private static final ThreadLocal<SLCodec> SL_CODEC = ThreadLocal.withInitial(SLCodec::new);

    private LamboAcl() {}

    /**
     * Registers both content languages and the {@link LamboOntology} with an agent's content manager, so that
     * {@code fillContent} and {@code extractContent} work on LAMBO messages; every agent of the testbed calls it in
     * {@code setup()}. The first call in a JVM also starts the encoding's warm-up ({@link EncodingWarmUp}).
     */
    public static void register(ContentManager manager) {
        manager.registerLanguage(new LamboJsonCodec());
        manager.registerLanguage(new SLCodec(), SL);
        manager.registerOntology(LamboOntology.getInstance());
        EncodingWarmUp.startOnce();
    }

    /**
     * A new message carrying {@code content} in {@value #LANGUAGE}, with language and ontology set.
     *
     * @param protocol the interaction protocol, e.g. {@code FIPANames.InteractionProtocol.FIPA_REQUEST}; may be null
     * @param receivers at least one
     */
    public static ACLMessage build(int performative, String protocol, LamboMessage content, AID... receivers) {
        return build(Language.JSON, performative, protocol, content, receivers);
    }

    /**
     * A new message carrying {@code content} in the given language. In FIPA-SL an agent action is sent as
     * {@code (action <actor> ...)} with the first receiver as the actor.
     *
     * @throws IllegalArgumentException in FIPA-SL, for an agent action without a receiver, or for a predicate with an
     *     absent optional slot before a present one (SL writes a predicate's slots by position), e.g. a completed
     *     {@code TaskReport} without predictions
     */
    public static ACLMessage build(
            Language language, int performative, String protocol, LamboMessage content, AID... receivers) {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(content, "content");
        ACLMessage msg = new ACLMessage(performative);
        for (AID r : receivers) msg.addReceiver(r);
        if (protocol != null) msg.setProtocol(protocol);
        fill(msg, language, content, receivers.length == 0 ? null : receivers[0]);
        return msg;
    }

    /** {@link #build} with a conversation id and a reply-by deadline {@code replyWithinMs} from now. */
    public static ACLMessage build(
            int performative,
            String protocol,
            String conversationId,
            long replyWithinMs,
            LamboMessage content,
            AID... receivers) {
        ACLMessage msg = build(performative, protocol, content, receivers);
        msg.setConversationId(conversationId);
        msg.setReplyWith(conversationId + "-" + System.nanoTime());
        if (replyWithinMs > 0) msg.setReplyByDate(new Date(System.currentTimeMillis() + replyWithinMs));
        return msg;
    }

    /**
     * A reply to {@code incoming} (same conversation, protocol and in-reply-to) carrying {@code content}, in the
     * language of {@code incoming} when it is FIPA-SL, else in {@value #LANGUAGE}.
     */
    public static ACLMessage reply(ACLMessage incoming, int performative, LamboMessage content) {
        ACLMessage reply = incoming.createReply();
        reply.setPerformative(performative);
        Language language = Language.of(incoming).orElse(Language.JSON);
        @SuppressWarnings("unchecked")
        Iterator<AID> to = reply.getAllReceiver();
        fill(reply, language, content, to.hasNext() ? to.next() : null);
        return reply;
    }

    /**
     * A reply without LAMBO content: NOT_UNDERSTOOD, REFUSE or FAILURE with a plain-text reason (FIPA leaves such
     * content to the language; ours says what was wrong in words).
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
     * A new message without LAMBO content that opens a conversation: a plain-text reason, as in
     * {@link #replyWithReason} (a FAILURE saying what could not be done).
     */
    public static ACLMessage withReason(int performative, String protocol, String reason, AID... receivers) {
        ACLMessage msg = new ACLMessage(performative);
        for (AID r : receivers) msg.addReceiver(r);
        if (protocol != null) msg.setProtocol(protocol);
        msg.setOntology(ONTOLOGY);
        msg.setContent(reason == null ? "" : reason);
        return msg;
    }

    /**
     * Reads the content of a message, in either language, as the given type.
     *
     * @throws MalformedMessageException naming the field when the message is not LAMBO content of that type
     */
    public static <T extends LamboMessage> T read(ACLMessage msg, Class<T> type) {
        Language language = checkHeader(msg);
        return switch (language) {
            case JSON -> LamboJson.read(msg.getContent(), type);
            case SL -> LamboOntology.getInstance().toMessage(decodeSl(msg.getContent()), type);
        };
    }

    /**
     * Reads the content of a message, in either language, as whichever type of the vocabulary it is; the caller
     * dispatches on the record's class.
     *
     * @throws MalformedMessageException naming the field when the message is not LAMBO content
     */
    public static LamboMessage read(ACLMessage msg) {
        Language language = checkHeader(msg);
        return switch (language) {
            case JSON -> LamboJson.read(msg.getContent());
            case SL -> {
                yield LamboOntology.getInstance().toMessage(decodeSl(msg.getContent()));
            }
        };
    }

    /** Language, ontology and size: what is checked before the content is parsed. */
    private static Language checkHeader(ACLMessage msg) {
        Language language = Language.of(msg)
                .orElseThrow(() -> new MalformedMessageException(
                        "language", "must be '" + LANGUAGE + "' or '" + SL + "', got '" + msg.getLanguage() + "'"));
        if (!ONTOLOGY.equals(msg.getOntology())) {
            throw new MalformedMessageException(
                    "ontology", "must be '" + ONTOLOGY + "', got '" + msg.getOntology() + "'");
        }
        java.util.Optional<String> tooLarge = oversize(msg);
        if (tooLarge.isPresent()) throw new MalformedMessageException("", tooLarge.get());
        return language;
    }

    /**
     * The reason text of a NOT_UNDERSTOOD, REFUSE or FAILURE (empty when none), cut to {@value #MAX_REASON} characters:
     * a reason ends up in a task's report, whoever wrote it.
     */
    public static String reason(ACLMessage msg) {
        if (msg.getUserDefinedParameter(OVERSIZE) != null)
            return "(a reason of " + contentSize(msg) + " characters, not read)";
        String c = msg.getContent();
        if (c == null) return "";
        return c.length() <= MAX_REASON ? c : c.substring(0, MAX_REASON) + "... (" + c.length() + " characters)";
    }

    /**
     * Matches messages of this ontology in the given protocol with the given performative. It reads the message's
     * header only, never its content: JADE matches every queued message against every waiting template on every
     * receive, so a template that parsed the content would parse a flood of large messages again and again. A behaviour
     * that takes one message type reads the content once, and content of another type is then NOT_UNDERSTOOD ("type
     * must be ...").
     */
    public static MessageTemplate template(String protocol, int performative) {
        return MessageTemplate.and(
                MessageTemplate.MatchOntology(ONTOLOGY),
                MessageTemplate.and(
                        MessageTemplate.MatchProtocol(protocol), MessageTemplate.MatchPerformative(performative)));
    }

    /**
     * The size of a message's content in characters (bytes for byte-sequence content), without copying it; the size it
     * had when it arrived when {@link #stripOversize} took it away.
     */
    public static long contentSize(ACLMessage msg) {
        String stripped = msg.getUserDefinedParameter(OVERSIZE);
        if (stripped != null) return number(stripped.substring(0, Math.max(0, stripped.indexOf('/'))));
        if (msg.hasByteSequenceContent()) {
            byte[] b = msg.getByteSequenceContent();
            return b == null ? 0 : b.length;
        }
        String c = msg.getContent();
        return c == null ? 0 : c.length();
    }

    /**
     * Drops the content of a message larger than {@code limit} as it arrives, keeping its size and the limit in the
     * user-defined parameter {@value #OVERSIZE}, so that a queued flood of large messages holds no memory and
     * {@link #read} refuses the message naming its size before anything parses it. A parameter of that name the sender
     * set itself is removed first (it could only get its own message refused).
     *
     * @return whether the content was dropped
     */
    public static boolean stripOversize(ACLMessage msg, long limit) {
        msg.removeUserDefinedParameter(OVERSIZE);
        long size = contentSize(msg);
        if (size <= limit) return false;
        msg.setContent(null);
        msg.setByteSequenceContent(null);
        msg.addUserDefinedParameter(OVERSIZE, size + "/" + limit);
        return true;
    }

    /** Why a message's content was not kept ({@link #stripOversize}): its size and the limit; empty when it was. */
    public static java.util.Optional<String> oversize(ACLMessage msg) {
        String stripped = msg.getUserDefinedParameter(OVERSIZE);
        if (stripped == null) return java.util.Optional.empty();
        int slash = stripped.indexOf('/');
        return java.util.Optional.of("content of " + contentSize(msg) + " characters is over the limit of "
                + (slash < 0 ? "?" : number(stripped.substring(slash + 1))) + " characters");
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static AbsContentElement decodeSl(String content) {
        if (content == null || content.isBlank()) throw new MalformedMessageException("", "is empty");
        try {
            return SL_CODEC.get().decode(LamboOntology.getInstance(), content);
        } catch (CodecException e) {
            Throwable why = e.getCause() == null ? e : e.getCause();
            throw new MalformedMessageException("", "is not FIPA-SL: " + firstLine(why.getMessage()));
        }
    }

    private static void fill(ACLMessage msg, Language language, LamboMessage content, AID actor) {
        msg.setLanguage(language.aclName());
        msg.setOntology(ONTOLOGY);
        msg.setContent(
                switch (language) {
                    case JSON -> LamboJson.write(content);
                    case SL -> encodeSl(content, actor);
                });
    }

    /** FIPA-SL content: the predicate, or the agent action inside {@code (action <actor> ...)}. */
    private static String encodeSl(LamboMessage content, AID actor) {
        LamboOntology onto = LamboOntology.getInstance();
        AbsContentElement abs = onto.toAbs(content);
        try {
            if (abs instanceof AbsAgentAction act) {
                if (actor == null)
                    throw new IllegalArgumentException("a FIPA-SL " + act.getTypeName() + " needs a receiver to act");
                AbsAgentAction action = new AbsAgentAction(BasicOntology.ACTION);
                action.set(BasicOntology.ACTION_ACTOR, AbsHelper.externaliseAID(actor));
                action.set(BasicOntology.ACTION_ACTION, act);
                abs = action;
            }
            return SL_CODEC.get().encode(onto, abs);
        } catch (CodecException e) {
            // the one content SL cannot write: a predicate whose absent optional slot precedes a present one
            throw new IllegalArgumentException(
                    "FIPA-SL writes the slots of " + MessageType.of(content).wireName()
                            + " by position and cannot skip an absent one (" + e.getMessage() + "); send it in "
                            + LANGUAGE,
                    e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
