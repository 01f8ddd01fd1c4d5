package org.lambo.agents.orchestrator;

import jade.core.AID;
import jade.core.Agent;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import jade.proto.ContractNetInitiator;
import java.util.Comparator;
import java.util.List;
import java.util.Vector;
import java.util.function.Consumer;
import org.lambo.aed.alef.OnlineAlef;
import org.lambo.agents.GuardedAgent;
import org.lambo.ontology.Label;
import org.lambo.ontology.LabelRequest;
import org.lambo.ontology.MalformedMessageException;
import org.lambo.ontology.Proposal;
import org.lambo.ontology.jade.LamboAcl;
import org.slf4j.LoggerFactory;

/**
 * The initiator of a FIPA Contract Net for one label: calls the experts for proposals, accepts the one that answers
 * soonest (then the cheapest), rejects the others, and hands over the label, or why there is none, exactly once.
 * Proposals and the label each have their deadline. Online ALEF sends its high-entropy slots out through it.
 */
public final class CallForLabels extends ContractNetInitiator {
    /** How a call ended: the accepted proposal and its label, or why there is none. */
    public record Outcome(Proposal accepted, Label label, String failure) {
        public boolean labelled() {
            return label != null;
        }
    }

    private final LabelRequest request;
    private final List<AID> experts;
    private final long proposalMs;
    private final long labelMs;
    private final Consumer<Outcome> done;
    private Proposal accepted;
    private long acceptedLabelMs;
    private boolean over;

    /**
     * @param proposalMs how long the experts have to propose
     * @param labelMs how long the accepted expert has at least to label, after the proposals; more when its bid says it
     *     needs more ({@link OnlineAlef.Options#labelDeadlineMs(long, double)})
     */
    public CallForLabels(
            Agent agent,
            LabelRequest request,
            List<AID> experts,
            long proposalMs,
            long labelMs,
            Consumer<Outcome> done) {
        super(agent, null);
        if (experts.isEmpty())
            throw new IllegalArgumentException("no experts to call for label " + request.requestId());
        this.request = request;
        this.experts = List.copyOf(experts);
        this.proposalMs = proposalMs;
        this.labelMs = labelMs;
        this.done = done;
    }

    @Override
    protected Vector<ACLMessage> prepareCfps(ACLMessage ignored) {
        Vector<ACLMessage> v = new Vector<>();
        v.add(LamboAcl.build(
                ACLMessage.CFP,
                FIPANames.InteractionProtocol.FIPA_CONTRACT_NET,
                conversation(),
                proposalMs,
                request,
                experts.toArray(new AID[0])));
        // proposals and the label are left to this call however long its agent takes to get to them
        if (myAgent instanceof GuardedAgent g) g.awaitReplies(conversation());
        return v;
    }

    private String conversation() {
        return "label-" + request.requestId();
    }

    @Override
    public int onEnd() {
        if (myAgent instanceof GuardedAgent g) g.stopAwaiting(conversation());
        return super.onEnd();
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    protected void handleAllResponses(Vector responses, Vector acceptances) {
        ACLMessage best = null;
        Proposal bestProposal = null;
        Comparator<Proposal> order =
                Comparator.comparingDouble(Proposal::timeToAnswerS).thenComparingDouble(Proposal::cost);
        for (Object o : responses) {
            ACLMessage msg = (ACLMessage) o;
            if (msg.getPerformative() != ACLMessage.PROPOSE) continue;
            try {
                Proposal p = LamboAcl.read(msg, Proposal.class);
                if (bestProposal == null || order.compare(p, bestProposal) < 0) {
                    best = msg;
                    bestProposal = p;
                }
            } catch (MalformedMessageException e) {
                // an unreadable proposal is not considered; the expert is rejected below
            }
        }
        for (Object o : responses) {
            ACLMessage msg = (ACLMessage) o;
            if (msg.getPerformative() != ACLMessage.PROPOSE) continue;
            ACLMessage reply = msg.createReply();
            reply.setPerformative(msg == best ? ACLMessage.ACCEPT_PROPOSAL : ACLMessage.REJECT_PROPOSAL);
            if (msg == best) {
                acceptedLabelMs = OnlineAlef.Options.labelDeadlineMs(labelMs, bestProposal.timeToAnswerS());
                reply.setReplyByDate(new java.util.Date(System.currentTimeMillis() + acceptedLabelMs));
            }
            acceptances.add(reply);
        }
        if (best == null) {
            finish(new Outcome(
                    null, null, "no expert proposed within " + proposalMs + " ms (" + responses.size() + " answers)"));
        } else {
            accepted = bestProposal;
        }
    }

    @Override
    protected void handleInform(ACLMessage inform) {
        try {
            finish(new Outcome(accepted, LamboAcl.read(inform, Label.class), null));
        } catch (MalformedMessageException e) {
            finish(new Outcome(
                    accepted,
                    null,
                    "unreadable label from " + inform.getSender().getLocalName() + ": " + e.getMessage()));
        }
    }

    @Override
    protected void handleFailure(ACLMessage failure) {
        finish(new Outcome(
                accepted, null, failure.getSender().getLocalName() + " failed: " + LamboAcl.reason(failure)));
    }

    @Override
    @SuppressWarnings("rawtypes")
    protected void handleAllResultNotifications(Vector notifications) {
        // one wording for every such case, so that the trial's summary groups them; the numbers are in the log
        LoggerFactory.getLogger(CallForLabels.class)
                .atDebug()
                .log(() -> "label " + request.requestId() + ": none within " + acceptedLabelMs
                        + " ms of the acceptance (bid " + (accepted == null ? "none" : accepted.timeToAnswerS() + " s")
                        + ")");
        finish(new Outcome(accepted, null, "no label by the deadline (label time plus twice the expert's bid)"));
    }

    private void finish(Outcome o) {
        if (over) return;
        over = true;
        done.accept(o);
    }
}
