package org.lambo.agents.platform;

import jade.core.AID;
import jade.core.behaviours.CyclicBehaviour;
import jade.core.behaviours.TickerBehaviour;
import jade.lang.acl.ACLMessage;
import java.util.concurrent.CompletableFuture;
import org.lambo.agents.Discipline;
import org.lambo.agents.GuardedAgent;
import org.lambo.agents.Peers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears of the trial's end in a peripheral container ({@link TrialEnd}): subscribes to the main container's
 * {@value TrialInfoAgent#NAME} (again each second until it agrees, at most {@value #TRIES} times: it may not live yet
 * when the container joins) and, when that agent says the trial has ended, runs {@code onEnded} (once), then confirms.
 * The same notice from any other sender is refused before its content is read (NOT_UNDERSTOOD naming the sender, within
 * the agent's answer budget) and counted ({@link Discipline.Kind#WRONG_SENDER}); anything else is dropped. Arguments:
 * the {@code Runnable onEnded}, and a {@code CompletableFuture<Void>} completed once the subscription is taken;
 * optionally how many times to ask (an {@code Integer}, {@value #TRIES} without) and a {@code Consumer<String>} told,
 * once, why it gave up (the log's warning without).
 */
public final class TrialEndListener extends GuardedAgent {
    /** The agent's name in container {@code container}. */
    static String nameIn(String container) {
        return PREFIX + container;
    }

    /** What every such agent's name starts with: {@link TrialInfoAgent} takes subscriptions only from these. */
    static final String PREFIX = "trial-end-";

    /** How many times it asks to hear of the trial's end. */
    static final int TRIES = 60;

    private static final Logger LOG = LoggerFactory.getLogger("org.lambo.platform");

    private final AID trialInfo = new AID(TrialInfoAgent.NAME, AID.ISLOCALNAME);
    private boolean subscribed;
    private boolean ended;

    @Override
    protected void setup() {
        Runnable onEnded = (Runnable) getArguments()[0];
        @SuppressWarnings("unchecked")
        CompletableFuture<Void> taken = (CompletableFuture<Void>) getArguments()[1];
        int tries = getArguments().length > 2 ? (Integer) getArguments()[2] : TRIES;
        @SuppressWarnings("unchecked")
        java.util.function.Consumer<String> givenUp = getArguments().length > 3
                ? (java.util.function.Consumer<String>) getArguments()[3]
                : why -> LOG.warn(getLocalName() + ": " + why);
        subscribe();
        addBehaviour(new TickerBehaviour(this, 1_000) {
            @Override
            protected void onTick() {
                if (subscribed) {
                    stop();
                } else if (getTickCount() >= tries) {
                    givenUp.accept(TrialInfoAgent.NAME + " did not take this container's subscription to the trial's"
                            + " end in " + tries + " tries: a lost link at the trial's end may then be taken for its"
                            + " main container's death");
                    stop();
                } else {
                    subscribe();
                }
            }
        });
        addBehaviour(new CyclicBehaviour(this) {
            @Override
            public void action() {
                ACLMessage m = receive();
                if (m == null) {
                    block();
                    return;
                }
                if (!TrialEnd.PROTOCOL.equals(m.getProtocol())) return;
                boolean fromTrialInfo = Peers.is(m.getSender(), trialInfo);
                if (m.getPerformative() == ACLMessage.AGREE && fromTrialInfo) {
                    subscribed = true;
                    taken.complete(null);
                } else if (m.getPerformative() == ACLMessage.INFORM) {
                    if (!fromTrialInfo) {
                        refuse(m);
                        return;
                    }
                    if (TrialEnd.REMOVED_CONVERSATION.equals(m.getConversationId())) {
                        cutOffRemoved(m.getContent());
                        return;
                    }
                    // the end is recorded before it is confirmed: once the main has every confirmation it closes
                    // the platform, and its port closing must find this container already told
                    if (!ended) {
                        ended = true;
                        onEnded.run();
                    }
                    ACLMessage confirm = m.createReply();
                    confirm.setPerformative(ACLMessage.CONFIRM);
                    confirm.setSender(getAID());
                    send(confirm);
                }
            }
        });
    }

    /**
     * The main container removed a container: this one cuts its connections to it too (TrialEnd#REMOVED_CONVERSATION).
     */
    private void cutOffRemoved(String content) {
        java.util.List<String> addresses = TrialEnd.removedAddresses(content);
        if (addresses == null) {
            LOG.warn(getLocalName() + ": a removal whose content is not addresses host:port, ignored: "
                    + (content == null ? "none" : "'" + content.substring(0, Math.min(80, content.length())) + "'"));
            return;
        }
        int cut = TrialTlsPeer.cutOff(addresses);
        LOG.warn(getLocalName() + ": the main container removed the container at " + String.join(", ", addresses)
                + "; cut " + cut + " connection(s) to it");
    }

    private void subscribe() {
        ACLMessage s = new ACLMessage(ACLMessage.SUBSCRIBE);
        s.setSender(getAID());
        s.addReceiver(trialInfo);
        s.setProtocol(TrialEnd.PROTOCOL);
        s.setConversationId(TrialEnd.PROTOCOL);
        send(s);
    }

    /** A trial's end said by another agent than {@value TrialInfoAgent#NAME}: refused unread, counted. */
    private void refuse(ACLMessage m) {
        String sender = Peers.name(m.getSender());
        String why = "the trial's end is taken only from " + TrialInfoAgent.NAME + ", not " + sender;
        discipline().count(Discipline.Kind.WRONG_SENDER, why);
        if (discipline().count(Discipline.Kind.WRONG_SENDER) == 1) LOG.warn(getLocalName() + " refused: " + why);
        if (!answerTo(sender)) return;
        ACLMessage answer = m.createReply();
        answer.setPerformative(ACLMessage.NOT_UNDERSTOOD);
        answer.setSender(getAID());
        answer.setContent(why);
        send(answer);
    }
}
