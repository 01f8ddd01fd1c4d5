package org.lambo.agents.trial;

import jade.content.onto.basic.Action;
import jade.content.onto.basic.Result;
import jade.core.AID;
import jade.core.ContainerID;
import jade.core.behaviours.TickerBehaviour;
import jade.core.behaviours.WakerBehaviour;
import jade.domain.JADEAgentManagement.JADEManagementOntology;
import jade.domain.JADEAgentManagement.WhereIsAgentAction;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lambo.agents.AnswerUnknownMessages;
import org.lambo.agents.DeathWatch;
import org.lambo.agents.Departure;
import org.lambo.agents.Directory;
import org.lambo.agents.Discipline;
import org.lambo.agents.GuardedAgent;
import org.lambo.agents.LocalDelivery;
import org.lambo.agents.Peers;
import org.lambo.agents.ReceiveContent;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.Vocabulary;
import org.lambo.agents.ue.KnownByName;
import org.lambo.ontology.SlotStart;
import org.lambo.ontology.TaskReport;
import org.lambo.ontology.jade.LamboAcl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trial's clock: waits until its own AMS watch is live and the orchestrator, every server and every UE have
 * registered with the DF (in a trial of thousands of UEs, every UE lives as the AMS says: {@link KnownByName}), then
 * starts the slots one after the other (INFORM slot-start to all of them), collects each active UE's report, and closes
 * a slot when all have reported or at its deadline (a missing report counts as a failed task, saying so). A UE whose
 * agent dies (alone or with its container, as the AMS tells through {@link DeathWatch}) is not waited for: its task of
 * the open slot, and of every later slot until an agent of its name is born again, fails with the reason. Registered
 * with the DF as {@value ServiceTypes#TRIAL_CLOCK}.
 *
 * <p>Who may say what: a task's report is taken only from the agent of its UE, as the clock found it in the DF at
 * start-up (the agent named {@code ue-i} when several registered as {@code ue-i}; known by name, the agent named
 * {@code ue-i}), and only for the open slot, once; anything else is answered NOT_UNDERSTOOD with the reason, counted
 * ({@link Discipline}) and changes no row. The other agents know the clock by its name,
 * {@value ServiceTypes#CLOCK_NAME} ({@link Peers#clock()}): it must be started under it.
 *
 * <p>Arguments: a {@link ClockPlan} and a {@link TrialListener}.
 */
public class TrialClockAgent extends GuardedAgent {
    private static final Logger LOG = LoggerFactory.getLogger(TrialClockAgent.class);
    static final MessageTemplate REPORTS = LamboAcl.template(ServiceTypes.REPORT_PROTOCOL, ACLMessage.INFORM);
    /** A participant's word that it could not set up ({@link org.lambo.agents.LeaveAfterSetupFailure}). */
    static final MessageTemplate SETUP_FAILURES = LamboAcl.template(ServiceTypes.SETUP_PROTOCOL, ACLMessage.FAILURE);

    private static final long POLL_MS = 50;

    /**
     * The conversation of the clock's questions to the AMS about UEs it has not seen born ({@link MissingUeLookups}).
     */
    static final String WHERE_CONVERSATION = "lambo-where-are-ues";

    private MessageTemplate whereAnswers;
    /** When the clock last read a birth (or started), and its questions to the AMS about the UEs still missing. */
    private long lastBirthMs;

    private MissingUeLookups lookups;
    /** UEs below it were accounted for at the last poll (known by name only). */
    private int lookupFrom;

    private ClockPlan plan;
    private TrialListener listener;
    private AID orchestrator;
    private List<AID> servers;
    private Map<String, AID> ues;
    /**
     * The full names of the UEs' agents, lower-cased ({@link Peers#is} compares names so): a report's sender is checked
     * in O(1), not O(N).
     */
    private java.util.Set<String> ueAgents = java.util.Set.of();

    private int slot = -1;
    private int active;
    private long slotStartNanos;
    private long lastReportNanos;
    /**
     * A real-time trial: when its first slot started, and the open slot's time on the wall clock and reports before its
     * end.
     */
    private long epochNanos = -1;

    private long scheduledNanos;
    private int onTime;
    private final TreeMap<Integer, TaskReport> reports = new TreeMap<>();
    private boolean over;
    private final Map<Integer, String> goneUes = new TreeMap<>();
    /** Participants that said they could not set up (never registered), with their reasons, by local name. */
    private final Map<String, String> setupFailed = new TreeMap<>();

    private boolean watching;
    /** Containers' words that a UE could not start, waiting for the AMS ({@link UeStartWords}). */
    private UeStartWords startWords;

    private MessageTemplate startWordAnswers;

    /** Whether the AMS has answered the clock's subscription (its watch is live). */
    boolean watching() {
        return watching;
    }
    /** The clock's watch of the AMS: which agents live, and in which container. */
    private DeathWatch watch;
    /** Slot-starts to the UEs of other containers, through their containers' posts. */
    private org.lambo.agents.RelayOutbox outbox;

    @Override
    protected void setup() {
        LamboAcl.register(getContentManager());
        Object[] args = getArguments();
        if (args == null
                || args.length != 2
                || !(args[0] instanceof ClockPlan p)
                || !(args[1] instanceof TrialListener l)) {
            throw new IllegalArgumentException(getLocalName() + " needs arguments (ClockPlan, TrialListener)");
        }
        this.plan = p;
        this.listener = l;
        // every UE's and server's birth comes from the AMS, and every UE's report: room for them all
        makeRoomFor(
                SlotSource.maxActiveUes(p.world().scenario(), p.slots()),
                p.world().scenario().servers().size());
        lastBirthMs = System.currentTimeMillis();
        lookups = new MissingUeLookups(SlotSource.maxActiveUes(p.world().scenario(), p.slots()), lastBirthMs);
        try {
            getContentManager().registerOntology(JADEManagementOntology.getInstance());
            whereAnswers = MessageTemplate.and(
                    DeathWatch.amsMessages(this), MessageTemplate.MatchConversationId(WHERE_CONVERSATION));
            // reports also come under its lanes (JADE aliases): a container's UEs reach it side by side over a slow
            // link
            org.lambo.agents.Lanes.take(this);
            LocalDelivery.join(this);
            addBehaviour(new org.lambo.agents.RegisterWithDirectory(
                    this,
                    ServiceTypes.TRIAL_CLOCK,
                    ServiceTypes.CLOCK_NAME,
                    () -> addBehaviour(new WaitForParticipants()),
                    why -> {
                        fail("the clock could not start: " + why);
                        doDelete();
                    }));
            addBehaviour(new CollectReports());
            addBehaviour(new NoteSetupFailures());
            startWords = new UeStartWords(this, plan.uesHere() ? here().getName() : null);
            startWordAnswers = startWords.answers();
            addBehaviour(new HearWhereMessengersAre());
            watch = new DeathWatch(new NoteDepartures());
            addBehaviour(watch);
            // slot-starts for the UEs of another container go as one batch to that container's post
            outbox = new org.lambo.agents.RelayOutbox(this, watch::containerOf);
            addBehaviour(outbox.resendRefused());
            addBehaviour(new HearWhereUesAre());
            addBehaviour(new AnswerUnknownMessages(
                    this,
                    MessageTemplate.or(
                            MessageTemplate.or(REPORTS, SETUP_FAILURES),
                            MessageTemplate.or(DeathWatch.amsMessages(this), org.lambo.agents.RelayOutbox.answers()))));
        } catch (RuntimeException e) {
            fail("the clock could not start: " + e);
            doDelete();
        }
    }

    @Override
    protected void takeDown() {
        LocalDelivery.leave(this);
        Directory.deregister(this);
    }

    private final class NoteDepartures implements DeathWatch.Listener {
        @Override
        public void watching() {
            watching = true;
        }

        @Override
        public void gone(Departure d) {
            if (d.ueIndex().isEmpty()) return;
            // a UE that could not set up is gone for that reason, not for its death that follows
            goneUes.put(d.ueIndex().getAsInt(), setupFailed.getOrDefault(d.agent(), d.reason()));
            try {
                if (!over && slot >= 0 && allAccountedFor()) closeSlot();
            } catch (RuntimeException e) {
                fail("slot " + slot + " could not be closed: " + ReceiveContent.describe(e));
            }
        }

        @Override
        public void born(String agent) {
            lastBirthMs = System.currentTimeMillis();
        }

        @Override
        public void back(String agent) {
            // one that never registered stays out: the clock found no agent of its name in the DF
            if (setupFailed.containsKey(agent)) return;
            new Departure(agent, "", false).ueIndex().ifPresent(goneUes::remove);
        }
    }

    /** UE {@code i} lives as the AMS says, said it could not set up, or died ({@link UeRoll}). */
    private boolean accounted(int i) {
        String name = ServiceTypes.ueName(i);
        return setupFailed.containsKey(name) || !watch.containerOf(name).isEmpty() || goneUes.containsKey(i);
    }

    /**
     * Asks the AMS where the UEs still missing are, when {@link MissingUeLookups} says so: a birth the clock's queue
     * dropped costs a lookup, not the trial. While the clock waits for its first slot only.
     */
    private void askWhereMissingUesAre() {
        if (slot >= 0 || over) return;
        long now = System.currentTimeMillis();
        List<String> names = lookups.due(now, lastBirthMs, lookupFrom, this::accounted);
        if (names.isEmpty()) return;
        Map<String, String> batch = new java.util.HashMap<>();
        for (String name : names) {
            ACLMessage ask = new ACLMessage(ACLMessage.REQUEST);
            ask.addReceiver(getAMS());
            ask.setLanguage(LamboAcl.SL);
            ask.setOntology(JADEManagementOntology.NAME);
            ask.setProtocol(jade.domain.FIPANames.InteractionProtocol.FIPA_REQUEST);
            ask.setConversationId(WHERE_CONVERSATION);
            String replyWith = "where-" + name;
            ask.setReplyWith(replyWith);
            WhereIsAgentAction where = new WhereIsAgentAction();
            where.setAgentIdentifier(new AID(name, AID.ISLOCALNAME));
            try {
                getContentManager().fillContent(ask, new Action(getAMS(), where));
            } catch (jade.content.lang.Codec.CodecException | jade.content.onto.OntologyException e) {
                LOG.warn(getLocalName() + ": cannot ask the AMS where " + name + " is: " + e);
                continue;
            }
            batch.put(replyWith, name);
            send(ask);
        }
        lookups.sent(now, batch);
        LOG.info(getLocalName() + ": asks the AMS where " + batch.size() + " UEs are whose births it has not read ("
                + lookups.found() + " of " + (lookups.asked() - batch.size()) + " asked before found)");
    }

    /**
     * The AMS's answers to {@link #askWhereMissingUesAre}: a UE the AMS says lives is taken as born
     * ({@link DeathWatch#heardOf}); once the batch is answered, the next is asked if due.
     */
    private final class HearWhereUesAre extends jade.core.behaviours.CyclicBehaviour {
        HearWhereUesAre() {
            super(TrialClockAgent.this);
        }

        @Override
        public void action() {
            ACLMessage msg = myAgent.receive(whereAnswers);
            if (msg == null) {
                block();
                return;
            }
            if (msg.getPerformative() == ACLMessage.AGREE) return; // the INFORM or FAILURE follows
            ContainerID where = msg.getPerformative() == ACLMessage.INFORM ? containerIn(msg) : null;
            String name = lookups.answered(msg.getInReplyTo(), where != null);
            if (name != null && where != null && watch.heardOf(name, where))
                LOG.atDebug().log(() -> getLocalName() + ": the AMS says " + name + " lives in " + where.getName());
            if (name != null && !lookups.inFlight(System.currentTimeMillis())) {
                LOG.info(getLocalName() + ": the AMS answered the batch (" + lookups.asked() + " asked, "
                        + lookups.found() + " found so far)");
                askWhereMissingUesAre();
            }
        }

        private ContainerID containerIn(ACLMessage msg) {
            try {
                if (getContentManager().extractContent(msg) instanceof Result r) {
                    Object v = r.getValue();
                    if (v instanceof ContainerID c) return c;
                    if (v instanceof jade.util.leap.List l && !l.isEmpty() && l.get(0) instanceof ContainerID c)
                        return c;
                }
            } catch (jade.content.lang.Codec.CodecException
                    | jade.content.onto.OntologyException
                    | RuntimeException e) {
                LOG.atDebug().log(() -> getLocalName() + ": an answer of the AMS it cannot read: " + e);
            }
            return null;
        }
    }

    /** Every active UE of the open slot has reported or is gone. */
    private boolean allAccountedFor() {
        for (int i = 0; i < active; i++) if (!reports.containsKey(i) && !goneUes.containsKey(i)) return false;
        return true;
    }

    /** The number of UEs active in slot t. */
    private int uesIn(int t) {
        return SlotSource.activeUes(plan.world().scenario(), t);
    }

    private final class WaitForParticipants extends TickerBehaviour {
        private final long deadline = System.currentTimeMillis() + plan.startupMs();
        private final int wantUes = SlotSource.maxActiveUes(plan.world().scenario(), plan.slots());
        private final int wantServers = plan.world().scenario().servers().size();
        /** Whether the UEs are known by name and through the AMS rather than found in the DF ({@link KnownByName}). */
        private final boolean byName = KnownByName.ues(plan.world().scenario());
        /** The lowest index of a UE not living yet (known by name only; -1: none). */
        private int firstMissing = -1;
        /** UEs below it were living or accounted for at a poll (known by name only). */
        private int nextUe;

        WaitForParticipants() {
            // each poll searches the DF for every UE: with thousands of them, less often
            super(
                    TrialClockAgent.this,
                    POLL_MS + SlotSource.maxActiveUes(plan.world().scenario(), plan.slots()) / 10);
        }

        /** What the DF has said so far, for trials too large for one answer ({@link #registered}). */
        private final Map<String, AID> uesSoFar = new TreeMap<>();

        private final Map<String, AID> serversSoFar = new TreeMap<>();

        /** The DF's last error (it times out when thousands of agents register at once): said if the start-up fails. */
        private String dfError;

        @Override
        protected void onTick() {
            try {
                poll();
            } catch (RuntimeException e) {
                // a DF too busy to answer in time is asked again on the next tick, until the start-up deadline
                dfError = ReceiveContent.describe(e);
                LOG.warn(getLocalName() + ": " + dfError + "; asking again");
                if (System.currentTimeMillis() > deadline) {
                    stop();
                    fail("after " + plan.startupMs() + " ms the participants could not all be found: " + dfError);
                }
            }
        }

        private void poll() {
            // the orchestrator or a server that cannot set up stops the trial at once, with its reason
            for (Map.Entry<String, String> f : setupFailed.entrySet()) {
                if (!f.getKey().startsWith("ue-")) {
                    stop();
                    fail(f.getValue());
                    return;
                }
            }
            if (byName) {
                // while UEs are still being born, only the next missing one is looked for, and the DF is not asked
                // yet: a whole roll of 10,000 names every tick and the DF's searches took most of the clock's thread,
                // whose reading of the AMS's births fell behind until the AMS's share of its queue dropped some, and
                // their UEs were missing for good
                while (nextUe < wantUes && accounted(nextUe)) nextUe++;
                lookupFrom = nextUe;
                if (nextUe < wantUes && System.currentTimeMillis() <= deadline) {
                    firstMissing = nextUe;
                    askWhereMissingUesAre();
                    return;
                }
            }
            AID orch = Directory.searchOne(myAgent, ServiceTypes.ORCHESTRATOR);
            Map<String, AID> srv =
                    registered(ServiceTypes.EDGE_SERVER, wantServers, ServiceTypes::serverName, 1, serversSoFar);
            Map<String, AID> found;
            boolean allUes = true;
            if (byName) {
                // thousands of UEs: the ones the AMS says live, by their names (KnownByName), no DF search
                UeRoll roll = UeRoll.of(
                        wantUes, n -> !watch.containerOf(n).isEmpty(), setupFailed.keySet(), goneUes.keySet());
                found = new TreeMap<>();
                for (int i : roll.present()) found.put(ServiceTypes.ueName(i), Peers.ue(i));
                allUes = roll.complete();
                firstMissing = roll.firstMissing();
                if (!allUes) nextUe = firstMissing;
            } else {
                found = registered(ServiceTypes.UE, wantUes, ServiceTypes::ueName, 0, uesSoFar);
                for (int i = 0; i < wantUes && allUes; i++)
                    allUes = found.containsKey(ServiceTypes.ueName(i))
                            || setupFailed.containsKey(ServiceTypes.ueName(i));
            }
            boolean allServers = true;
            for (int j = 1; j <= wantServers && allServers; j++)
                allServers = srv.containsKey(ServiceTypes.serverName(j));
            if (watching && orch != null && allUes && allServers) {
                orchestrator = orch;
                servers = new ArrayList<>(srv.values());
                ues = found;
                java.util.Set<String> names = new java.util.HashSet<>();
                for (AID a : found.values())
                    if (a.getName() != null) names.add(a.getName().toLowerCase(java.util.Locale.ROOT));
                ueAgents = names;
                stop();
                startSlot(plan.firstSlot());
            } else if (System.currentTimeMillis() > deadline) {
                stop();
                fail("after " + plan.startupMs() + " ms: "
                        + (watching ? "" : "the AMS has not answered the clock's subscription, ") + "orchestrator "
                        + (orch != null ? "registered" : "missing") + ", "
                        + srv.size() + " of " + wantServers + " servers, " + found.size() + " of " + wantUes
                        + (byName
                                ? " UEs living (as the AMS says"
                                        + (firstMissing < 0
                                                ? ""
                                                : "; " + ServiceTypes.ueName(firstMissing) + " the first missing")
                                        + ")"
                                : " UEs registered")
                        + (setupFailed.isEmpty() ? "" : " (could not set up: " + setupFailed.keySet() + ")")
                        + (dfError == null ? "" : " (the DF's last error: " + dfError + ")")
                        + (lookups.asked() == 0
                                ? ""
                                : "; the AMS was asked " + lookups.asked() + " times where a UE not seen born is, "
                                        + lookups.found() + " found")
                        + dropped());
            }
        }
    }

    /**
     * What the clock's queue dropped (a birth the AMS told and the clock never read leaves a UE missing for good), for
     * a start-up that fails: "" when nothing.
     */
    private String dropped() {
        long share = discipline().count(Discipline.Kind.SHARE_FULL);
        long full = discipline().count(Discipline.Kind.QUEUE_FULL);
        if (share + full == 0) return "";
        String last = discipline().lastReason(share > 0 ? Discipline.Kind.SHARE_FULL : Discipline.Kind.QUEUE_FULL);
        return "; the clock's queue dropped " + (share + full) + " messages (" + share + " over a sender's share, "
                + full + " at a full queue; the last: " + last + ")";
    }

    /**
     * Participants of one role the DF answers for in one search at most; more are looked up by name, {@value #PER_TICK}
     * a tick.
     */
    static final int ONE_SEARCH = 100;

    static final int PER_TICK = 250;

    /**
     * The agents registered under {@code type} with the names {@code name(first..first+count-1)}: one search for all of
     * them in a small trial; in a large one (the DF's answer for all of them would exceed the clock's content limit, as
     * 200 servers or 1000 UEs do) the ones not found yet, by name, {@value #PER_TICK} at a time, kept in {@code soFar}.
     */
    private Map<String, AID> registered(
            String type, int count, java.util.function.IntFunction<String> name, int first, Map<String, AID> soFar) {
        if (count <= ONE_SEARCH) return Directory.searchByServiceName(this, type);
        int asked = 0;
        for (int i = first; i < first + count && asked < PER_TICK; i++) {
            String n = name.apply(i);
            if (soFar.containsKey(n)) continue;
            asked++;
            AID a = Directory.searchByServiceName(this, type, n).get(n);
            if (a != null) soFar.put(n, a);
        }
        return soFar;
    }

    private void startSlot(int t) {
        try {
            openSlot(t);
        } catch (RuntimeException e) {
            fail("slot " + t + " could not start: " + e);
        }
    }

    private void openSlot(int t) {
        slot = t;
        active = uesIn(t);
        reports.clear();
        SlotStart start =
                new SlotStart(t, active, plan.world().scenario().servers().size());
        List<AID> to = new ArrayList<>(servers.size() + active + 1);
        to.add(orchestrator);
        to.addAll(servers);
        for (int i = 0; i < active; i++) {
            AID ue = ues.get(ServiceTypes.ueName(i));
            if (!goneUes.containsKey(i) && ue != null) to.add(ue);
        }
        slotStartNanos = System.nanoTime();
        lastReportNanos = slotStartNanos;
        onTime = 0;
        if (plan.paced()) {
            if (epochNanos < 0) epochNanos = slotStartNanos;
            scheduledNanos = epochNanos + (t - plan.firstSlot()) * plan.paceMs() * 1_000_000L;
        }
        // one copy per receiver (OneEach: JADE's copies would each carry all receivers, O(N²)); the agents of this
        // container get theirs in the clock's thread, after the others' are on their way (LocalDelivery); the UEs of a
        // container with a post get theirs as one batch to the post, which hands them on (RelayOutbox)
        ACLMessage m = LamboAcl.build(ACLMessage.INFORM, ServiceTypes.SLOT_PROTOCOL, start, orchestrator);
        List<ACLMessage> copies = OneEach.copies(m, to, r -> LocalDelivery.sameContainer(this, r));
        if (outbox != null) outbox.send(copies);
        else for (ACLMessage one : copies) LocalDelivery.send(this, one);
        addBehaviour(new CloseSlotAtDeadline(t));
        // every active UE gone already: close it on the next turn (not here, which would recurse slot after slot)
        if (allAccountedFor()) {
            addBehaviour(new jade.core.behaviours.OneShotBehaviour() {
                @Override
                public void action() {
                    if (!over && slot == t && allAccountedFor()) closeSlot();
                }
            });
        }
    }

    /**
     * A participant's word that it could not set up: taken only from an agent with a participant's name (the
     * orchestrator, server-j, ue-i of this trial) while the clock still waits for the participants, confirmed, and
     * remembered with its reason: a UE is then not waited for (its tasks fail with the reason), the orchestrator or a
     * server fails the trial at the next poll. Anything else is answered NOT_UNDERSTOOD and counted.
     */
    private final class NoteSetupFailures extends jade.core.behaviours.CyclicBehaviour {
        NoteSetupFailures() {
            super(TrialClockAgent.this);
        }

        @Override
        public void action() {
            ACLMessage msg = myAgent.receive(SETUP_FAILURES);
            if (msg == null) {
                block();
                return;
            }
            String who = Peers.name(msg.getSender());
            java.util.Optional<String> standsFor = UeStartWords.subjectOf(who);
            if (standsFor.isPresent()
                    && Peers.is(msg.getSender(), new AID(who, AID.ISLOCALNAME))
                    && new Departure(standsFor.get(), "", false)
                            .ueIndex().stream().anyMatch(i -> i < wantUes())) {
                // a container's messenger for a UE whose stand-in could not start: taken once the AMS places them
                if (!startWords.ask(msg, standsFor.get()))
                    ReceiveContent.answer(
                            myAgent,
                            msg,
                            ACLMessage.NOT_UNDERSTOOD,
                            Discipline.Kind.REFUSED,
                            "too many start failures wait for the AMS: " + who + "'s is not taken");
                return;
            }
            Departure named = new Departure(who, "", false);
            boolean participant = ServiceTypes.ORCHESTRATOR_NAME.equals(who)
                    || named.serverNumber().stream().anyMatch(j -> j >= 1 && j <= wantServers())
                    || named.ueIndex().stream().anyMatch(i -> i < wantUes());
            if (!participant || !Peers.is(msg.getSender(), new AID(who, AID.ISLOCALNAME))) {
                ReceiveContent.answer(
                        myAgent,
                        msg,
                        ACLMessage.NOT_UNDERSTOOD,
                        Discipline.Kind.WRONG_SENDER,
                        "setup failures are taken only from the trial's orchestrator, servers and UEs, not " + who);
                return;
            }
            if (slot >= 0 || over) {
                ReceiveContent.answer(
                        myAgent,
                        msg,
                        ACLMessage.NOT_UNDERSTOOD,
                        Discipline.Kind.REFUSED,
                        "the trial has " + (over ? "ended" : "started") + ": a setup failure of " + who
                                + " is not taken now");
                return;
            }
            note(msg, who);
        }
    }

    /**
     * Remembers that participant {@code who} could not set up, with the reason {@code word} gives, and confirms it to
     * the word's sender (within its answer budget, as refusals are: a flood under a participant's name is not echoed).
     */
    private void note(ACLMessage word, String who) {
        note(word, who, null);
    }

    /** As {@link #note(ACLMessage, String)}, {@code said} (null: nothing) added to the reason in parentheses. */
    private void note(ACLMessage word, String who, String said) {
        String reason = LamboAcl.reason(word);
        if (reason.isBlank()) reason = who + " could not set up (it gave no reason)";
        if (said != null) reason = reason + " (" + said + ")";
        setupFailed.put(who, reason);
        String r = reason;
        new Departure(who, "", false).ueIndex().ifPresent(i -> goneUes.put(i, r));
        LOG.warn(getLocalName() + ": " + reason);
        if (answerTo(Peers.name(word.getSender())))
            send(LamboAcl.replyWithReason(word, ACLMessage.CONFIRM, "noted: " + who + " is not waited for"));
    }

    /** The AMS's answers where a messenger and its UE are ({@link UeStartWords}): its word taken or refused. */
    private final class HearWhereMessengersAre extends jade.core.behaviours.CyclicBehaviour {
        HearWhereMessengersAre() {
            super(TrialClockAgent.this);
        }

        @Override
        public void action() {
            ACLMessage msg = myAgent.receive(startWordAnswers);
            if (msg == null) {
                block();
                return;
            }
            startWords.answered(msg).ifPresent(v -> {
                if (!v.taken()) {
                    ReceiveContent.answer(
                            myAgent, v.word(), ACLMessage.NOT_UNDERSTOOD, Discipline.Kind.WRONG_SENDER, v.why());
                } else if (slot >= 0 || over) {
                    ReceiveContent.answer(
                            myAgent,
                            v.word(),
                            ACLMessage.NOT_UNDERSTOOD,
                            Discipline.Kind.REFUSED,
                            "the trial has " + (over ? "ended" : "started") + ": a setup failure of " + v.ue()
                                    + " is not taken now");
                } else {
                    note(v.word(), v.ue(), v.said());
                }
            });
        }
    }

    private int wantUes() {
        return SlotSource.maxActiveUes(plan.world().scenario(), plan.slots());
    }

    private int wantServers() {
        return plan.world().scenario().servers().size();
    }

    private final class CollectReports extends ReceiveContent<TaskReport> {
        CollectReports() {
            super(TrialClockAgent.this, REPORTS, TaskReport.class);
        }

        @Override
        protected java.util.Optional<String> refuseUnread(ACLMessage msg) {
            AID from = msg.getSender();
            if (from != null
                    && from.getName() != null
                    && ueAgents.contains(from.getName().toLowerCase(java.util.Locale.ROOT)))
                return java.util.Optional.empty();
            return java.util.Optional.of(
                    "task reports are taken only from the trial's UEs, not " + Peers.name(msg.getSender()));
        }

        @Override
        protected void handle(ACLMessage msg, TaskReport r) {
            AID owner = ues == null ? null : ues.get(ServiceTypes.ueName(r.index()));
            if (owner == null || !Peers.is(msg.getSender(), owner) || !r.ue().equals(Peers.name(msg.getSender()))) {
                refuse(
                        msg,
                        Discipline.Kind.WRONG_SENDER,
                        "the report of " + r.taskId() + " (" + r.ue() + ", UE " + r.index() + ") is taken only from "
                                + (owner == null
                                        ? ServiceTypes.ueName(r.index()) + ", which is not a UE of this trial"
                                        : owner.getLocalName())
                                + ", not " + Peers.name(msg.getSender()));
                return;
            }
            if (over || r.slot() != slot || r.index() >= active) {
                refuse(
                        msg,
                        Discipline.Kind.WRONG_SLOT,
                        "report for slot " + r.slot() + " of UE " + r.index() + " is late or stray: "
                                + (over
                                        ? "the trial is over"
                                        : "slot " + slot + " is open with " + active + " active UEs"));
                return;
            }
            if (!r.taskId().equals(Vocabulary.taskId(slot, r.index()))) {
                refuse(
                        msg,
                        Discipline.Kind.REFUSED,
                        "report of " + r.taskId() + ": UE " + r.index() + "'s task of slot " + slot + " is "
                                + Vocabulary.taskId(slot, r.index()));
                return;
            }
            if (reports.putIfAbsent(r.index(), r) != null) {
                refuse(msg, Discipline.Kind.REFUSED, r.taskId() + " has already been reported");
                return;
            }
            lastReportNanos = System.nanoTime();
            if (plan.paced() && lastReportNanos <= scheduledNanos + plan.paceMs() * 1_000_000L) onTime++;
            if (allAccountedFor()) closeSlot();
        }
    }

    private final class CloseSlotAtDeadline extends WakerBehaviour {
        private final int t;

        CloseSlotAtDeadline(int t) {
            super(TrialClockAgent.this, plan.slotMs());
            this.t = t;
        }

        @Override
        protected void onWake() {
            try {
                if (!over && slot == t) closeSlot();
            } catch (RuntimeException e) {
                fail("slot " + t + " could not be closed: " + ReceiveContent.describe(e));
            }
        }
    }

    private void closeSlot() {
        List<TaskReport> all = new ArrayList<>(active);
        for (int i = 0; i < active; i++) {
            TaskReport r = reports.get(i);
            String why = goneUes.containsKey(i)
                    ? goneUes.get(i)
                    : "no report from " + ServiceTypes.ueName(i) + " within the slot deadline of " + plan.slotMs()
                            + " ms";
            all.add(
                    r != null
                            ? r
                            : TaskReport.failed(
                                    slot, ServiceTypes.ueName(i), i, Vocabulary.taskId(slot, i), null, why));
        }
        int done = slot;
        try {
            listener.slotDone(new SlotRecord(done, all, (lastReportNanos - slotStartNanos) / 1e6, pace()));
        } catch (RuntimeException e) {
            fail("slot " + done + " could not be recorded: " + e);
            return;
        }
        if (done + 1 < plan.slots()) {
            startNextSlot(done + 1);
        } else {
            over = true;
            listener.finished();
        }
    }

    /** How the open slot kept to the wall clock (null: not paced). */
    private SlotRecord.Pace pace() {
        if (!plan.paced()) return null;
        double late = Math.max(0, (slotStartNanos - scheduledNanos) / 1e6);
        long end = reports.size() < active
                ? System.nanoTime()
                : lastReportNanos; // closed at its deadline: it lasted until now
        double overrun = Math.max(0, (end - scheduledNanos) / 1e6 - plan.paceMs());
        return new SlotRecord.Pace(late, overrun, onTime);
    }

    /** The next slot: at once, or in a real-time trial at its time on the wall clock (at once when that has passed). */
    private void startNextSlot(int t) {
        long waitMs = plan.paced()
                ? (epochNanos + (t - plan.firstSlot()) * plan.paceMs() * 1_000_000L - System.nanoTime()) / 1_000_000L
                : 0;
        if (waitMs <= 0) {
            startSlot(t);
            return;
        }
        addBehaviour(new WakerBehaviour(this, waitMs) {
            @Override
            protected void onWake() {
                if (!over) startSlot(t);
            }
        });
    }

    private void fail(String reason) {
        if (over) return;
        over = true;
        listener.failed(reason);
    }
}
