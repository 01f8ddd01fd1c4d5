package org.lambo.ontology.jade;

import jade.content.AgentAction;
import java.util.Objects;
import org.lambo.ontology.LamboMessage;
import org.lambo.ontology.MessageType;

/**
 * A request of the vocabulary (an offloading request, an allocation, a task submission, a label request) as a JADE
 * agent action. FIPA-SL carries it as {@code (action <actor> <this>)}: wrap it in {@code new
 * jade.content.onto.basic.Action(actor, this)}, the actor being the agent asked to act.
 */
public record LamboAction(LamboMessage message) implements LamboContent, AgentAction {
    public LamboAction {
        Objects.requireNonNull(message, "message");
        if (!LamboOntology.isAction(MessageType.of(message))) {
            throw new IllegalArgumentException(
                    MessageType.of(message).wireName() + " is a predicate, not an agent action");
        }
    }
}
