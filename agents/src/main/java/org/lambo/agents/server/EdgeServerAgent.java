package org.lambo.agents.server;

import jade.core.AID;
import jade.core.Agent;
import jade.domain.FIPAAgentManagement.FailureException;
import jade.domain.FIPAAgentManagement.NotUnderstoodException;
import jade.domain.FIPAAgentManagement.RefuseException;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import jade.proto.AchieveREResponder;
import java.util.Optional;
import java.util.logging.Logger;
import org.lambo.agents.AnswerUnknownMessages;
import org.lambo.agents.BootArguments;
import org.lambo.agents.Directory;
import org.lambo.agents.ReceiveContent;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.Vocabulary;
import org.lambo.mec.CostModel;
import org.lambo.mec.Instance;
import org.lambo.ontology.MalformedMessageException;
import org.lambo.ontology.MessageType;
import org.lambo.ontology.ServerAllocation;
import org.lambo.ontology.ServerState;
import org.lambo.ontology.SlotStart;
import org.lambo.ontology.TaskResult;
import org.lambo.ontology.TaskSubmission;
import org.lambo.ontology.jade.LamboAcl;

/**
 * An edge server: owns a CPU capacity (from the world, drift included), reports its state to the
 * orchestrator when a slot starts, reserves the shares the orchestrator gives it, and runs the tasks
 * submitted under those shares, refusing any it holds no share for. Registered with the DF as
 * {@value ServiceTypes#EDGE_SERVER}, service name {@code server-j}.
 *
 * <p>Time is simulated: a task's upload time is D / r and its compute time F / (s f), both from
 * {@link CostModel} on the world's slot, so a task ends the moment it is admitted.
 *
 * <p>Arguments: the {@link SlotSource} of its JVM and its server number j (Integer, 1-based); or, from
 * {@code jade.Boot}, the strings (scenario, seed, j): see {@link BootArguments}.
 */
public class EdgeServerAgent extends Agent {
    private static final Logger LOG = Logger.getLogger(EdgeServerAgent.class.getName());

    private SlotSource world;
    private ServerLedger ledger;
    private AID orchestrator;

    static final MessageTemplate SLOT_STARTS = LamboAcl.template(ServiceTypes.SLOT_PROTOCOL, ACLMessage.INFORM, MessageType.SLOT_START);
    static final MessageTemplate ALLOCATIONS = LamboAcl.template(FIPANames.InteractionProtocol.FIPA_REQUEST, ACLMessage.REQUEST, MessageType.SERVER_ALLOCATION);
    static final MessageTemplate SUBMISSIONS = LamboAcl.template(FIPANames.InteractionProtocol.FIPA_REQUEST, ACLMessage.REQUEST, MessageType.TASK_SUBMISSION);

    @Override
    protected void setup() {
        LamboAcl.register(getContentManager());
        Object[] args = getArguments();
        int j;
        if (BootArguments.fromBoot(args) && args.length == 3) {
            // from jade.Boot: (scenario, seed, server number)
            this.world = BootArguments.world(getLocalName(), (String) args[0], (String) args[1]);
            j = BootArguments.intArg(getLocalName(), "server number", (String) args[2]);
            int m = world.scenario().servers().size();
            if (j < 1 || j > m) throw new IllegalArgumentException(getLocalName() + ": server number must be in 1.." + m + ", got " + j);
        } else if (args != null && args.length >= 2 && args[0] instanceof SlotSource s && args[1] instanceof Integer n) {
            this.world = s;
            j = n;
        } else {
            throw new IllegalArgumentException(getLocalName() + " needs arguments (SlotSource, Integer server number), or from jade.Boot (scenario, seed, server number)");
        }
        this.ledger = new ServerLedger(j);
        Directory.register(this, ServiceTypes.EDGE_SERVER, ServiceTypes.serverName(j));
        addBehaviour(new ReportStateAtSlotStart());
        addBehaviour(new ReserveShares(this));
        addBehaviour(new RunSubmittedTasks(this));
        addBehaviour(new AnswerUnknownMessages(this, MessageTemplate.or(SLOT_STARTS, MessageTemplate.or(ALLOCATIONS, SUBMISSIONS))));
    }

    @Override
    protected void takeDown() {
        Directory.deregister(this);
    }

    public int number() {
        return ledger.number();
    }

    /** The world this server lives in. */
    protected SlotSource world() {
        return world;
    }

    /** Its CPU capacity f_j in a slot: the world's (drift included). A device-backed server reports its device's. */
    protected double cpuHz(Instance inst) {
        return inst.server(ledger.number()).cpuHz();
    }

    /** Whether it is up in a slot: the world's. A device-backed server is also down while its device is offline. */
    protected boolean up(Instance inst) {
        return inst.server(ledger.number()).up();
    }

    private ServerState state(int slot) {
        Instance inst = world.slot(slot);
        ServerState s = Vocabulary.serverState(inst, ledger.number(), getLocalName(), slot);
        return new ServerState(s.server(), s.number(), slot, s.x(), s.y(), cpuHz(inst), up(inst), ledger.load(slot), ledger.tasks(slot));
    }

    /** When a slot starts: open it in the ledger with this slot's capacity and tell the orchestrator. */
    private final class ReportStateAtSlotStart extends ReceiveContent<SlotStart> {
        ReportStateAtSlotStart() {
            super(EdgeServerAgent.this, SLOT_STARTS, SlotStart.class);
        }

        @Override
        protected void handle(ACLMessage msg, SlotStart start) {
            Instance inst = world.slot(start.slot());
            ledger.open(start.slot(), cpuHz(inst), up(inst));
            if (orchestrator == null) orchestrator = Directory.searchOne(EdgeServerAgent.this, ServiceTypes.ORCHESTRATOR);
            if (orchestrator == null) {
                LOG.warning(getLocalName() + ": no orchestrator registered, slot " + start.slot() + " state not reported");
                return;
            }
            send(LamboAcl.build(ACLMessage.INFORM, ServiceTypes.STATE_PROTOCOL, state(start.slot()), orchestrator));
        }
    }

    /** FIPA-Request responder: reserve an allocation's shares, answer with the server's state (its load). */
    private final class ReserveShares extends AchieveREResponder {
        ReserveShares(Agent a) {
            super(a, ALLOCATIONS);
        }

        @Override
        protected ACLMessage handleRequest(ACLMessage request) throws NotUnderstoodException, RefuseException {
            ServerAllocation a;
            try {
                a = LamboAcl.read(request, ServerAllocation.class);
            } catch (MalformedMessageException e) {
                throw new NotUnderstoodException(e.getMessage());
            }
            Optional<String> refusal = ledger.reserve(a);
            if (refusal.isPresent()) throw new RefuseException(refusal.get());
            return LamboAcl.reply(request, ACLMessage.INFORM, state(a.slot()));
        }
    }

    /** FIPA-Request responder: run a submitted task under its share, or refuse it. */
    private final class RunSubmittedTasks extends AchieveREResponder {
        RunSubmittedTasks(Agent a) {
            super(a, SUBMISSIONS);
        }

        @Override
        protected ACLMessage handleRequest(ACLMessage request) throws NotUnderstoodException, RefuseException {
            TaskSubmission s;
            try {
                s = LamboAcl.read(request, TaskSubmission.class);
            } catch (MalformedMessageException e) {
                throw new NotUnderstoodException(e.getMessage());
            }
            Optional<String> refusal = ledger.admit(s);
            if (refusal.isPresent()) throw new RefuseException(refusal.get());
            try {
                return LamboAcl.reply(request, ACLMessage.INFORM, run(s));
            } catch (FailureException e) {
                return LamboAcl.replyWithReason(request, ACLMessage.FAILURE, e.getMessage());
            }
        }
    }

    /**
     * Runs an admitted task. Here as the world runs it: upload D / r, then F / (s f) on this server's CPU.
     * A device-backed server runs it on its device and may fail it with the reason.
     */
    protected TaskResult run(TaskSubmission s) throws FailureException {
        Instance inst = world.slot(s.slot());
        int i = s.ue().index();
        int j = ledger.number();
        double upload = CostModel.uploadTime(inst, i, j);
        double compute = CostModel.serverComputeTime(inst, i, j, s.share());
        return new TaskResult(s.slot(), s.task().taskId(), s.ue().ue(), j, s.share(), upload, compute,
                CostModel.offloadLatency(inst, i, j, s.share()));
    }
}
