package org.lambo.ontology.jade;

import jade.content.ContentElement;
import jade.content.onto.basic.Action;
import java.util.Objects;
import org.lambo.ontology.LamboMessage;
import org.lambo.ontology.MessageType;

/**
 * A message of the vocabulary as a JADE content element, for {@code ContentManager.fillContent} and what
 * {@code extractContent} returns. The records themselves carry no JADE type (a device runs them without JADE), so they
 * travel in one of two thin wrappers chosen by {@link LamboOntology#isAction}: a {@link LamboPredicate} (decisions,
 * states, results, reports, proposals, labels) or a {@link LamboAction} (requests, allocations, submissions, label
 * requests), which FIPA-SL sends inside {@code (action <actor> ...)}.
 */
public sealed interface LamboContent extends ContentElement permits LamboPredicate, LamboAction {
    /** The record carried. */
    LamboMessage message();

    /** The message in the wrapper its kind calls for. */
    static LamboContent of(LamboMessage message) {
        Objects.requireNonNull(message, "message");
        return LamboOntology.isAction(MessageType.of(message)) ? new LamboAction(message) : new LamboPredicate(message);
    }

    /**
     * The record inside extracted content: a {@link LamboContent}, or a JADE {@link Action} whose action is one.
     *
     * @throws IllegalArgumentException when the content carries no message of the vocabulary
     */
    static LamboMessage messageOf(ContentElement content) {
        ContentElement inner =
                content instanceof Action a && a.getAction() instanceof ContentElement act ? act : content;
        if (inner instanceof LamboContent c) return c.message();
        throw new IllegalArgumentException("content carries no message of the LAMBO vocabulary: "
                + (content == null ? "null" : content.getClass().getName()));
    }
}
