package org.lambo.ontology.jade;

import jade.content.Predicate;
import java.util.Objects;
import org.lambo.ontology.LamboMessage;
import org.lambo.ontology.MessageType;

/** A statement of the vocabulary (a decision, a state, a result...) as a JADE predicate. */
public record LamboPredicate(LamboMessage message) implements LamboContent, Predicate {
    public LamboPredicate {
        Objects.requireNonNull(message, "message");
        if (LamboOntology.isAction(MessageType.of(message))) {
            throw new IllegalArgumentException(
                    MessageType.of(message).wireName() + " is an agent action, not a predicate");
        }
    }
}
