package org.lambo.cli;

import jade.core.Agent;
import jade.core.behaviours.CyclicBehaviour;
import jade.lang.acl.ACLMessage;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answers a hostile agent of {@link ChaosIT} got, counted by performative and sender (numbered senders as one:
 * {@code ue-k}, {@code server-k}), e.g. {@code {NOT-UNDERSTOOD from ue-k=12, REFUSE from orchestrator=140}}: takes
 * every message that comes to its agent. {@link ChaosAgent} and {@link FloodAgent} print it.
 */
final class AnswerTally extends CyclicBehaviour {
    private final Map<String, Integer> answers = new TreeMap<>();

    AnswerTally(Agent agent) {
        super(agent);
    }

    @Override
    public void action() {
        ACLMessage a = myAgent.receive();
        if (a == null) {
            block();
            return;
        }
        String from = a.getSender() == null ? "nobody" : a.getSender().getLocalName();
        answers.merge(
                ACLMessage.getPerformative(a.getPerformative()) + " from " + from.replaceAll("-[0-9]+$", "-k"),
                1,
                Integer::sum);
    }

    /** The counts so far, as a map's text. */
    @Override
    public String toString() {
        return answers.toString();
    }
}
