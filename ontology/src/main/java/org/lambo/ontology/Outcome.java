package org.lambo.ontology;

/** How a task ended. Every task ends one way or the other; a failed one says why. */
public enum Outcome {
    COMPLETED,
    FAILED
}
