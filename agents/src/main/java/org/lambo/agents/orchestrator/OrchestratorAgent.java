package org.lambo.agents.orchestrator;

import jade.core.AID;
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
import org.lambo.aed.alef.OnlineAlef;
import org.lambo.agents.AnswerUnknownMessages;
import org.lambo.agents.DeathWatch;
import org.lambo.agents.Departure;
import org.lambo.agents.Directory;
import org.lambo.agents.Discipline;
import org.lambo.agents.GuardedAgent;
import org.lambo.agents.LocalDelivery;
import org.lambo.agents.Peers;
import org.lambo.agents.ReceiveContent;
import org.lambo.agents.ReceiveFromClock;
import org.lambo.agents.RelayOutbox;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotGate;
import org.lambo.agents.Vocabulary;
import org.lambo.mec.Decision;
import org.lambo.ontology.Label;
import org.lambo.ontology.LabelRequest;
import org.lambo.ontology.MalformedMessageException;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.ServerAllocation;
import org.lambo.ontology.ServerState;
import org.lambo.ontology.SlotStart;
import org.lambo.ontology.jade.LamboAcl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator: collects a slot's requests (FIPA REQUEST, answered once decided) and the servers' states, decides
 * the slot with its policy when everything expected has come or at the collection deadline, asks every up server to
 * reserve what it was given (FIPA REQUEST), and then answers each UE (INFORM). A server that refuses or does not
 * confirm in time is lost for the slot: its UEs are told to run locally. Registered with the DF as
 * {@value ServiceTypes#ORCHESTRATOR}.
 *
 * <p>Faults: the orchestrator watches the AMS ({@link DeathWatch}). A server whose agent dies, alone or with its
 * container, is down from that moment: a slot not yet decided is decided without it (whatever state it reported before
 * dying), and so are the following slots, until an agent of its name is born again. It registers with the DF only once
 * the AMS watch is live, so that a trial (which starts when the orchestrator is registered) never runs with deaths
 * unseen. A UE that dies is no longer waited for: a slot is decided as soon as every UE and server still alive has
 * reported, not at the collection deadline.
 *
 * <p>JADE's {@code AchieveREResponder} serves one conversation at a time and would send each result before the next
 * request is read; a slot's answers depend on all its requests, so the orchestrator plays the responder role itself:
 * INFORM (or FAILURE) when the slot is decided, with no AGREE before it (FIPA-Request lets a responder answer at once;
 * an AGREE was a message and a UE wake-up per request that said nothing the UE acts on).
 *
 * <p>Discipline: a slot-start is taken only from the trial's clock ({@link Peers#clock()}) and only for the next slot
 * (the first may be any: a resumed trial); a server state only from that server's agent ({@code server-j},
 * {@link Peers}), an offloading request only from that UE's agent ({@code ue-i}), each only for the open slot or the
 * next (a slot-start and a message about that slot can cross on their way). Anything else is refused with the reason
 * (NOT_UNDERSTOOD for an INFORM, REFUSE for a request), counted ({@link Discipline}) and changes nothing: no message
 * moves the slot the orchestrator decides.
 *
 * <p>Arguments: an {@link OrchestratorConfig}.
 */
public class OrchestratorAgent extends GuardedAgent {
    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorAgent.class);
    private static final int KEEP_SLOTS = 4;

    static final MessageTemplate SLOT_STARTS = LamboAcl.template(ServiceTypes.SLOT_PROTOCOL, ACLMessage.INFORM);
    static final MessageTemplate STATES = LamboAcl.template(ServiceTypes.STATE_PROTOCOL, ACLMessage.INFORM);
    static final MessageTemplate REQUESTS =
            LamboAcl.template(FIPANames.InteractionProtocol.FIPA_REQUEST, ACLMessage.REQUEST);

    private OrchestratorConfig config;
    private SlotDecider decider;
    private final TreeMap<Integer, SlotBook<ACLMessage>> books = new TreeMap<>();
    private final Map<Integer, ServerState> lastKnown = new HashMap<>();
    private int lastDecided = -1;
    private final SlotGate slots = new SlotGate(SlotGate.Order.EVERY_SLOT);
    /** The slots whose collection deadline runs (from their slot-start). */
    private final Set<Integer> timed = new HashSet<>();

    private final Set<Integer> goneUes = new HashSet<>();
    private final Map<Integer, String> goneServers = new TreeMap<>();
    /** By slot: the share granted on each server by the slot's decision and its late decisions. */
    private final TreeMap<Integer, Map<Integer, Double>> granted = new TreeMap<>();
    /** By slot: the servers lost for it (they refused or did not confirm their allocation). */
    private final TreeMap<Integer, Set<Integer>> lostIn = new TreeMap<>();

    private List<AID> experts = List.of();
    /** The AMS's platform events: also where each server lives, for {@link LinkLog}. */
    private DeathWatch watch;
    /** The answers to the UEs of other containers, through their containers' posts ({@link #post}). */
    private RelayOutbox outbox;
    /** Answers given and not yet sent: sent together once the behaviour that gave them is done ({@link #post}). */
    private final List<ACLMessage> outgoing = new ArrayList<>();

    @Override
    protected void setup() {
        LamboAcl.register(getContentManager());
        Object[] args = getArguments();
        if (args == null || args.length != 1 || !(args[0] instanceof OrchestratorConfig c)) {
            throw new IllegalArgumentException(getLocalName() + " needs one argument, an OrchestratorConfig");
        }
        this.config = c;
        // a large trial's births (the AMS's, one per agent) come before its first slot-start says its size
        if (c.ues() > 0 || c.servers() > 0) makeRoomFor(c.ues(), c.servers());
        this.decider = new SlotDecider(c.policy(), c.prompt(), c.channel());
        // requests also come under its lanes (JADE aliases): a container's UEs reach it side by side over a slow link
        org.lambo.agents.Lanes.take(this);
        LocalDelivery.join(this);
        addBehaviour(new TrackSlotStarts());
        addBehaviour(new ReceiveServerStates());
        addBehaviour(new ReceiveOffloadingRequests());
        addBehaviour(watch = new DeathWatch(new NoteDepartures()));
        // decisions for the UEs of another container go as one batch to that container's post
        outbox = new RelayOutbox(this, watch::containerOf);
        addBehaviour(outbox.resendRefused());
        addBehaviour(new AnswerUnknownMessages(
                this,
                MessageTemplate.or(
                        MessageTemplate.or(DeathWatch.amsMessages(this), RelayOutbox.answers()),
                        MessageTemplate.or(SLOT_STARTS, MessageTemplate.or(STATES, REQUESTS)))));
    }

    /** Where the AMS said {@code sender} lives: its refusals share that container's budget. */
    @Override
    protected String containerOf(String sender) {
        return watch == null ? "" : watch.containerOf(sender);
    }

    @Override
    protected void takeDown() {
        LocalDelivery.leave(this);
        Directory.deregister(this);
    }

    /**
     * The book of a slot, opened on first mention: by its slot-start, or by a message about it that came first (only
     * the open slot or the next one are mentioned at all). Its collection deadline runs from its slot-start.
     */
    private SlotBook<ACLMessage> book(int slot) {
        SlotBook<ACLMessage> b = books.get(slot);
        if (b == null) {
            b = new SlotBook<>(slot);
            books.put(slot, b);
            while (books.size() > KEEP_SLOTS) books.pollFirstEntry();
        }
        return b;
    }

    private void decideWhenReady(int slot) {
        SlotBook<ACLMessage> b = books.get(slot);
        if (b == null || b.decided()) return;
        // with nobody gone, fewer requests or states than expected cannot be ready: an O(1) check on each of the slot's
        // N
        // messages, and the O(N) one (every expected UE by index) only once the counts are there
        if (!b.ready() && goneUes.isEmpty() && goneServers.isEmpty()) return;
        if (b.readyWithout(goneUes, goneServers.keySet())) decide(b);
    }

    /** The AMS said an agent died: a dead server is down, a dead UE is no longer waited for. */
    private final class NoteDepartures implements DeathWatch.Listener {
        @Override
        public void watching() {
            addBehaviour(new org.lambo.agents.RegisterWithDirectory(
                    OrchestratorAgent.this,
                    ServiceTypes.ORCHESTRATOR,
                    config.policy().name(),
                    () -> {},
                    why -> addBehaviour(new org.lambo.agents.LeaveAfterSetupFailure(OrchestratorAgent.this, why))));
        }

        @Override
        public void joined(String container, String address) {
            config.links().joined(container, address); // for the round-trip tables: where each container is
        }

        @Override
        public void gone(Departure d) {
            try {
                noteGone(d);
            } catch (RuntimeException e) {
                LOG.warn(getLocalName() + " could not take in that " + d.agent() + " is gone", e);
            }
        }

        private void noteGone(Departure d) {
            d.ueIndex().ifPresent(goneUes::add);
            d.serverNumber().ifPresent(j -> goneServers.put(j, d.reason()));
            if (d.ueIndex().isEmpty() && d.serverNumber().isEmpty()) return;
            LOG.warn(getLocalName() + ": " + d.reason());
            for (int slot : new ArrayList<>(books.keySet())) decideWhenReady(slot);
        }

        @Override
        public void back(String agent) {
            Departure again = new Departure(agent, "", false);
            again.ueIndex().ifPresent(goneUes::remove);
            again.serverNumber().ifPresent(goneServers::remove);
        }
    }

    private final class TrackSlotStarts extends ReceiveFromClock<SlotStart> {
        TrackSlotStarts() {
            super(OrchestratorAgent.this, SLOT_STARTS, SlotStart.class);
        }

        @Override
        protected void fromClock(ACLMessage msg, SlotStart s) {
            java.util.Optional<String> order = slots.check(s.slot());
            if (order.isEmpty() && s.slot() <= lastDecided)
                order = java.util.Optional.of("slot " + s.slot() + " is already decided");
            if (order.isPresent()) {
                refuse(msg, Discipline.Kind.WRONG_SLOT, order.get());
                return;
            }
            slots.start(s.slot());
            knowTrial(s.ues(), s.servers()); // its queue reads these UEs and servers first, other names after
            noteMessagesSince(s.slot());
            // books opened ahead of their slot-start for another slot (a first slot not yet known) are dropped
            books.keySet()
                    .removeIf(k ->
                            k > s.slot() + 1 || (k < s.slot() && !books.get(k).decided() && !timed.contains(k)));
            book(s.slot()).expect(s.ues(), s.servers());
            if (timed.add(s.slot())) addBehaviour(new DecideAtCollectionDeadline(s.slot()));
            timed.removeIf(k -> k < s.slot() - KEEP_SLOTS);
            decideWhenReady(s.slot());
        }
    }

    private final class ReceiveServerStates extends ReceiveContent<ServerState> {
        ReceiveServerStates() {
            super(OrchestratorAgent.this, STATES, ServerState.class);
        }

        @Override
        protected java.util.Optional<String> refuseUnread(ACLMessage msg) {
            return Peers.namedLike(msg.getSender(), "server")
                    ? java.util.Optional.empty()
                    : java.util.Optional.of("server states are taken only from the edge servers (server-j), not "
                            + Peers.name(msg.getSender()));
        }

        @Override
        protected void handle(ACLMessage msg, ServerState s) {
            if (!Peers.is(msg.getSender(), Peers.server(s.number()))
                    || !s.server().equals(Peers.name(msg.getSender()))) {
                refuse(
                        msg,
                        Discipline.Kind.WRONG_SENDER,
                        "the state of server " + s.number() + " (" + s.server() + ") is taken only from "
                                + ServiceTypes.serverName(s.number()) + ", not " + Peers.name(msg.getSender()));
                return;
            }
            java.util.Optional<String> when = slots.current(s.slot());
            SlotBook<ACLMessage> b = books.get(s.slot());
            if (when.isEmpty() && (s.slot() <= lastDecided || (b != null && b.decided())))
                when = java.util.Optional.of("slot " + s.slot() + " is already decided");
            if (when.isPresent()) {
                refuse(msg, Discipline.Kind.WRONG_SLOT, when.get());
                return;
            }
            lastKnown.put(s.number(), s);
            book(s.slot()).add(s);
            decideWhenReady(s.slot());
        }
    }

    /** The responder side of the UEs' FIPA-Request: the decision when the slot is decided, nothing before it. */
    private final class ReceiveOffloadingRequests extends ReceiveContent<OffloadingRequest> {
        ReceiveOffloadingRequests() {
            super(OrchestratorAgent.this, REQUESTS, OffloadingRequest.class);
        }

        @Override
        protected java.util.Optional<String> refuseUnread(ACLMessage msg) {
            return Peers.namedLike(msg.getSender(), "ue")
                    ? java.util.Optional.empty()
                    : java.util.Optional.of("offloading requests are taken only from the UEs (ue-i), not "
                            + Peers.name(msg.getSender()));
        }

        @Override
        protected void handle(ACLMessage msg, OffloadingRequest r) {
            if (!Peers.is(msg.getSender(), Peers.ue(r.ue().index()))
                    || !r.ue().ue().equals(Peers.name(msg.getSender()))) {
                refuse(
                        msg,
                        Discipline.Kind.WRONG_SENDER,
                        "the request of UE " + r.ue().index() + " (" + r.ue().ue() + ") is taken only from "
                                + ServiceTypes.ueName(r.ue().index()) + ", not " + Peers.name(msg.getSender()));
                return;
            }
            SlotBook<ACLMessage> asked = books.get(r.slot());
            if (asked != null && asked.asked(r.ue().index())) {
                askedAgain(msg, r, asked);
                return;
            }
            java.util.Optional<String> when = slots.current(r.slot());
            if (when.isPresent()) {
                refuse(msg, Discipline.Kind.WRONG_SLOT, when.get());
                return;
            }
            SlotBook<ACLMessage> existing = books.get(r.slot());
            if (existing != null && existing.decided() && r.slot() == slots.open() && stillWaited(msg)) {
                if (existing.expectedServers() > 0 && r.ue().gains().size() != existing.expectedServers()) {
                    refuse(
                            msg,
                            Discipline.Kind.REFUSED,
                            r.ue().ue() + " reports " + r.ue().gains().size() + " gains, slot " + r.slot() + " has "
                                    + existing.expectedServers() + " servers");
                } else {
                    decideLate(msg, r, existing);
                }
                return;
            }
            if ((r.slot() <= lastDecided && existing == null) || (existing != null && existing.decided())) {
                refuse(msg, Discipline.Kind.WRONG_SLOT, "slot " + r.slot() + " is already decided");
                return;
            }
            SlotBook<ACLMessage> b = book(r.slot());
            if (b.expectedServers() > 0 && r.ue().gains().size() != b.expectedServers()) {
                refuse(
                        msg,
                        Discipline.Kind.REFUSED,
                        r.ue().ue() + " reports " + r.ue().gains().size() + " gains, slot " + r.slot() + " has "
                                + b.expectedServers() + " servers");
                return;
            }
            if (!b.add(r, msg)) {
                refuse(msg, Discipline.Kind.REFUSED, r.ue().ue() + " has already asked in slot " + r.slot());
                return;
            }
            LOG.atDebug().log(() -> getLocalName() + ": " + r.ue().ue() + " asks in slot " + r.slot() + " ("
                    + msg.getConversationId() + ")");
            decideWhenReady(r.slot());
        }

        /**
         * A UE asks again in a slot it has asked in (it heard nothing: its decision may have been lost on a cut
         * connection): while the slot is being decided the repeat is only remembered (the book answers the UE's latest
         * request, the conversation it still waits on, when the slot is decided), once it is the same answer is sent
         * again; another request is refused. Never a second decision. Within the answer budget of the sender: a UE that
         * asks too often is counted, not answered.
         */
        private void askedAgain(ACLMessage msg, OffloadingRequest r, SlotBook<ACLMessage> b) {
            SlotBook.Again again = b.askAgain(r, msg);
            if (again == SlotBook.Again.DIFFERENT) {
                refuse(
                        msg,
                        Discipline.Kind.REFUSED,
                        r.ue().ue() + " has already asked in slot " + r.slot() + " with another request");
                return;
            }
            if (!answerTo(Peers.name(msg.getSender()))) {
                ReceiveContent.count(
                        OrchestratorAgent.this,
                        Discipline.Kind.REFUSED,
                        r.ue().ue() + " asked again too often in slot " + r.slot());
                return;
            }
            if (again == SlotBook.Again.WAITING) {
                // nothing to send yet: the decision goes to this request (the book's latest handle) when it is made
                LOG.atDebug().log(() -> getLocalName() + ": " + r.ue().ue() + " asks again in slot " + r.slot() + " ("
                        + msg.getConversationId() + ") before it is decided, answered when it is");
            } else {
                // the conversation says which: the UE's own asking again (offload-T-again-k), or a copy of its first
                // request that the platform delivered again on a fresh connection when the first broke
                LOG.atInfo().log(() -> getLocalName() + ": " + r.ue().ue() + " asks again in slot " + r.slot()
                        + ", answered again (its answer did not reach it; conversation " + msg.getConversationId()
                        + ")");
                LocalDelivery.send(OrchestratorAgent.this, answerMessage(msg, b.answer(r.ue().index())));
            }
        }
    }

    /** Whether the UE still waits for an answer to {@code msg}: its reply-by (its decision deadline) is not past. */
    private static boolean stillWaited(ACLMessage msg) {
        java.util.Date by = msg.getReplyByDate();
        return by == null || by.getTime() > System.currentTimeMillis();
    }

    /**
     * A UE's first request in the open slot came after the slot was decided (it was lost on the way and the UE asked
     * again): it is decided late, alone, against what the slot's decision left on the servers
     * ({@link SlotDecider#decideLate}), rather than refused; a server it is given confirms its share as for any
     * decision (else the UE runs locally, saying why). The request is in the book from now on: asking again gets the
     * same answer. A request of a slot that is over, a different second request, or one from another agent is refused
     * as before (the caller checks).
     */
    private void decideLate(ACLMessage msg, OffloadingRequest r, SlotBook<ACLMessage> b) {
        if (!b.add(r, msg)) return; // cannot happen: the caller saw it had not asked
        b.decidedLate();
        config.links().decidedLate(b.slot(), r.ue().index());
        SlotBook.Pending<ACLMessage> p = new SlotBook.Pending<>(r, msg);
        int m = r.ue().gains().size();
        List<ServerState> servers =
                SlotDecider.serversOrDown(b.slot(), m, b.servers(), lastKnown, goneServers.keySet());
        SlotPlan plan;
        try {
            plan = decider.decideLate(
                    b.slot(),
                    servers,
                    granted.getOrDefault(b.slot(), Map.of()),
                    lostIn.getOrDefault(b.slot(), Set.of()),
                    r);
        } catch (RuntimeException e) {
            LOG.warn(getLocalName() + ": " + r.ue().ue() + " could not be decided late in slot " + b.slot(), e);
            tell(
                    p,
                    SlotBook.Answer.failed(
                            "slot " + b.slot() + " cannot be decided late: " + ReceiveContent.describe(e)));
            return;
        }
        OffloadingDecision d = plan.answers().get(0);
        LOG.atInfo().log(
                () -> getLocalName() + ": " + r.ue().ue() + " asked in slot " + b.slot() + " after it was decided ("
                        + b.sinceOpenedMs() + " ms after it opened), decided late (" + b.late() + " in slot " + b.slot()
                        + " so far): "
                        + (d.isLocal()
                                ? "local"
                                : d.server() + " share " + String.format(java.util.Locale.ROOT, "%.3f", d.share())));
        noteGranted(plan);
        if (plan.allocations().isEmpty()) {
            tell(p, SlotBook.Answer.of(d));
        } else {
            addBehaviour(new ConfirmAllocations(plan, servers, List.of(p), "-late-" + r.ue().index()));
        }
    }

    /** Adds a plan's grants to its slot's shares granted per server. */
    private void noteGranted(SlotPlan plan) {
        Map<Integer, Double> g = granted.computeIfAbsent(plan.slot(), k -> new HashMap<>());
        plan.allocations().forEach((j, a) -> g.merge(j, a.totalShare(), Double::sum));
        granted.headMap(plan.slot() - KEEP_SLOTS).clear();
    }

    /** Notes that server j is lost for a slot: a late decision does not give it. */
    private void noteLost(int slot, int j) {
        lostIn.computeIfAbsent(slot, k -> new HashSet<>()).add(j);
        lostIn.headMap(slot - KEEP_SLOTS).clear();
    }

    /** The message that gives an answer through its handle: INFORM with the decision, or FAILURE with the reason. */
    private static ACLMessage answerMessage(ACLMessage handle, SlotBook.Answer a) {
        return a.decision() != null
                ? LamboAcl.reply(handle, ACLMessage.INFORM, a.decision())
                : LamboAcl.replyWithReason(handle, ACLMessage.FAILURE, a.failure());
    }

    /**
     * Answers a UE's request, noting the answer in its slot's book (a repeated request gets the same one) and sending
     * it through the UE's latest request (the conversation it still waits on).
     */
    private void tell(SlotBook.Pending<ACLMessage> p, SlotBook.Answer a) {
        int ue = p.request().ue().index();
        SlotBook<ACLMessage> b = books.get(p.request().slot());
        ACLMessage handle = p.handle();
        if (b != null && b.asked(ue)) {
            b.answered(ue, a);
            a = b.answer(ue);
            handle = b.handle(ue);
        }
        post(answerMessage(handle, a));
    }

    /**
     * Sends an answer: a decision for a UE of a container with a post with the others given in the same turn of the
     * orchestrator's thread, as batches to that post ({@link RelayOutbox}), as soon as the behaviour that gave them is
     * done (a slot's answers are given server by server, as each confirms); any other answer directly, at once.
     */
    private void post(ACLMessage answer) {
        if (outbox == null || !outbox.goesThroughPost(answer)) {
            // no post for it (the default: no container starts one): sent at once, as always
            LocalDelivery.send(this, answer);
            return;
        }
        outgoing.add(answer);
        if (outgoing.size() > 1) return; // a send is on its way already
        addBehaviour(new jade.core.behaviours.OneShotBehaviour(this) {
            @Override
            public void action() {
                List<ACLMessage> now = new ArrayList<>(outgoing);
                outgoing.clear();
                try {
                    outbox.send(now);
                } catch (RuntimeException e) {
                    // never an answer given and not sent: each directly
                    LOG.warn(getLocalName() + ": answers could not go through the posts (" + ReceiveContent.describe(e)
                            + "), sending them directly");
                    for (ACLMessage m : now) LocalDelivery.send(OrchestratorAgent.this, m);
                }
            }
        });
    }

    private final class DecideAtCollectionDeadline extends WakerBehaviour {
        private final int slot;

        DecideAtCollectionDeadline(int slot) {
            this(slot, config.collectMs());
        }

        DecideAtCollectionDeadline(int slot, long ms) {
            super(OrchestratorAgent.this, ms);
            this.slot = slot;
        }

        @Override
        protected void onWake() {
            SlotBook<ACLMessage> b = books.get(slot);
            if (b == null || b.decided()) return;
            List<Long> arrivals = b.arrivalsMs();
            long now = b.sinceOpenedMs();
            long more = CollectionWindow.waitMoreMs(
                    config.collectMs(), arrivals, now, now + untilEarliestReplyByMs(b) - config.serverMs());
            if (more > 0) {
                // requests are still coming in (a slow link delivers them one round trip after another): wait for them
                LOG.atDebug().log(() -> getLocalName() + ": slot " + slot + " has " + arrivals.size()
                        + " requests at its deadline, still coming: " + more + " ms more");
                addBehaviour(new DecideAtCollectionDeadline(slot, more));
                return;
            }
            LOG.atInfo().log(() -> getLocalName() + ": slot " + slot + " decided at its deadline with "
                    + b.requests().size() + " requests and " + b.servers().size() + " server states");
            decide(b);
        }
    }

    /** How long until the earliest reply-by of the slot's requests (Long.MAX_VALUE / 4 when none says). */
    private static long untilEarliestReplyByMs(SlotBook<ACLMessage> b) {
        long earliest = Long.MAX_VALUE / 4;
        long nowMs = System.currentTimeMillis();
        for (SlotBook.Pending<ACLMessage> p : b.requests()) {
            java.util.Date by = p.handle().getReplyByDate();
            if (by != null) earliest = Math.min(earliest, by.getTime() - nowMs);
        }
        return earliest;
    }

    /** Decides a slot; whatever goes wrong is told to every UE still waiting, as FAILURE with the reason. */
    private void decide(SlotBook<ACLMessage> b) {
        List<Long> arrivals = b.arrivalsMs();
        if (!arrivals.isEmpty()) {
            // the round trips this slot saw: slot open to each request, as the orchestrator measured them
            LOG.atInfo().log(
                    () -> getLocalName() + ": slot " + b.slot() + " decided after " + b.sinceOpenedMs() + " ms with "
                            + arrivals.size()
                            + " requests, the first after " + arrivals.get(0) + " ms, the last after "
                            + arrivals.get(arrivals.size() - 1)
                            + " ms (quiet time " + CollectionWindow.quietMs(config.collectMs(), arrivals) + " ms)");
        }
        try {
            decideSlot(b);
        } catch (RuntimeException e) {
            LOG.warn(getLocalName() + ": slot " + b.slot() + " could not be decided", e);
            fail(b.requests(), "slot " + b.slot() + " could not be decided: " + ReceiveContent.describe(e));
        }
    }

    private void fail(List<SlotBook.Pending<ACLMessage>> pending, String reason) {
        for (SlotBook.Pending<ACLMessage> p : pending) {
            try {
                tell(p, SlotBook.Answer.failed(reason));
            } catch (RuntimeException e) {
                LOG.warn(getLocalName() + ": could not tell " + p.request().ue().ue() + ": "
                        + ReceiveContent.describe(e));
            }
        }
    }

    private void decideSlot(SlotBook<ACLMessage> b) {
        b.markDecided();
        lastDecided = Math.max(lastDecided, b.slot());
        List<SlotBook.Pending<ACLMessage>> pending = new ArrayList<>(b.requests());
        if (pending.isEmpty()) return;
        int m = b.expectedServers() > 0
                ? b.expectedServers()
                : pending.get(0).request().ue().gains().size();
        List<SlotBook.Pending<ACLMessage>> fit = new ArrayList<>();
        for (SlotBook.Pending<ACLMessage> p : pending) {
            if (p.request().ue().gains().size() == m) {
                fit.add(p);
            } else {
                tell(
                        p,
                        SlotBook.Answer.failed(p.request().ue().ue() + " reports "
                                + p.request().ue().gains().size() + " gains, slot " + b.slot() + " has " + m
                                + " servers"));
            }
        }
        if (fit.isEmpty()) return;
        List<OffloadingRequest> requests =
                fit.stream().map(SlotBook.Pending::request).toList();
        List<ServerState> servers =
                SlotDecider.serversOrDown(b.slot(), m, b.servers(), lastKnown, goneServers.keySet());
        SlotPlan plan;
        try {
            long policyStart = System.nanoTime();
            plan = decider.decide(b.slot(), servers, requests);
            policyMs.put(b.slot(), (System.nanoTime() - policyStart) / 1e6);
        } catch (RuntimeException e) {
            for (SlotBook.Pending<ACLMessage> p : fit) {
                tell(
                        p,
                        SlotBook.Answer.failed(
                                "slot " + b.slot() + " cannot be decided: " + ReceiveContent.describe(e)));
            }
            return;
        }
        noteGranted(plan);
        if (plan.allocations().isEmpty()) {
            answer(plan, fit);
        } else {
            ConfirmAllocations confirm = new ConfirmAllocations(plan, servers, fit, "");
            confirm.answerLocal();
            addBehaviour(confirm);
        }
        if (config.alef() != null) askForLabelIfUncertain(plan, servers, requests);
    }

    /**
     * Online ALEF, after the slot's answers are on their way: a slot whose decision entropy is above the threshold goes
     * out to the experts as a Contract Net ({@link CallForLabels}, its own behaviour, so the following slots are
     * decided while it runs), and the label that comes back is handed to {@link OnlineAlef}, which buffers it and
     * fine-tunes in the background. The experts are looked up in the DF on the first query (and again while none is
     * found).
     */
    private void askForLabelIfUncertain(SlotPlan plan, List<ServerState> servers, List<OffloadingRequest> requests) {
        OnlineAlef alef = config.alef();
        if (Double.isNaN(plan.entropy()) || !alef.slotDecided(plan.slot(), plan.entropy())) return;
        if (experts.isEmpty()) experts = Directory.search(this, ServiceTypes.EXPERT);
        if (experts.isEmpty()) {
            alef.labelFailed("slot " + plan.slot() + ": no expert registered with the DF");
            return;
        }
        LabelRequest request = new LabelRequest(
                getLocalName() + "-alef-" + plan.slot(),
                plan.slot(),
                config.prompt().toId(),
                Vocabulary.channel(config.channel()),
                servers,
                requests);
        addBehaviour(new CallForLabels(
                this,
                request,
                experts,
                alef.options().proposalMs(),
                alef.options().labelMs(),
                outcome -> {
                    if (!outcome.labelled()) {
                        alef.labelFailed("slot " + plan.slot() + ": " + outcome.failure());
                        return;
                    }
                    Label l = outcome.label();
                    int[] options =
                            l.options().stream().mapToInt(Integer::intValue).toArray();
                    double[] shares =
                            l.shares().stream().mapToDouble(Double::doubleValue).toArray();
                    try {
                        alef.labelled(plan.instance(), config.prompt(), new Decision(options, shares));
                    } catch (IllegalArgumentException e) {
                        alef.labelFailed("slot " + plan.slot() + ": unusable label from " + l.expert() + ": "
                                + ReceiveContent.describe(e));
                    }
                }));
    }

    /**
     * FIPA-Request initiator to every up server: reserve these shares. Each UE is answered as soon as what its answer
     * depends on is known: a UE the policy kept local at once, a UE given server j when j confirms (its decision as
     * planned) or is lost (refused, failed, gone, silent until {@code --server-ms}: it runs locally). A UE's answer
     * depends on its own server only (its predicted latency and energy are its own, {@code CostModel}), so the answers
     * are those of waiting for every server, sent earlier: the UEs of a server that confirmed submit while the others
     * confirm.
     */
    private final class ConfirmAllocations extends AchieveREInitiator {
        private final SlotPlan plan;
        private final List<ServerState> servers;
        private final List<SlotBook.Pending<ACLMessage>> pending;
        private final Set<Integer> confirmed = new HashSet<>();
        private final Map<Integer, String> lost = new TreeMap<>();
        /** Which of {@code pending} have been answered. */
        private final boolean[] told;

        private int toldCount;

        /** Empty for the slot's decision; for a late decision, what tells its conversation from the slot's. */
        private final String late;

        ConfirmAllocations(
                SlotPlan plan, List<ServerState> servers, List<SlotBook.Pending<ACLMessage>> pending, String late) {
            super(OrchestratorAgent.this, null);
            this.late = late;
            this.plan = plan;
            this.servers = servers;
            this.pending = pending;
            this.told = new boolean[pending.size()];
        }

        /** Answers the UEs the policy kept local: nothing they are told depends on a server. */
        void answerLocal() {
            answerServer(Decision.LOCAL, plan);
        }

        /** Answers, from {@code p}, each UE not yet answered that the plan gave option {@code j}. */
        private void answerServer(int j, SlotPlan p) {
            for (int k = 0; k < pending.size(); k++) {
                if (told[k] || plan.decision().option(k) != j) continue;
                told[k] = true;
                toldCount++;
                tell(pending.get(k), SlotBook.Answer.of(p.answers().get(k)));
            }
            if (toldCount == pending.size()) noteOnce();
        }

        private boolean noted;

        private void noteOnce() {
            if (noted) return;
            noted = true;
            if (!late.isEmpty()) return; // the slot's line was logged with its decision's answers
            noteAnswered(plan.slot(), pending.size());
        }

        /** Server j is lost for the slot: its UEs run locally, saying why. */
        private void answerLost(int j) {
            List<OffloadingRequest> requests =
                    pending.stream().map(SlotBook.Pending::request).toList();
            answerServer(j, decider.withoutServers(plan, servers, requests, Map.of(j, lost.get(j))));
        }

        /** The conversation the servers answer in: one for the slot (JADE's initiator gives all its requests one). */
        private String conversation;

        /** When the allocations were sent (System.nanoTime), for {@link LinkLog}. */
        private long sentNs;

        /** Notes server j's confirmation time (ms &gt;= 0), or that it did not confirm (-1). */
        private void noteConfirmation(int j, long ms) {
            String container = watch == null ? "" : watch.containerOf(ServiceTypes.serverName(j));
            if (ms >= 0) config.links().confirmed(plan.slot(), j, container, ms);
            else config.links().notConfirmed(plan.slot(), j, container);
        }

        @Override
        protected Vector<ACLMessage> prepareRequests(ACLMessage ignored) {
            Vector<ACLMessage> out = new Vector<>();
            conversation = "allocate-" + plan.slot() + late;
            sentNs = System.nanoTime();
            for (ServerAllocation a : plan.allocations().values()) {
                out.add(LocalDelivery.mark(
                        OrchestratorAgent.this,
                        LamboAcl.build(
                                ACLMessage.REQUEST,
                                FIPANames.InteractionProtocol.FIPA_REQUEST,
                                conversation,
                                config.serverMs(),
                                a,
                                new AID(a.server(), AID.ISLOCALNAME))));
            }
            // its confirmations are left to it however long the orchestrator's thread takes to get to them
            // (AnswerUnknownMessages), until it ends
            awaitReplies(conversation);
            return out;
        }

        @Override
        public int onEnd() {
            stopAwaiting(conversation);
            return super.onEnd();
        }

        @Override
        protected void handleInform(ACLMessage inform) {
            try {
                ServerState s = LamboAcl.read(inform, ServerState.class);
                ServerAllocation a = plan.allocations().get(s.number());
                if (a == null || !Peers.is(inform.getSender(), Peers.server(s.number())) || s.slot() != plan.slot()) {
                    ReceiveContent.count(
                            OrchestratorAgent.this,
                            Discipline.Kind.WRONG_SENDER,
                            "confirmation of server " + s.number() + " in slot " + s.slot() + " from "
                                    + Peers.name(inform.getSender()));
                    lose(
                            inform,
                            "confirmed for another server or slot (server " + s.number() + ", slot " + s.slot() + ")");
                    return;
                }
                lastKnown.put(s.number(), s);
                if (confirmed.add(s.number()) && !lost.containsKey(s.number())) {
                    noteConfirmation(s.number(), (System.nanoTime() - sentNs) / 1_000_000);
                    answerServer(s.number(), plan);
                }
            } catch (MalformedMessageException e) {
                lose(inform, "unreadable confirmation: " + e.getMessage());
            } catch (RuntimeException e) {
                lose(inform, "confirmation not taken: " + ReceiveContent.describe(e));
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
                boolean about = fromAms
                        ? LamboAcl.reason(reply).contains(a.server() + "@")
                        : a.server().equals(reply.getSender().getLocalName());
                if (about
                        && !confirmed.contains(a.number())
                        && lost.putIfAbsent(a.number(), a.server() + (fromAms ? " is unreachable: " : " ") + why)
                                == null) {
                    noteLost(plan.slot(), a.number());
                    noteConfirmation(a.number(), -1);
                    try {
                        answerLost(a.number());
                    } catch (RuntimeException e) {
                        // its UEs are answered when the servers' time is up (answerConfirmed)
                        LOG.warn(getLocalName() + ": slot " + plan.slot() + ": the UEs of " + a.server()
                                + " could not be answered yet: " + ReceiveContent.describe(e));
                    }
                }
            }
        }

        @Override
        @SuppressWarnings("rawtypes") // JADE's signature
        protected void handleAllResultNotifications(Vector notifications) {
            try {
                answerConfirmed();
            } catch (RuntimeException e) {
                LOG.warn(getLocalName() + ": slot " + plan.slot() + " could not be answered", e);
                List<SlotBook.Pending<ACLMessage>> untold = new ArrayList<>();
                for (int k = 0; k < pending.size(); k++) if (!told[k]) untold.add(pending.get(k));
                fail(untold, "slot " + plan.slot() + " could not be answered: " + ReceiveContent.describe(e));
            }
        }

        /** The servers' time is up: any that neither confirmed nor was lost is lost now; every UE is answered. */
        private void answerConfirmed() {
            for (int j : plan.allocations().keySet()) {
                if (confirmed.contains(j) || lost.containsKey(j)) continue;
                lost.put(
                        j,
                        goneServers.containsKey(j)
                                ? goneServers.get(j)
                                : plan.allocations().get(j).server() + " did not confirm within " + config.serverMs()
                                        + " ms");
                noteLost(plan.slot(), j);
                noteConfirmation(j, -1);
                answerLost(j);
            }
            if (!lost.isEmpty()) LOG.warn(getLocalName() + ": slot " + plan.slot() + " lost servers " + lost);
            if (toldCount < pending.size()) {
                // cannot happen (every UE is local or of an allocated server); no UE is left without an answer
                List<OffloadingRequest> requests =
                        pending.stream().map(SlotBook.Pending::request).toList();
                SlotPlan all = decider.withoutServers(plan, servers, requests, lost);
                for (int k = 0; k < pending.size(); k++) {
                    if (told[k]) continue;
                    told[k] = true;
                    toldCount++;
                    tell(pending.get(k), SlotBook.Answer.of(all.answers().get(k)));
                }
                noteOnce();
            }
        }
    }

    private void answer(SlotPlan plan, List<SlotBook.Pending<ACLMessage>> pending) {
        for (int k = 0; k < pending.size(); k++) {
            tell(pending.get(k), SlotBook.Answer.of(plan.answers().get(k)));
        }
        noteAnswered(plan.slot(), pending.size());
    }

    /**
     * Where the slot's time went, as the orchestrator saw it (docs/BENCHMARKS.md): the policy, then the servers'
     * confirmations; logged when the slot's last UE is answered.
     */
    private void noteAnswered(int slot, int answers) {
        SlotBook<ACLMessage> b = books.get(slot);
        Double policy = policyMs.remove(slot);
        if (b != null)
            LOG.atInfo().log(() -> getLocalName() + ": slot " + slot + " answered " + b.sinceOpenedMs()
                    + " ms after it opened (policy "
                    + (policy == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f", policy)) + " ms, "
                    + answers + " answers"
                    + (outbox == null || outbox.batches() == 0
                            ? ""
                            : "; so far " + outbox.relayed() + " through the containers' posts in " + outbox.batches()
                                    + " batches")
                    + ")");
        policyMs.keySet().removeIf(k -> k < slot - KEEP_SLOTS);
    }

    /** What had arrived at this JVM's agents when the last slot started, and that slot ({@link #noteMessagesSince}). */
    private long[] arrivedAtStart;

    private int startedSlot = -1;

    /**
     * Logs how many messages arrived at the agents of this JVM from the previous slot-start to this one, by
     * performative: with every agent of a trial in one JVM, a slot's messages (docs/BENCHMARKS.md, issue 12).
     */
    private void noteMessagesSince(int slot) {
        long[] now = org.lambo.agents.GuardedQueue.arrived();
        long[] before = arrivedAtStart;
        int previous = startedSlot;
        arrivedAtStart = now;
        startedSlot = slot;
        if (before == null) return;
        StringBuilder by = new StringBuilder();
        long total = 0;
        for (int k = 0; k < now.length; k++) {
            long d = now[k] - before[k];
            if (d == 0) continue;
            total += d;
            by.append(by.length() == 0 ? "" : ", ")
                    .append(ACLMessage.getPerformative(k))
                    .append(' ')
                    .append(d);
        }
        long messages = total;
        SlotBook<ACLMessage> prev = books.get(previous);
        int late = prev == null ? 0 : prev.late();
        LOG.atInfo().log(() -> getLocalName() + ": slot " + previous + " to slot " + slot + "'s start: " + messages
                + " messages arrived at this JVM's agents (" + by + "); " + late + " decided late in slot " + previous);
    }

    /** How long the policy took on each slot not yet answered. */
    private final Map<Integer, Double> policyMs = new HashMap<>();
}
