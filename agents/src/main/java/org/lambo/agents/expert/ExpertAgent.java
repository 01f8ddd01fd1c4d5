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
import org.lambo.agents.ServiceTypes;
import org.lambo.ontology.LabelRequest;
import org.lambo.ontology.MalformedMessageException;
import org.lambo.ontology.MessageType;
import org.lambo.ontology.jade.LamboAcl;

/**
 * An expert (e.g. {@code mip}, {@code de}): answers FIPA Contract Net calls for proposals with a bid
 * (cost, time to answer) and, when its bid is accepted, with the label; answers plain FIPA REQUESTs
 * for a label directly. Registered with the DF as {@value ServiceTypes#EXPERT}, service name = its
 * policy's name. It solves on its own thread of control: while it solves, its other conversations
 * wait (the bid's time to answer says so).
 *
 * <p>Arguments: a {@link Labeller}.
 */
public class ExpertAgent extends Agent {
    static final MessageTemplate CFPS = LamboAcl.template(FIPANames.InteractionProtocol.FIPA_CONTRACT_NET, ACLMessage.CFP, MessageType.LABEL_REQUEST);
    static final MessageTemplate REQUESTS = LamboAcl.template(FIPANames.InteractionProtocol.FIPA_REQUEST, ACLMessage.REQUEST, MessageType.LABEL_REQUEST);

    private Labeller labeller;

    @Override
    protected void setup() {
        LamboAcl.register(getContentManager());
        Object[] args = getArguments();
        if (args == null || args.length != 1 || !(args[0] instanceof Labeller l)) {
            throw new IllegalArgumentException(getLocalName() + " needs one argument, a Labeller");
        }
        this.labeller = l;
        Directory.register(this, ServiceTypes.EXPERT, l.policyName());
        addBehaviour(new ProposeLabels(this));
        addBehaviour(new AnswerLabelRequests(this));
        // an accept or reject proposal is a reply (in-reply-to set): the contract-net responder takes it
        addBehaviour(new AnswerUnknownMessages(this, MessageTemplate.or(CFPS, REQUESTS)));
    }

    @Override
    protected void takeDown() {
        Directory.deregister(this);
    }

    private static LabelRequest read(ACLMessage msg) throws NotUnderstoodException {
        try {
            return LamboAcl.read(msg, LabelRequest.class);
        } catch (MalformedMessageException e) {
            throw new NotUnderstoodException(e.getMessage());
        }
    }

    /** Contract Net responder: bid, then label when accepted. */
    private final class ProposeLabels extends ContractNetResponder {
        ProposeLabels(Agent a) {
            super(a, CFPS);
        }

        @Override
        protected ACLMessage handleCfp(ACLMessage cfp) throws RefuseException, FailureException, NotUnderstoodException {
            return LamboAcl.reply(cfp, ACLMessage.PROPOSE, labeller.propose(read(cfp)));
        }

        @Override
        protected ACLMessage handleAcceptProposal(ACLMessage cfp, ACLMessage propose, ACLMessage accept) throws FailureException {
            try {
                return LamboAcl.reply(accept, ACLMessage.INFORM, labeller.label(LamboAcl.read(cfp, LabelRequest.class)));
            } catch (RuntimeException e) {
                throw new FailureException(labeller.policyName() + " cannot label: " + e.getMessage());
            }
        }

        @Override
        protected void handleRejectProposal(ACLMessage cfp, ACLMessage propose, ACLMessage reject) {
            labeller.release();
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
                ACLMessage failure = LamboAcl.replyWithReason(request, ACLMessage.FAILURE, labeller.policyName() + " cannot label: " + e.getMessage());
                return failure;
            }
        }
    }
}
