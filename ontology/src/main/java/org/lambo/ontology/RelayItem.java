package org.lambo.ontology;

import org.lambo.check.Require;

/**
 * One message of a {@link RelayBatch}: its one receiver's local name ({@code to}), its FIPA performative by name
 * ({@code inform}), and its protocol, conversation id, in-reply-to, language, ontology and content as they stand (a
 * field the message does not set is the empty string). Its sender is not carried: the post that hands it on sends it as
 * itself, naming whom it carries it for.
 */
public record RelayItem(
        String to,
        String performative,
        String protocol,
        String conversationId,
        String inReplyTo,
        String language,
        String ontology,
        String content) {
    public RelayItem {
        Require.name("to", to);
        Require.name("performative", performative);
        protocol = orEmpty(protocol);
        conversationId = orEmpty(conversationId);
        inReplyTo = orEmpty(inReplyTo);
        language = orEmpty(language);
        ontology = orEmpty(ontology);
        content = orEmpty(content);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
