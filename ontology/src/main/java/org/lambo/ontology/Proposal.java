package org.lambo.ontology;

import org.lambo.check.Require;

/**
 * An expert's bid in answer to a call for proposals: what answering will cost (the expert's estimate of the CPU seconds
 * it will spend) and how soon the label will come (its queue plus its own solve time). The initiator accepts the
 * proposal that answers soonest, then the cheapest.
 */
public record Proposal(String requestId, String expert, String policy, double cost, double timeToAnswerS)
        implements LamboMessage {
    public Proposal {
        Require.name("requestId", requestId);
        Require.name("expert", expert);
        Require.name("policy", policy);
        Require.nonNegative("cost", cost);
        Require.nonNegative("timeToAnswerS", timeToAnswerS);
    }
}
