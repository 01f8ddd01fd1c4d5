package org.lambo.agents.server;

import jade.core.AID;
import jade.domain.FIPAAgentManagement.FailureException;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import jade.proto.states.ReplySender;
import java.util.Optional;
import org.lambo.agents.AnswerUnknownMessages;
import org.lambo.agents.BootArguments;
import org.lambo.agents.Directory;
import org.lambo.agents.Discipline;
import org.lambo.agents.GuardedAgent;
import org.lambo.agents.LocalDelivery;
import org.lambo.agents.Peers;
import org.lambo.agents.ReceiveContent;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotAdmission;
import org.lambo.agents.SlotGate;
import org.lambo.agents.SlotSource;
import org.lambo.agents.TakeEveryMessage;
import org.lambo.agents.TakeFromClock;
import org.lambo.agents.Vocabulary;
import org.lambo.agents.ue.KnownByName;
import org.lambo.mec.CostModel;
import org.lambo.mec.Instance;
import org.lambo.ontology.LamboMessage;
import org.lambo.ontology.MalformedMessageException;
import org.lambo.ontology.ServerAllocation;
import org.lambo.ontology.ServerState;
import org.lambo.ontology.SlotStart;
import org.lambo.ontology.TaskResult;
import org.lambo.ontology.TaskSubmission;
import org.lambo.ontology.jade.LamboAcl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An edge server: owns a CPU capacity (from the world, drift included), reports its state to the orchestrator when a
 * slot starts, reserves the shares the orchestrator gives it, and runs the tasks submitted under those shares, refusing
 * any it holds no share for. Registered with the DF as {@value ServiceTypes#EDGE_SERVER}, service name
 * {@code server-j}.
 *
 * <p>Time is simulated: a task's upload time is D / r and its compute time F / (s f), both from {@link CostModel} on
 * the world's slot, so a task ends the moment it is admitted.
 *
 * <p>Discipline: a slot-start is taken only from the trial's clock ({@link Peers#clock()}), only for the next slot
 * ({@link SlotGate.Order#EVERY_SLOT}; the first may be any) and only with its scenario's N and M; an allocation only
 * from the orchestrator it found in the DF (in a trial whose UEs are known by name, {@link KnownByName}: the agent
 * named {@value ServiceTypes#ORCHESTRATOR_NAME}, without asking the DF); a task only under a share granted to the UE
 * that submits it. Anything else is refused with the reason (NOT_UNDERSTOOD for an INFORM, REFUSE for a REQUEST),
 * counted ({@link Discipline}) and changes nothing.
 *
 * <p>Arguments: the {@link SlotSource} of its JVM and its server number j (Integer, 1-based); or, from
 * {@code jade.Boot}, the strings (scenario, seed, j): see {@link BootArguments}. Its local name must be
 * {@code server-j}.
 */
public class EdgeServerAgent extends GuardedAgent {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeServerAgent.class);

    private SlotSource world;
    private ServerLedger ledger;
    private AID orchestrator;
    private final SlotGate slots = new SlotGate(SlotGate.Order.EVERY_SLOT);

    static final MessageTemplate SLOT_STARTS = LamboAcl.template(ServiceTypes.SLOT_PROTOCOL, ACLMessage.INFORM);
    /** Allocations and task submissions: one responder takes both and dispatches on the content's type. */
    static final MessageTemplate REQUESTS =
            LamboAcl.template(FIPANames.InteractionProtocol.FIPA_REQUEST, ACLMessage.REQUEST);

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
            if (j < 1 || j > m)
                throw new IllegalArgumentException(
                        getLocalName() + ": server number must be in 1.." + m + ", got " + j);
        } else if (args != null
                && args.length >= 2
                && args[0] instanceof SlotSource s
                && args[1] instanceof Integer n) {
            this.world = s;
            j = n;
        } else {
            throw new IllegalArgumentException(
                    getLocalName()
                            + " needs arguments (SlotSource, Integer server number), or from jade.Boot (scenario, seed, server number)");
        }
        if (!ServiceTypes.serverName(j).equals(getLocalName())) {
            throw new IllegalArgumentException(getLocalName() + ": the agent of server " + j + " must be named "
                    + ServiceTypes.serverName(j) + " (the other agents know server j by the name server-j)");
        }
        this.ledger = new ServerLedger(j);
        // submissions also come under its lanes (JADE aliases server-j.lane-k): a container's UEs reach it side by side
        org.lambo.agents.Lanes.take(this);
        LocalDelivery.join(this);
        // a trial of thousands of UEs: the orchestrator by its well-known name, not searched for in a DF busy at the
        // slot start (names are unique on the platform; allocations are still taken from that agent only)
        if (KnownByName.ues(world.scenario())) orchestrator = byName();
        addBehaviour(new org.lambo.agents.RegisterWithDirectory(
                this,
                ServiceTypes.EDGE_SERVER,
                ServiceTypes.serverName(j),
                () -> {},
                why -> addBehaviour(new org.lambo.agents.LeaveAfterSetupFailure(this, why))));
        addBehaviour(new TakeEveryServerMessage());
    }

    private final ReportStateAtSlotStart slotStarts = new ReportStateAtSlotStart();
    private final ServeRequests requests = new ServeRequests();

    /**
     * The server's one receiving behaviour ({@link TakeEveryMessage}): a slot's start to
     * {@link ReportStateAtSlotStart}, a request (an allocation or a task) to {@link ServeRequests}, anything else to
     * {@link AnswerUnknownMessages#answerOrDrop}. It replaces three behaviours (a slot-start receiver, JADE's
     * FIPA-Request responder, an FSM of four steps a request, and a catch-all), each woken by every message.
     */
    private final class TakeEveryServerMessage extends TakeEveryMessage {
        TakeEveryServerMessage() {
            super(EdgeServerAgent.this);
        }

        @Override
        protected void route(ACLMessage m) {
            if (SLOT_STARTS.match(m)) slotStarts.take(m);
            else if (REQUESTS.match(m)) requests.serve(m);
            else AnswerUnknownMessages.answerOrDrop(EdgeServerAgent.this, m);
        }
    }

    @Override
    protected void takeDown() {
        LocalDelivery.leave(this);
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
        return new ServerState(
                s.server(),
                s.number(),
                slot,
                s.x(),
                s.y(),
                cpuHz(inst),
                up(inst),
                ledger.load(slot),
                ledger.tasks(slot));
    }

    /** The orchestrator by its well-known name, {@value ServiceTypes#ORCHESTRATOR_NAME}. */
    private static AID byName() {
        return new AID(ServiceTypes.ORCHESTRATOR_NAME, AID.ISLOCALNAME);
    }

    /**
     * The orchestrator as the DF knows it (null: none registered); when the DF cannot answer in time (busy with
     * thousands of agents), the agent of its well-known name, as a UE does: a state to it reaches the orchestrator, and
     * allocations are taken from that agent only.
     */
    private AID findOrchestrator() {
        try {
            return Directory.searchOne(this, ServiceTypes.ORCHESTRATOR);
        } catch (RuntimeException e) {
            LOG.warn(getLocalName() + ": the DF did not answer (" + ReceiveContent.describe(e) + "), reporting to "
                    + ServiceTypes.ORCHESTRATOR_NAME + " by name");
            return byName();
        }
    }

    /**
     * When the clock starts the next slot: open it in the ledger with this slot's capacity and tell the orchestrator.
     */
    private final class ReportStateAtSlotStart extends TakeFromClock<SlotStart> {
        ReportStateAtSlotStart() {
            super(EdgeServerAgent.this, SlotStart.class);
        }

        @Override
        protected void fromClock(ACLMessage msg, SlotStart start) {
            int t = start.slot();
            SlotAdmission inst = SlotAdmission.of(start, world, slots, getLocalName());
            if (!inst.admitted()) {
                refuse(msg, inst.kind(), inst.refusal());
                return;
            }
            slots.start(t);
            ledger.open(t, cpuHz(inst.instance()), up(inst.instance()));
            if (orchestrator == null) orchestrator = findOrchestrator();
            if (orchestrator == null) {
                LOG.warn(getLocalName() + ": no orchestrator registered, slot " + t + " state not reported");
                return;
            }
            LocalDelivery.send(
                    EdgeServerAgent.this,
                    LamboAcl.build(ACLMessage.INFORM, ServiceTypes.STATE_PROTOCOL, state(t), orchestrator));
        }
    }

    /**
     * The FIPA-Request responder's side for both requests a server takes: an allocation (reserve its shares, answer
     * with the server's state, its load) and a task submission (run it under its share); each answered at once with the
     * result (INFORM) or why not (REFUSE, FAILURE, NOT_UNDERSTOOD), as JADE's {@code AchieveREResponder} sends it
     * ({@code ReplySender.adjustReply}: conversation id, in-reply-to, protocol). Whatever goes wrong is answered, never
     * thrown.
     */
    private final class ServeRequests {
        /** Answers {@code request}. */
        void serve(ACLMessage request) {
            ACLMessage answer = handleRequest(request);
            ReplySender.adjustReply(EdgeServerAgent.this, answer, request);
            send(answer);
        }

        private ACLMessage handleRequest(ACLMessage request) {
            try {
                if (!Peers.namedLike(request.getSender(), "ue")
                        && (orchestrator == null || !Peers.is(request.getSender(), orchestrator))) {
                    return answer(
                            request,
                            ACLMessage.REFUSE,
                            Discipline.Kind.WRONG_SENDER,
                            "an edge server takes requests only from the orchestrator"
                                    + " (allocations) and the UEs (their tasks), not "
                                    + Peers.name(request.getSender()));
                }
                LamboMessage content;
                try {
                    content = LamboAcl.read(request);
                } catch (MalformedMessageException e) {
                    if (LamboAcl.oversize(request).isPresent())
                        return LamboAcl.replyWithReason(
                                request, ACLMessage.NOT_UNDERSTOOD, e.getMessage()); // counted on arrival
                    return answer(request, ACLMessage.NOT_UNDERSTOOD, Discipline.Kind.MALFORMED, e.getMessage());
                }
                if (content instanceof ServerAllocation a) return reserve(request, a);
                if (content instanceof TaskSubmission s) return runSubmitted(request, s);
                return answer(
                        request,
                        ACLMessage.NOT_UNDERSTOOD,
                        Discipline.Kind.MALFORMED,
                        "type must be 'server-allocation' or 'task-submission', got '"
                                + org.lambo.ontology.MessageType.of(content).wireName() + "'");
            } catch (RuntimeException e) {
                String reason = getLocalName() + " could not handle the request from " + Peers.name(request.getSender())
                        + ": " + ReceiveContent.describe(e);
                LOG.warn(reason, e);
                return answer(request, ACLMessage.FAILURE, Discipline.Kind.FAILED, reason);
            }
        }

        private ACLMessage reserve(ACLMessage request, ServerAllocation a) {
            if (orchestrator == null || !Peers.is(request.getSender(), orchestrator)) {
                return answer(
                        request,
                        ACLMessage.REFUSE,
                        Discipline.Kind.WRONG_SENDER,
                        "only the orchestrator" + (orchestrator == null ? "" : " (" + orchestrator.getLocalName() + ")")
                                + " allocates shares, not " + Peers.name(request.getSender()));
            }
            Optional<String> refusal = ledger.reserve(a);
            if (refusal.isPresent()) return answer(request, ACLMessage.REFUSE, Discipline.Kind.REFUSED, refusal.get());
            return LocalDelivery.mark(
                    EdgeServerAgent.this, LamboAcl.reply(request, ACLMessage.INFORM, state(a.slot())));
        }

        private ACLMessage runSubmitted(ACLMessage request, TaskSubmission s) {
            Optional<ServerLedger.Ran> before = ledger.again(s, Peers.name(request.getSender()));
            if (before.isPresent()) return answeredAgain(request, before.get());
            Optional<String> refusal = ledger.admit(s, Peers.name(request.getSender()));
            if (refusal.isPresent()) {
                boolean sender = !s.ue().ue().equals(Peers.name(request.getSender()));
                return answer(
                        request,
                        ACLMessage.REFUSE,
                        sender ? Discipline.Kind.WRONG_SENDER : Discipline.Kind.REFUSED,
                        refusal.get());
            }
            try {
                TaskResult result = run(s);
                ledger.ended(s, result, null);
                return LocalDelivery.mark(EdgeServerAgent.this, LamboAcl.reply(request, ACLMessage.INFORM, result));
            } catch (FailureException e) {
                String why = getLocalName() + " could not run " + s.task().taskId() + ": " + ReceiveContent.describe(e);
                ledger.ended(s, null, why);
                return LamboAcl.replyWithReason(request, ACLMessage.FAILURE, why);
            }
        }

        /** The same submission again from its UE (its result was lost): the same answer, the task is not run again. */
        private ACLMessage answeredAgain(ACLMessage request, ServerLedger.Ran ran) {
            LOG.atDebug().log(
                    () -> getLocalName() + ": " + ran.submission().task().taskId() + " submitted again by "
                            + Peers.name(request.getSender()) + ", answered again");
            return ran.result() != null
                    ? LamboAcl.reply(request, ACLMessage.INFORM, ran.result())
                    : LamboAcl.replyWithReason(request, ACLMessage.FAILURE, ran.failure());
        }

        private ACLMessage answer(ACLMessage request, int performative, Discipline.Kind kind, String reason) {
            ReceiveContent.count(EdgeServerAgent.this, kind, reason);
            return LamboAcl.replyWithReason(request, performative, reason);
        }
    }

    /**
     * Runs an admitted task. Here as the world runs it: upload D / r, then F / (s f) on this server's CPU. A
     * device-backed server runs it on its device and may fail it with the reason.
     */
    protected TaskResult run(TaskSubmission s) throws FailureException {
        Instance inst = world.slot(s.slot());
        int i = s.ue().index();
        int j = ledger.number();
        double upload = CostModel.uploadTime(inst, i, j);
        double compute = CostModel.serverComputeTime(inst, i, j, s.share());
        return s.resultOn(j, upload, compute, CostModel.offloadLatency(inst, i, j, s.share()));
    }
}
