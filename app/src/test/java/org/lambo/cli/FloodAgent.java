package org.lambo.cli;

import jade.core.AID;
import jade.core.behaviours.TickerBehaviour;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.Vocabulary;
import org.lambo.mec.Instance;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.jade.LamboAcl;

/**
 * A flooding agent for {@link ChaosIT}, in an admitted (hostile) container: once the orchestrator is there, it sends
 * ue-0's own offloading request of slot 0 (the very content ue-0 sends, under the flooder's own name), {@code perTick}
 * copies every {@value #TICK_MS} ms, {@code total} in all, each in a conversation of its own. It counts the answers by
 * performative and sender ({@link AnswerTally}) and prints, once done, {@code flood: done: sent N in T ms; answers
 * {...}}, then every second {@code flood: answers after T ms {...}} (T from its first message) while the platform
 * lives.
 *
 * <p>Arguments (strings): scenario, seed, total, perTick.
 */
public class FloodAgent extends jade.core.Agent {
    static final long TICK_MS = 100;

    private final AnswerTally answers = new AnswerTally(this);
    private long firstNs;

    @Override
    protected void setup() {
        Object[] args = getArguments();
        var scenario = org.lambo.scenario.ScenarioLoader.load((String) args[0]);
        Instance slot0 = new SlotSource(scenario, Long.parseLong((String) args[1])).slot(0);
        int total = Integer.parseInt((String) args[2]);
        int perTick = Integer.parseInt((String) args[3]);
        OffloadingRequest request = new OffloadingRequest(
                0, Vocabulary.ueState(slot0, 0, ServiceTypes.ueName(0)), Vocabulary.task(slot0, 0, 0));
        AID orchestrator = new AID(ServiceTypes.ORCHESTRATOR_NAME, AID.ISLOCALNAME);
        addBehaviour(new TickerBehaviour(this, TICK_MS) {
            private int sent;
            private boolean started;

            @Override
            protected void onTick() {
                if (!started) { // the orchestrator registers once it is up
                    try {
                        started = org.lambo.agents.Directory.searchOne(myAgent, ServiceTypes.ORCHESTRATOR) != null;
                    } catch (RuntimeException e) {
                        System.out.println("flood: the DF: " + e.getMessage());
                    }
                    if (!started) return;
                    firstNs = System.nanoTime();
                    System.out.println("flood: the orchestrator is there; flooding it");
                }
                for (int k = 0; k < perTick && sent < total; k++, sent++) {
                    send(LamboAcl.build(
                            ACLMessage.REQUEST,
                            FIPANames.InteractionProtocol.FIPA_REQUEST,
                            "offload-flood-" + sent,
                            5_000,
                            request,
                            orchestrator));
                }
                if (sent >= total) {
                    System.out.println(
                            "flood: done: sent " + sent + " in " + sinceFirstMs() + " ms; answers " + answers);
                    stop();
                    addBehaviour(new TickerBehaviour(myAgent, 1_000) {
                        @Override
                        protected void onTick() {
                            System.out.println("flood: answers after " + sinceFirstMs() + " ms " + answers);
                        }
                    });
                }
            }
        });
        addBehaviour(answers);
    }

    private long sinceFirstMs() {
        return (System.nanoTime() - firstNs) / 1_000_000;
    }
}
