package org.lambo.agents.expert;

import jade.core.Agent;
import jade.domain.FIPAAgentManagement.FailureException;
import jade.domain.FIPAAgentManagement.NotUnderstoodException;
import jade.domain.FIPAAgentManagement.RefuseException;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import jade.proto.AchieveREResponder;
import jade.proto.ContractNetResponder;
import org.lambo.agents.AnswerUnknownMessages;
import org.lambo.agents.Directory;
import org.lambo.agents.Discipline;
import org.lambo.agents.GuardedAgent;
import org.lambo.agents.Peers;
import org.lambo.agents.ReceiveContent;
import org.lambo.agents.ServiceTypes;
import org.lambo.ontology.LabelRequest;
import org.lambo.ontology.MalformedMessageException;
import org.lambo.ontology.jade.LamboAcl;
import org.slf4j.LoggerFactory;

/**
 * An expert (e.g. {@code mip}, {@code de}): answers FIPA Contract Net calls for proposals with a bid (cost, time to
 * answer) and, when its bid is accepted, with the label; answers plain FIPA REQUESTs for a label directly. Registered
 * with the DF as {@value ServiceTypes#EXPERT}, service name = its policy's name. An accepted Contract Net label is
 * solved on the agent's one solver thread, which sends the label (or the failure) when it is done: the agent goes on
 * bidding meanwhile, and its bids' time to answer count the labels queued before them, so an exact expert that takes
 * longer than a slot still answers every call for proposals in time. A plain REQUEST is solved on the agent's thread.
 *
 * <p>Anyone may ask an expert. A label request carries a whole slot, so an expert reads content up to
 * {@value #CONTENT_LIMIT} characters (a slot of about 20,000 UEs), the other agents up to 64 KiB.
 *
 * <p>Arguments: a {@link Labeller}.
 */
public class ExpertAgent extends GuardedAgent {
    /** The largest label request an expert reads, in characters. */
    public static final int CONTENT_LIMIT = 8 << 20;

    static final MessageTemplate CFPS =
            LamboAcl.template(FIPANames.InteractionProtocol.FIPA_CONTRACT_NET, ACLMessage.CFP);
    static final MessageTemplate REQUESTS =
            LamboAcl.template(FIPANames.InteractionProtocol.FIPA_REQUEST, ACLMessage.REQUEST);

    /** Accepted labels queued for the solver thread at most; one more is answered with a FAILURE saying so. */
    public static final int MAX_QUEUED_LABELS = 64;

    private Labeller labeller;
    private final java.util.concurrent.ExecutorService solver = new java.util.concurrent.ThreadPoolExecutor(
            1,
            1,
            0,
            java.util.concurrent.TimeUnit.MILLISECONDS,
            new java.util.concurrent.ArrayBlockingQueue<>(MAX_QUEUED_LABELS),
            r -> {
                Thread t = new Thread(r, "expert-solver");
                t.setDaemon(true);
                return t;
            });

    @Override
    protected void setup() {
        LamboAcl.register(getContentManager());
        Object[] args = getArguments();
        if (args == null || args.length != 1 || !(args[0] instanceof Labeller l)) {
            throw new IllegalArgumentException(getLocalName() + " needs one argument, a Labeller");
        }
        this.labeller = l;
        // the orchestrator finds no expert when it could not register, and says so
        addBehaviour(
                new org.lambo.agents.RegisterWithDirectory(this, ServiceTypes.EXPERT, l.policyName(), () -> {}, why -> {
                    LoggerFactory.getLogger(ExpertAgent.class).warn(why + "; " + getLocalName() + " ends");
                    doDelete();
                }));
        addBehaviour(new ProposeLabels(this));
        addBehaviour(new AnswerLabelRequests(this));
        // an accept or reject proposal is a reply (in-reply-to set): the contract-net responder takes it
        addBehaviour(new AnswerUnknownMessages(this, MessageTemplate.or(CFPS, REQUESTS)));
    }

    @Override
    protected void takeDown() {
        solver.shutdownNow();
        Directory.deregister(this);
    }

    @Override
    protected long contentLimit() {
        return CONTENT_LIMIT;
    }

    private LabelRequest read(ACLMessage msg) throws NotUnderstoodException {
        try {
            return LamboAcl.read(msg, LabelRequest.class);
        } catch (MalformedMessageException e) {
            if (LamboAcl.oversize(msg).isEmpty())
                ReceiveContent.count(this, Discipline.Kind.MALFORMED, e.getMessage()); // oversize: counted on arrival
            throw new NotUnderstoodException(e.getMessage());
        }
    }

    private FailureException failure(ACLMessage msg, RuntimeException e) {
        String reason =
                labeller.policyName() + " could not handle the " + ACLMessage.getPerformative(msg.getPerformative())
                        + " from " + Peers.name(msg.getSender()) + ": " + ReceiveContent.describe(e);
        ReceiveContent.count(this, Discipline.Kind.FAILED, reason);
        return new FailureException(reason);
    }

    /** Contract Net responder: bid, then label when accepted. */
    private final class ProposeLabels extends ContractNetResponder {
        ProposeLabels(Agent a) {
            super(a, CFPS);
        }

        @Override
        protected ACLMessage handleCfp(ACLMessage cfp)
                throws RefuseException, FailureException, NotUnderstoodException {
            LabelRequest r = read(cfp);
            try {
                return LamboAcl.reply(cfp, ACLMessage.PROPOSE, labeller.propose(r));
            } catch (RuntimeException e) {
                throw failure(cfp, e);
            }
        }

        /** Queues the label on the solver thread, which sends the INFORM or the FAILURE itself: no reply from here. */
        @Override
        protected ACLMessage handleAcceptProposal(ACLMessage cfp, ACLMessage propose, ACLMessage accept)
                throws FailureException {
            LabelRequest r;
            try {
                r = LamboAcl.read(cfp, LabelRequest.class);
            } catch (MalformedMessageException e) {
                throw new FailureException(labeller.policyName() + " cannot label: " + ReceiveContent.describe(e));
            }
            try {
                solver.execute(() -> send(labelOrFailure(accept, r)));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                labeller.release();
                throw new FailureException(labeller.policyName() + " cannot label: "
                        + (solver.isShutdown()
                                ? "the expert is shutting down"
                                : MAX_QUEUED_LABELS + " labels are queued already"));
            }
            return null;
        }

        @Override
        protected void handleRejectProposal(ACLMessage cfp, ACLMessage propose, ACLMessage reject) {
            try {
                labeller.release();
            } catch (RuntimeException e) {
                ReceiveContent.count(ExpertAgent.this, Discipline.Kind.FAILED, ReceiveContent.describe(e));
            }
        }
    }

    /** On the solver thread: the label as an INFORM reply to the acceptance, or a FAILURE saying why there is none. */
    private ACLMessage labelOrFailure(ACLMessage accept, LabelRequest r) {
        try {
            return LamboAcl.reply(accept, ACLMessage.INFORM, labeller.label(r));
        } catch (RuntimeException e) {
            return LamboAcl.replyWithReason(
                    accept, ACLMessage.FAILURE, labeller.policyName() + " cannot label: " + ReceiveContent.describe(e));
        }
    }

    /** FIPA-Request responder: a label now. */
    private final class AnswerLabelRequests extends AchieveREResponder {
        AnswerLabelRequests(Agent a) {
            super(a, REQUESTS);
        }

        @Override
        protected ACLMessage handleRequest(ACLMessage request) throws NotUnderstoodException, RefuseException {
            LabelRequest r = read(request);
            try {
                labeller.propose(r); // counted as owed while it is solved
                return LamboAcl.reply(request, ACLMessage.INFORM, labeller.label(r));
            } catch (RuntimeException e) {
                return LamboAcl.replyWithReason(
                        request,
                        ACLMessage.FAILURE,
                        labeller.policyName() + " cannot label: " + ReceiveContent.describe(e));
            }
        }
    }
}
