package org.lambo.agents.platform;

import jade.core.AID;
import jade.core.Agent;
import jade.core.behaviours.CyclicBehaviour;
import jade.core.behaviours.WakerBehaviour;
import jade.lang.acl.ACLMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lambo.agents.Directory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the trial's {@link TrialInfo} in the DF (type {@value TrialInfo#SERVICE_TYPE}, the info in the service
 * name) for joining containers to check, and tells the containers that subscribed ({@link TrialEndListener}, protocol
 * {@value TrialEnd#PROTOCOL}: AGREE; REFUSE to any agent not named {@code trial-end-*} and beyond
 * {@value TrialEnd#MOST_SUBSCRIBERS} subscribers) that the trial has ended when its main container asks it to
 * ({@link TrialEnd.Announce}, O2A), before the platform is killed. Argument: the {@link TrialInfo}. Any other message
 * is dropped unanswered.
 */
public final class TrialInfoAgent extends Agent {
    /** The agent's name in the main container. */
    public static final String NAME = "trial-info";

    private static final Logger LOG = LoggerFactory.getLogger("org.lambo.platform");

    private final List<AID> subscribers = new ArrayList<>();
    /** While the end is being told: the notices not answered yet, by their reply-with. */
    private final Map<String, AID> unanswered = new HashMap<>();

    private TrialEnd.Announce announcing;
    private int confirmed;

    {
        // at construction: JADE drops an O2A object handed over before the channel is enabled
        setEnabledO2ACommunication(true, 0);
    }

    @Override
    protected void setup() {
        TrialInfo info = (TrialInfo) getArguments()[0];
        addBehaviour(new org.lambo.agents.RegisterWithDirectory(
                this, TrialInfo.SERVICE_TYPE, info.encode(), () -> {}, why -> {
                    // a joining container then finds no trial info and says so
                    LOG.warn(why);
                    doDelete();
                }));
        addBehaviour(new CyclicBehaviour(this) {
            @Override
            public void action() {
                boolean any = false;
                for (Object o = getO2AObject(); o != null; o = getO2AObject()) {
                    any = true;
                    if (o instanceof TrialEnd.Announce a) announce(a);
                    if (o instanceof TrialEnd.Removed r) tellRemoved(r);
                }
                for (ACLMessage m = receive(); m != null; m = receive()) {
                    any = true;
                    take(m);
                }
                if (!any) block();
            }
        });
    }

    private void take(ACLMessage m) {
        if (!TrialEnd.PROTOCOL.equals(m.getProtocol()) || m.getSender() == null) return;
        switch (m.getPerformative()) {
            case ACLMessage.SUBSCRIBE -> {
                ACLMessage answer = m.createReply();
                if (!m.getSender().getLocalName().startsWith(TrialEndListener.PREFIX)) {
                    // a trial's end is told to the containers' listeners only: no other agent fills their room
                    answer.setPerformative(ACLMessage.REFUSE);
                    answer.setContent("the trial's end is told only to the containers' " + TrialEndListener.PREFIX
                            + "* agents, not " + m.getSender().getLocalName());
                } else if (subscribers.contains(m.getSender())) {
                    answer.setPerformative(ACLMessage.AGREE);
                } else if (subscribers.size() >= TrialEnd.MOST_SUBSCRIBERS) {
                    answer.setPerformative(ACLMessage.REFUSE);
                    answer.setContent("at most " + TrialEnd.MOST_SUBSCRIBERS + " containers hear of the trial's end");
                } else {
                    subscribers.add(m.getSender());
                    answer.setPerformative(ACLMessage.AGREE);
                }
                answer.setSender(getAID());
                send(answer);
            }
            case ACLMessage.CONFIRM, ACLMessage.FAILURE -> {
                // the subscriber's confirmation, or the AMS's word that the notice could not be delivered
                AID to = m.getInReplyTo() == null ? null : unanswered.get(m.getInReplyTo());
                if (to == null) return;
                boolean fromIt = to.equals(m.getSender());
                if (m.getPerformative() == ACLMessage.CONFIRM && !fromIt) return;
                unanswered.remove(m.getInReplyTo());
                if (fromIt) confirmed++;
                if (unanswered.isEmpty()) finish();
            }
            default -> {
                // nothing else is this agent's to answer
            }
        }
    }

    /** Tells every subscriber but the removed container's own listener that the container was removed. */
    private void tellRemoved(TrialEnd.Removed r) {
        ACLMessage notice = new ACLMessage(ACLMessage.INFORM);
        notice.setSender(getAID());
        notice.setProtocol(TrialEnd.PROTOCOL);
        notice.setConversationId(TrialEnd.REMOVED_CONVERSATION);
        notice.setContent(String.join(" ", r.addresses()));
        String own = TrialEndListener.nameIn(r.container());
        int receivers = 0;
        for (AID a : subscribers) {
            if (a.getLocalName().equals(own)) continue;
            notice.addReceiver(a);
            receivers++;
        }
        if (receivers > 0) send(notice);
    }

    /** Tells every subscriber that the trial has ended, one copy each; {@link #finish()} when all answered. */
    private void announce(TrialEnd.Announce a) {
        if (announcing != null) {
            a.confirmed().complete(confirmed); // told already
            return;
        }
        announcing = a;
        for (int i = 0; i < subscribers.size(); i++) {
            ACLMessage notice = new ACLMessage(ACLMessage.INFORM);
            notice.setSender(getAID());
            notice.addReceiver(subscribers.get(i));
            notice.setProtocol(TrialEnd.PROTOCOL);
            notice.setConversationId(TrialEnd.PROTOCOL);
            String replyWith = TrialEnd.PROTOCOL + "-" + i;
            notice.setReplyWith(replyWith);
            notice.setContent(TrialEnd.CONTENT);
            unanswered.put(replyWith, subscribers.get(i));
            send(notice);
        }
        if (unanswered.isEmpty()) {
            finish();
            return;
        }
        addBehaviour(new WakerBehaviour(this, a.waitMs()) {
            @Override
            protected void onWake() {
                if (!unanswered.isEmpty()) {
                    LOG.warn("the trial's end was not confirmed within " + a.waitMs() + " ms by "
                            + unanswered.values().stream()
                                    .map(AID::getLocalName)
                                    .sorted()
                                    .toList());
                    unanswered.clear();
                }
                finish();
            }
        });
    }

    private void finish() {
        announcing.confirmed().complete(confirmed);
    }

    @Override
    protected void takeDown() {
        if (announcing != null) announcing.confirmed().complete(confirmed);
        Directory.deregister(this);
    }
}
