package org.lambo.agents;

import jade.core.Agent;
import jade.core.behaviours.SimpleBehaviour;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import org.lambo.ontology.jade.LamboAcl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends an agent of the trial (a UE, an edge server, the orchestrator) that could not set up, after telling the trial's
 * clock why: a FAILURE in protocol {@value ServiceTypes#SETUP_PROTOCOL} with the reason, to {@link Peers#clock()}, so
 * that the clock does not wait for the agent until its start-up deadline (a UE's tasks then fail with the reason). The
 * clock may not be there yet (it is started after the others, or in another JVM): the word is sent again, waits
 * doubling from {@value #FIRST_WAIT_MS} ms, while the platform answers that it cannot deliver it or nothing comes back,
 * until the clock confirms, refuses, or {@value #GIVE_UP_MS} ms have passed. Then the agent is deleted
 * ({@code doDelete}: its takeDown runs). The reason is logged once either way.
 */
public final class LeaveAfterSetupFailure extends SimpleBehaviour {
    private static final Logger LOG = LoggerFactory.getLogger(LeaveAfterSetupFailure.class);
    static final long FIRST_WAIT_MS = 250;
    static final long MOST_WAIT_MS = 4_000;
    /** How long the clock is waited for: a trial's default start-up window. */
    static final long GIVE_UP_MS = 60_000;

    private final String reason;
    private final String conversation;
    private final long giveUpNanos;
    private long waitMs = FIRST_WAIT_MS;
    private long resendNanos;
    private int sent;
    private boolean done;

    public LeaveAfterSetupFailure(Agent agent, String reason) {
        super(agent);
        this.reason = reason;
        this.conversation = "setup-" + agent.getLocalName() + "-" + System.nanoTime();
        this.giveUpNanos = System.nanoTime() + GIVE_UP_MS * 1_000_000L;
    }

    @Override
    public void onStart() {
        LOG.warn(reason + "; " + myAgent.getLocalName() + " ends");
        if (myAgent instanceof GuardedAgent g) g.awaitReplies(conversation);
    }

    @Override
    public void action() {
        if (sent > 0) {
            ACLMessage answer = myAgent.receive(MessageTemplate.MatchConversationId(conversation));
            if (answer != null) {
                if (answer.getPerformative() == ACLMessage.CONFIRM) {
                    leave(null);
                    return;
                }
                boolean undelivered = RegistrationRetry.answeredBy(
                                answer.getSender() == null
                                        ? null
                                        : answer.getSender().getLocalName(),
                                answer.getContent())
                        == RegistrationRetry.Answer.NOT_DELIVERED;
                if (!undelivered) {
                    // the clock itself answered, and not with a confirmation: nothing more to tell
                    leave("the clock did not take it: " + LamboAcl.reason(answer));
                    return;
                }
                // the platform could not deliver it (no clock yet): sent again at the next wait
            }
        }
        long now = System.nanoTime();
        if (now - giveUpNanos >= 0) {
            leave("no clock confirmed it within " + GIVE_UP_MS + " ms");
            return;
        }
        if (sent == 0 || now - resendNanos >= 0) {
            ACLMessage word =
                    LamboAcl.withReason(ACLMessage.FAILURE, ServiceTypes.SETUP_PROTOCOL, reason, Peers.clock());
            word.setConversationId(conversation);
            word.setReplyWith(conversation + "-" + (++sent));
            myAgent.send(word);
            resendNanos = now + waitMs * 1_000_000L;
            waitMs = Math.min(MOST_WAIT_MS, waitMs * 2);
        }
        block(Math.max(1, (resendNanos - System.nanoTime()) / 1_000_000L));
    }

    private void leave(String why) {
        done = true;
        if (myAgent instanceof GuardedAgent g) g.stopAwaiting(conversation);
        if (why != null) LOG.info(myAgent.getLocalName() + " could not tell the trial's clock: " + why);
        myAgent.doDelete();
    }

    @Override
    public boolean done() {
        return done;
    }
}
