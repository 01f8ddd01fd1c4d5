package org.lambo.ontology.jade;

import jade.content.abs.AbsContentElement;
import jade.content.lang.StringCodec;
import jade.content.onto.Ontology;
import org.lambo.ontology.LamboJson;
import org.lambo.ontology.LamboMessage;
import org.lambo.ontology.MalformedMessageException;

/**
 * The content language {@value #NAME}: JADE content of the {@link LamboOntology} written in the vocabulary's one JSON
 * form, exactly as {@link LamboJson#write} writes the record, so that the ACL content the agents exchange and the MQTT
 * payloads stay one format. Encoding reads the abstract descriptor back into its record (checking it as the record's
 * constructor does) and writes that; decoding reads the JSON strictly and describes the record. An agent action wrapped
 * in FIPA's {@code (action <actor> ...)} is written without the wrapper: the JSON form has no actor (the receiver is
 * the one asked to act). Stateless and thread-safe.
 */
public final class LamboJsonCodec extends StringCodec {
    private static final long serialVersionUID = 1L;

    /** The language name, the {@code :language} of ACL messages in this form. */
    public static final String NAME = "lambo-json";

    public LamboJsonCodec() {
        super(NAME);
    }

    @Override
    public String encode(AbsContentElement content) throws CodecException {
        return encode(LamboOntology.getInstance(), content);
    }

    /**
     * The content's JSON form.
     *
     * @param ontology ignored: the JSON form is the {@link LamboOntology}'s
     * @throws CodecException when the content is not a message of the vocabulary
     */
    @Override
    public String encode(Ontology ontology, AbsContentElement content) throws CodecException {
        try {
            return LamboJson.write(LamboOntology.getInstance().toMessage(content));
        } catch (MalformedMessageException e) {
            throw new CodecException("cannot write " + NAME + ": " + e.getMessage(), e);
        }
    }

    @Override
    public AbsContentElement decode(String content) throws CodecException {
        return decode(LamboOntology.getInstance(), content);
    }

    /**
     * The JSON content as an abstract descriptor: an {@code AbsPredicate}, or a bare {@code AbsAgentAction} for an
     * action type.
     *
     * @param ontology ignored: the JSON form is the {@link LamboOntology}'s
     * @throws CodecException wrapping the {@link MalformedMessageException} that names the bad field
     */
    @Override
    public AbsContentElement decode(Ontology ontology, String content) throws CodecException {
        LamboMessage message;
        try {
            message = LamboJson.read(content);
        } catch (MalformedMessageException e) {
            throw new CodecException(e.getMessage(), e);
        }
        return LamboOntology.getInstance().toAbs(message);
    }
}
