package org.lambo.agents.orchestrator;

import jade.core.AID;
import jade.core.Agent;
import jade.core.behaviours.WakerBehaviour;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import jade.proto.AchieveREInitiator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.Vector;
import java.util.logging.Logger;
import org.lambo.agents.AnswerUnknownMessages;
import org.lambo.agents.DeathWatch;
import org.lambo.agents.Departure;
import org.lambo.agents.Directory;
import org.lambo.agents.ReceiveContent;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.Vocabulary;
import org.lambo.mec.Decision;
import org.lambo.ontology.Label;
import org.lambo.ontology.LabelRequest;
import org.lambo.ontology.MalformedMessageException;
import org.lambo.ontology.MessageType;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.ServerAllocation;
import org.lambo.ontology.ServerState;
import org.lambo.ontology.SlotStart;
import org.lambo.ontology.jade.LamboAcl;

/**
 * The orchestrator: collects a slot's requests (FIPA REQUEST, answered AGREE at once) and the servers'
 * states, decides the slot with its policy when everything expected has come or at the collection
 * deadline, asks every up server to reserve what it was given (FIPA REQUEST), and then answers each UE
 * (INFORM). A server that refuses or does not confirm in time is lost for the slot: its UEs are told
 * to run locally. Registered with the DF as {@value ServiceTypes#ORCHESTRATOR}.
 *
 * <p>Faults: the orchestrator watches the AMS ({@link DeathWatch}). A server whose agent dies, alone
 * or with its container, is down from that moment: a slot not yet decided is decided without it
 * (whatever state it reported before dying), and so are the following slots, until an agent of its
 * name is born again. It registers with the DF only once the AMS watch is live, so that a trial
 * (which starts when the orchestrator is registered) never runs with deaths unseen. A UE that dies is no longer waited for: a slot is decided as soon as every UE
 * and server still alive has reported, not at the collection deadline.
 *
 * <p>JADE's {@code AchieveREResponder} serves one conversation at a time and would send each result
 * before the next request is read; a slot's answers depend on all its requests, so the orchestrator
 * plays the responder role itself: AGREE on receipt, INFORM (or FAILURE) when the slot is decided.
 *
 * <p>Arguments: an {@link OrchestratorConfig}.
 */
public class OrchestratorAgent extends Agent {
    private static final Logger LOG = Logger.getLogger(OrchestratorAgent.class.getName());
    private static final int KEEP_SLOTS = 4;

    static final MessageTemplate SLOT_STARTS = LamboAcl.template(ServiceTypes.SLOT_PROTOCOL, ACLMessage.INFORM, MessageType.SLOT_START);
    static final MessageTemplate STATES = LamboAcl.template(ServiceTypes.STATE_PROTOCOL, ACLMessage.INFORM, MessageType.SERVER_STATE);
    static final MessageTemplate REQUESTS = LamboAcl.template(FIPANames.InteractionProtocol.FIPA_REQUEST, ACLMessage.REQUEST, MessageType.OFFLOADING_REQUEST);

    private OrchestratorConfig config;
    private SlotDecider decider;
    private final TreeMap<Integer, SlotBook<ACLMessage>> books = new TreeMap<>();
    private final Map<Integer, ServerState> lastKnown = new HashMap<>();
    private int lastDecided = -1;
    private final Set<Integer> goneUes = new HashSet<>();
    private final Map<Integer, String> goneServers = new TreeMap<>();
    private List<AID> experts = List.of();

    @Override
    protected void setup() {
        LamboAcl.register(getContentManager());
        Object[] args = getArguments();
        if (args == null || args.length != 1 || !(args[0] instanceof OrchestratorConfig c)) {
            throw new IllegalArgumentException(getLocalName() + " needs one argument, an OrchestratorConfig");
        }
        this.config = c;
        this.decider = new SlotDecider(c.policy(), c.prompt(), c.channel());
        addBehaviour(new TrackSlotStarts());
        addBehaviour(new ReceiveServerStates());
        addBehaviour(new ReceiveOffloadingRequests());
        addBehaviour(new DeathWatch(new NoteDepartures()));
        addBehaviour(new AnswerUnknownMessages(this, MessageTemplate.or(DeathWatch.amsMessages(this),
                MessageTemplate.or(SLOT_STARTS, MessageTemplate.or(STATES, REQUESTS)))));
    }

    @Override
    protected void takeDown() {
        Directory.deregister(this);
    }

    /** The book of a slot, opened (with its collection deadline) on first mention. */
    private SlotBook<ACLMessage> book(int slot) {
        SlotBook<ACLMessage> b = books.get(slot);
        if (b == null) {
            b = new SlotBook<>(slot);
            books.put(slot, b);
            while (books.size() > KEEP_SLOTS) books.pollFirstEntry();
            addBehaviour(new DecideAtCollectionDeadline(slot));
        }
        return b;
    }

    private void decideWhenReady(int slot) {
        SlotBook<ACLMessage> b = books.get(slot);
        if (b != null && !b.decided() && b.readyWithout(goneUes, goneServers.keySet())) decide(b);
    }

    /** The AMS said an agent died: a dead server is down, a dead UE is no longer waited for. */
    private final class NoteDepartures implements DeathWatch.Listener {
        @Override
        public void watching() {
            Directory.register(OrchestratorAgent.this, ServiceTypes.ORCHESTRATOR, config.policy().name());
        }

        @Override
        public void gone(Departure d) {
            d.ueIndex().ifPresent(goneUes::add);
            d.serverNumber().ifPresent(j -> goneServers.put(j, d.reason()));
            if (d.ueIndex().isEmpty() && d.serverNumber().isEmpty()) return;
            LOG.warning(getLocalName() + ": " + d.reason());
            for (int slot : new ArrayList<>(books.keySet())) decideWhenReady(slot);
        }

        @Override
        public void back(String agent) {
            Departure again = new Departure(agent, "", false);
            again.ueIndex().ifPresent(goneUes::remove);
            again.serverNumber().ifPresent(goneServers::remove);
        }
    }

    private final class TrackSlotStarts extends ReceiveContent<SlotStart> {
        TrackSlotStarts() {
            super(OrchestratorAgent.this, SLOT_STARTS, SlotStart.class);
        }

        @Override
        protected void handle(ACLMessage msg, SlotStart s) {
            if (s.slot() <= lastDecided) return;
            book(s.slot()).expect(s.ues(), s.servers());
            decideWhenReady(s.slot());
        }
    }

    private final class ReceiveServerStates extends ReceiveContent<ServerState> {
        ReceiveServerStates() {
            super(OrchestratorAgent.this, STATES, ServerState.class);
        }

        @Override
        protected void handle(ACLMessage msg, ServerState s) {
            lastKnown.put(s.number(), s);
            if (s.slot() <= lastDecided) return;
            book(s.slot()).add(s);
            decideWhenReady(s.slot());
        }
    }

    /** The responder side of the UEs' FIPA-Request: AGREE now, the decision when the slot is decided. */
    private final class ReceiveOffloadingRequests extends ReceiveContent<OffloadingRequest> {
        ReceiveOffloadingRequests() {
            super(OrchestratorAgent.this, REQUESTS, OffloadingRequest.class);
        }

        @Override
        protected void handle(ACLMessage msg, OffloadingRequest r) {
            SlotBook<ACLMessage> existing = books.get(r.slot());
            if (r.slot() <= lastDecided && (existing == null || existing.decided())) {
                send(LamboAcl.replyWithReason(msg, ACLMessage.REFUSE, "slot " + r.slot() + " is already decided"));
                return;
            }
            SlotBook<ACLMessage> b = book(r.slot());
            if (b.expectedServers() > 0 && r.ue().gains().size() != b.expectedServers()) {
                send(LamboAcl.replyWithReason(msg, ACLMessage.REFUSE, r.ue().ue() + " reports " + r.ue().gains().size()
                        + " gains, slot " + r.slot() + " has " + b.expectedServers() + " servers"));
                return;
            }
            if (!b.add(r, msg)) {
                send(LamboAcl.replyWithReason(msg, ACLMessage.REFUSE, r.ue().ue() + " has already asked in slot " + r.slot()));
                return;
            }
            ACLMessage agree = msg.createReply();
            agree.setPerformative(ACLMessage.AGREE);
            send(agree);
            decideWhenReady(r.slot());
        }
    }

    private final class DecideAtCollectionDeadline extends WakerBehaviour {
        private final int slot;

        DecideAtCollectionDeadline(int slot) {
            super(OrchestratorAgent.this, config.collectMs());
            this.slot = slot;
        }

        @Override
        protected void onWake() {
            SlotBook<ACLMessage> b = books.get(slot);
            if (b == null || b.decided()) return;
            LOG.info(() -> getLocalName() + ": slot " + slot + " decided at its deadline with " + b.requests().size() + " requests and "
                    + b.servers().size() + " server states");
            decide(b);
        }
    }

    private void decide(SlotBook<ACLMessage> b) {
        b.markDecided();
        lastDecided = Math.max(lastDecided, b.slot());
        List<SlotBook.Pending<ACLMessage>> pending = new ArrayList<>(b.requests());
        if (pending.isEmpty()) return;
        int m = b.expectedServers() > 0 ? b.expectedServers() : pending.get(0).request().ue().gains().size();
        List<SlotBook.Pending<ACLMessage>> fit = new ArrayList<>();
        for (SlotBook.Pending<ACLMessage> p : pending) {
            if (p.request().ue().gains().size() == m) {
                fit.add(p);
            } else {
                send(LamboAcl.replyWithReason(p.handle(), ACLMessage.FAILURE, p.request().ue().ue() + " reports "
                        + p.request().ue().gains().size() + " gains, slot " + b.slot() + " has " + m + " servers"));
            }
        }
        if (fit.isEmpty()) return;
        List<OffloadingRequest> requests = fit.stream().map(SlotBook.Pending::request).toList();
        List<ServerState> servers = SlotDecider.serversOrDown(b.slot(), m, b.servers(), lastKnown, goneServers.keySet());
        SlotPlan plan;
        try {
            plan = decider.decide(b.slot(), servers, requests);
        } catch (RuntimeException e) {
            for (SlotBook.Pending<ACLMessage> p : fit) {
                send(LamboAcl.replyWithReason(p.handle(), ACLMessage.FAILURE, "slot " + b.slot() + " cannot be decided: " + e.getMessage()));
            }
            return;
        }
        if (plan.allocations().isEmpty()) {
            answer(plan, fit);
        } else {
            addBehaviour(new ConfirmAllocations(plan, servers, fit));
        }
        if (config.alef() != null) askForLabelIfUncertain(plan, servers, requests);
    }

    /**
     * Online ALEF, after the slot's answers are on their way: a slot whose decision entropy is above the
     * threshold goes out to the experts as a Contract Net ({@link CallForLabels}, its own behaviour, so
     * the following slots are decided while it runs), and the label that comes back is handed to
     * {@link OnlineAlef}, which buffers it and fine-tunes in the background. The experts are looked up in
     * the DF on the first query (and again while none is found).
     */
    private void askForLabelIfUncertain(SlotPlan plan, List<ServerState> servers, List<OffloadingRequest> requests) {
        OnlineAlef alef = config.alef();
        if (Double.isNaN(plan.entropy()) || !alef.slotDecided(plan.slot(), plan.entropy())) return;
        if (experts.isEmpty()) experts = Directory.search(this, ServiceTypes.EXPERT);
        if (experts.isEmpty()) {
            alef.labelFailed("slot " + plan.slot() + ": no expert registered with the DF");
            return;
        }
        LabelRequest request = new LabelRequest(getLocalName() + "-alef-" + plan.slot(), plan.slot(), config.prompt().id(),
                Vocabulary.channel(config.channel()), servers, requests);
        addBehaviour(new CallForLabels(this, request, experts, alef.options().proposalMs(), alef.options().labelMs(), outcome -> {
            if (!outcome.labelled()) {
                alef.labelFailed("slot " + plan.slot() + ": " + outcome.failure());
                return;
            }
            Label l = outcome.label();
            int[] options = l.options().stream().mapToInt(Integer::intValue).toArray();
            double[] shares = l.shares().stream().mapToDouble(Double::doubleValue).toArray();
            try {
                alef.labelled(plan.instance(), config.prompt(), new Decision(options, shares));
            } catch (IllegalArgumentException e) {
                alef.labelFailed("slot " + plan.slot() + ": unusable label from " + l.expert() + ": " + e.getMessage());
            }
        }));
    }

    /** FIPA-Request initiator to every up server: reserve these shares. Then the UEs are answered. */
    private final class ConfirmAllocations extends AchieveREInitiator {
        private final SlotPlan plan;
        private final List<ServerState> servers;
        private final List<SlotBook.Pending<ACLMessage>> pending;
        private final Set<Integer> confirmed = new HashSet<>();
        private final Map<Integer, String> lost = new TreeMap<>();

        ConfirmAllocations(SlotPlan plan, List<ServerState> servers, List<SlotBook.Pending<ACLMessage>> pending) {
            super(OrchestratorAgent.this, null);
            this.plan = plan;
            this.servers = servers;
            this.pending = pending;
        }

        @Override
        protected Vector<ACLMessage> prepareRequests(ACLMessage ignored) {
            Vector<ACLMessage> out = new Vector<>();
            for (ServerAllocation a : plan.allocations().values()) {
                out.add(LamboAcl.build(ACLMessage.REQUEST, FIPANames.InteractionProtocol.FIPA_REQUEST,
                        "allocate-" + plan.slot() + "-" + a.number(), config.serverMs(), a, new AID(a.server(), AID.ISLOCALNAME)));
            }
            return out;
        }

        @Override
        protected void handleInform(ACLMessage inform) {
            try {
                ServerState s = LamboAcl.read(inform, ServerState.class);
                lastKnown.put(s.number(), s);
                confirmed.add(s.number());
            } catch (MalformedMessageException e) {
                lose(inform, "unreadable confirmation: " + e.getMessage());
            }
        }

        @Override
        protected void handleRefuse(ACLMessage refuse) {
            lose(refuse, "refused: " + LamboAcl.reason(refuse));
        }

        @Override
        protected void handleFailure(ACLMessage failure) {
            lose(failure, "failed: " + LamboAcl.reason(failure));
        }

        @Override
        protected void handleNotUnderstood(ACLMessage nu) {
            lose(nu, "did not understand: " + LamboAcl.reason(nu));
        }

        /** A server's refusal or failure, or the AMS's failure to deliver to it (which names it in its content). */
        private void lose(ACLMessage reply, String why) {
            boolean fromAms = reply.getSender().equals(getAMS());
            for (ServerAllocation a : plan.allocations().values()) {
                boolean about = fromAms ? LamboAcl.reason(reply).contains(a.server() + "@") : a.server().equals(reply.getSender().getLocalName());
                if (about) lost.put(a.number(), a.server() + (fromAms ? " is unreachable: " : " ") + why);
            }
        }

        @Override
        @SuppressWarnings("rawtypes") // JADE's signature
        protected void handleAllResultNotifications(Vector notifications) {
            for (int j : plan.allocations().keySet()) {
                if (!confirmed.contains(j) && !lost.containsKey(j) && goneServers.containsKey(j)) {
                    lost.put(j, goneServers.get(j));
                } else if (!confirmed.contains(j) && !lost.containsKey(j)) {
                    lost.put(j, plan.allocations().get(j).server() + " did not confirm within " + config.serverMs() + " ms");
                }
            }
            if (!lost.isEmpty()) LOG.warning(getLocalName() + ": slot " + plan.slot() + " lost servers " + lost);
            List<OffloadingRequest> requests = pending.stream().map(SlotBook.Pending::request).toList();
            answer(decider.withoutServers(plan, servers, requests, lost), pending);
        }
    }

    private void answer(SlotPlan plan, List<SlotBook.Pending<ACLMessage>> pending) {
        for (int k = 0; k < pending.size(); k++) {
            OffloadingDecision d = plan.answers().get(k);
            send(LamboAcl.reply(pending.get(k).handle(), ACLMessage.INFORM, d));
        }
    }
}
