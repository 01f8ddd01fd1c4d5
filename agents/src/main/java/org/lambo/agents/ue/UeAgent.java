package org.lambo.agents.ue;

import jade.core.AID;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import org.lambo.agents.AnswerUnknownMessages;
import org.lambo.agents.BootArguments;
import org.lambo.agents.Directory;
import org.lambo.agents.Discipline;
import org.lambo.agents.GuardedAgent;
import org.lambo.agents.LeaveAfterSetupFailure;
import org.lambo.agents.LocalDelivery;
import org.lambo.agents.Peers;
import org.lambo.agents.ReceiveContent;
import org.lambo.agents.RegisterWithDirectory;
import org.lambo.agents.Relay;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotAdmission;
import org.lambo.agents.SlotGate;
import org.lambo.agents.SlotSource;
import org.lambo.agents.TakeEveryMessage;
import org.lambo.agents.TakeFromClock;
import org.lambo.mec.Instance;
import org.lambo.ontology.MalformedMessageException;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.SlotStart;
import org.lambo.ontology.TaskReport;
import org.lambo.ontology.TaskResult;
import org.lambo.ontology.jade.LamboAcl;
import org.lambo.rng.Seeds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UE: when a slot starts it takes its position and task from the world (mobility and task generation are the
 * world's), asks the orchestrator where to run it (FIPA REQUEST), runs it locally or submits it to the edge server it
 * was given (FIPA REQUEST), and reports what it measured to the trial's clock. Every task ends completed or failed with
 * a reason, within {@link UeTimeouts#taskMs()}. Registered with the DF as {@value ServiceTypes#UE}, service name
 * {@code ue-i}, in a trial of at most {@value KnownByName#MOST_IN_DIRECTORY} UEs; in a larger one known by name alone
 * ({@link KnownByName}).
 *
 * <p>Discipline: it takes a slot-start only from the trial's clock ({@link Peers#clock()}), only for a slot after the
 * last one it started ({@link SlotGate.Order#INCREASING}: it sits out the slots it is not active in), and only when the
 * slot's N and M are its scenario's and it is active in it; anything else is refused (NOT_UNDERSTOOD with the reason)
 * and changes nothing. A decision is taken only from the orchestrator it asked, a result only from the server it was
 * sent to.
 *
 * <p>Arguments: the {@link SlotSource} of its JVM, its UE index i (Integer) and its {@link UeTimeouts}; or, from
 * {@code jade.Boot}, the strings (scenario, seed, i[, decision ms, server ms]) (defaults 60 000 and 5 000, as
 * {@code lambo trial}'s): see {@link BootArguments}. Its local name must be {@code ue-i}: the other agents know UE i by
 * that name ({@link Peers}).
 */
public class UeAgent extends GuardedAgent {
    private static final Logger LOG = LoggerFactory.getLogger(UeAgent.class);
    /** When a request the platform could not deliver is sent again. */
    private static final Resend RESEND = Resend.DEFAULT;
    /** When a request or a submission that got no answer is sent again. */
    private static final Reask REASK_DECISIONS = Reask.DECISIONS;

    private static final Reask REASK_RESULTS = Reask.RESULTS;
    /** How many recent round trips set the silence before asking again. */
    private static final int RECENT = 4;

    static final MessageTemplate SLOT_STARTS = LamboAcl.template(ServiceTypes.SLOT_PROTOCOL, ACLMessage.INFORM);

    private SlotSource world;
    private int index;
    private UeTimeouts timeouts;
    private AID orchestrator;
    private AID clock;
    /**
     * Whether requests and reports still go to the orchestrator's and the clock's lanes (false once one could not be
     * reached).
     */
    private boolean orchestratorLanes = true;

    private boolean clockLanes = true;
    /** Whether submissions go to the edge servers' lanes (false once one could not be found). */
    private boolean serverLanes = true;
    /** The latest round trips this UE saw: request to decision, submission to result (ms). */
    private final java.util.ArrayDeque<Integer> recentDecisions = new java.util.ArrayDeque<>();

    private final java.util.ArrayDeque<Integer> recentResults = new java.util.ArrayDeque<>();
    private final SlotGate slots = new SlotGate(SlotGate.Order.INCREASING);
    /**
     * This UE's jitter of its silences before asking again ({@link Reask#silenceMs(int, long, long, double)}), from the
     * scenario's seed: the UEs of a large trial ask again spread out, not all at once.
     */
    private java.util.SplittableRandom reaskJitter;

    @Override
    protected void setup() {
        LamboAcl.register(getContentManager());
        try {
            takeArguments();
        } catch (RuntimeException e) {
            // told to the clock, which fails this UE's tasks with it rather than wait for it
            addBehaviour(new LeaveAfterSetupFailure(this, getLocalName() + " could not start: " + e.getMessage()));
            return;
        }
        reaskJitter = new java.util.SplittableRandom(Seeds.derive(world.seed(), "reask", index));
        LocalDelivery.join(this);
        if (KnownByName.ues(world.scenario())) {
            // thousands of UEs: known by name, neither registered with the DF nor searching it (KnownByName)
            orchestrator = new AID(ServiceTypes.ORCHESTRATOR_NAME, AID.ISLOCALNAME);
        } else {
            registerAndFindOrchestrator();
        }
        addBehaviour(new TakeEveryUeMessage());
    }

    /** What to do with a slot's start (the clock's). */
    private final MakeTaskAtSlotStart slotStarts = new MakeTaskAtSlotStart();

    /** The task conversations under way (started, not yet over): their due times are this UE's timer. */
    private final java.util.Set<TaskConversation> running = new java.util.LinkedHashSet<>();

    /** The task conversation each conversation id of a running one belongs to: where its replies go. */
    private final Map<String, TaskConversation> replyTo = new HashMap<>();

    /**
     * The UE's one receiving behaviour ({@link TakeEveryMessage}): a slot's start to {@link MakeTaskAtSlotStart}, the
     * AMS's FAILURE of a report to {@link #reportAgainWhenUndelivered}, a reply in a running task's conversation to
     * that {@link TaskConversation}, anything else to {@link AnswerUnknownMessages#answerOrDrop} (NOT_UNDERSTOOD with
     * the reason, or dropped and counted as stray); what is due in the running conversations is its timer. It replaces
     * four behaviours (the three above and a catch-all), each woken by every message the UE got.
     */
    private final class TakeEveryUeMessage extends TakeEveryMessage {
        TakeEveryUeMessage() {
            super(UeAgent.this);
        }

        @Override
        protected void route(ACLMessage m) {
            if (SLOT_STARTS.match(m)) {
                slotStarts.take(m);
                return;
            }
            if (REPORT_FAILURES.match(m)) {
                reportAgainWhenUndelivered(m);
                return;
            }
            String c = m.getConversationId();
            TaskConversation t = c == null ? null : replyTo.get(c);
            if (t != null && REPLIES.match(m)) t.receive(m);
            else AnswerUnknownMessages.answerOrDrop(UeAgent.this, m);
        }

        @Override
        protected long runDue() {
            long earliest = Long.MAX_VALUE;
            if (running.isEmpty()) return earliest;
            for (TaskConversation t : new java.util.ArrayList<>(running)) {
                long next = t.step();
                if (next == Long.MAX_VALUE) t.end();
                else if (earliest == Long.MAX_VALUE || next - earliest < 0) earliest = next;
            }
            return earliest;
        }
    }

    /** Registers with the DF as {@code ue-i} and looks the orchestrator up there (a trial of a few UEs). */
    private void registerAndFindOrchestrator() {
        addBehaviour(new RegisterWithDirectory(
                this,
                ServiceTypes.UE,
                ServiceTypes.ueName(index),
                () -> {},
                why -> addBehaviour(new LeaveAfterSetupFailure(this, why))));
        // look the orchestrator up now rather than when the first slot starts, when every UE would ask the DF at once
        addBehaviour(new jade.core.behaviours.OneShotBehaviour() {
            @Override
            public void action() {
                try {
                    if (orchestrator == null)
                        orchestrator = Directory.searchOne(UeAgent.this, ServiceTypes.ORCHESTRATOR);
                } catch (RuntimeException e) {
                    // a DF busy with thousands of registrations: looked up again when the first slot starts
                    // (findOrchestrator)
                    LOG.atInfo().log(() ->
                            getLocalName() + ": the orchestrator is looked up later: " + ReceiveContent.describe(e));
                }
            }
        });
    }

    /** Reads the arguments (world, index, timeouts) and checks the agent's name against its index. */
    private void takeArguments() {
        Object[] args = getArguments();
        if (BootArguments.fromBoot(args) && (args.length == 3 || args.length == 5)) {
            // from jade.Boot: (scenario, seed, UE index[, decision ms, server ms])
            String me = getLocalName();
            this.world = BootArguments.world(me, (String) args[0], (String) args[1]);
            this.index = BootArguments.intArg(me, "UE index", (String) args[2]);
            int most = SlotSource.maxUesEver(world.scenario());
            if (index < 0 || index >= most)
                throw new IllegalArgumentException(me + ": UE index must be in 0.." + (most - 1) + ", got " + index);
            this.timeouts = args.length == 3
                    ? new UeTimeouts(60_000, 5_000)
                    : new UeTimeouts(
                            BootArguments.longArg(me, "decision ms", (String) args[3]),
                            BootArguments.longArg(me, "server ms", (String) args[4]));
        } else if (args != null
                && args.length >= 3
                && args[0] instanceof SlotSource s
                && args[1] instanceof Integer i
                && args[2] instanceof UeTimeouts t) {
            this.world = s;
            this.index = i;
            this.timeouts = t;
        } else {
            throw new IllegalArgumentException(
                    getLocalName() + " needs arguments (SlotSource, Integer UE index, UeTimeouts), "
                            + "or from jade.Boot (scenario, seed, UE index[, decision ms, server ms])");
        }
        if (!ServiceTypes.ueName(index).equals(getLocalName())) {
            throw new IllegalArgumentException(getLocalName() + ": the agent of UE " + index + " must be named "
                    + ServiceTypes.ueName(index) + " (the other agents know UE i by the name ue-i)");
        }
    }

    @Override
    protected void takeDown() {
        LocalDelivery.leave(this);
        // a UE known by name never registered: 10,000 deregistrations would keep the DF busy as the platform ends
        if (world != null && !KnownByName.ues(world.scenario())) Directory.deregister(this);
    }

    /** When a slot starts: make this slot's task and ask the orchestrator about it. */
    private final class MakeTaskAtSlotStart extends TakeFromClock<SlotStart> {
        MakeTaskAtSlotStart() {
            super(UeAgent.this, SlotStart.class);
        }

        @Override
        protected void fromClock(ACLMessage msg, SlotStart start) {
            int t = start.slot();
            int active = SlotSource.activeUes(world.scenario(), t);
            if (index >= active && start.ues() == active) {
                refuse(
                        msg,
                        Discipline.Kind.REFUSED,
                        getLocalName() + " is not active in slot " + t + " (" + active + " UEs are)");
                return;
            }
            SlotAdmission inst = SlotAdmission.of(start, world, slots, getLocalName());
            if (!inst.admitted()) {
                refuse(msg, inst.kind(), inst.refusal());
                return;
            }
            slots.start(t);
            // the clock, also when the post of this UE's container handed its slot-start on
            clock = origin(msg);
            UeTask task = makeTask(inst.instance(), t);
            task.in(here().getName());
            // a slot of thousands of UEs takes the orchestrator long to decide: no UE asks again before that (Reask)
            TaskConversation conversation =
                    new TaskConversation(task, REASK_DECISIONS.forSlotOf(start.ues(), timeouts.decisionMs()));
            if (orchestrator == null) orchestrator = findOrchestrator();
            if (orchestrator == null) {
                report(task.fail("no orchestrator is registered with the DF"));
                return;
            }
            conversation.start(System.nanoTime() + timeouts.decisionMs() * 1_000_000L);
        }
    }

    /**
     * The orchestrator as the DF knows it (null: none registered); when the DF cannot answer in time (thousands of
     * agents registering at once), the agent of its well-known name, {@value ServiceTypes#ORCHESTRATOR_NAME}: JADE's
     * names are unique in a platform, and a decision is taken only from that agent as before.
     */
    private AID findOrchestrator() {
        try {
            return Directory.searchOne(this, ServiceTypes.ORCHESTRATOR);
        } catch (RuntimeException e) {
            LOG.warn(getLocalName() + ": the DF did not answer (" + ReceiveContent.describe(e) + "), asking "
                    + ServiceTypes.ORCHESTRATOR_NAME + " by name");
            return new AID(ServiceTypes.ORCHESTRATOR_NAME, AID.ISLOCALNAME);
        }
    }

    /**
     * The conversation id's suffix of a request or submission sent again: a task's replies are matched by conversation
     * id ({@link TaskConversation}), so each send has its own and a late answer to an earlier one is known as such.
     */
    private String again(boolean again) {
        return again ? "-again-" + (++conversations) : "";
    }

    private int conversations;

    /** Notes a round trip among the latest {@value #RECENT}. */
    private static void note(java.util.ArrayDeque<Integer> recent, Integer ms) {
        if (ms == null) return;
        recent.addLast(ms);
        while (recent.size() > RECENT) recent.removeFirst();
    }

    private static long longest(java.util.ArrayDeque<Integer> recent) {
        long max = 0;
        for (int ms : recent) max = Math.max(max, ms);
        return max;
    }

    /** An answer that came after the one the task took: counted, dropped. */
    private void duplicate(UeTask task, String what, ACLMessage answer) {
        task.duplicate();
        ReceiveContent.count(
                this,
                Discipline.Kind.STRAY_REPLY,
                "a repeated " + what + " for " + task.taskId() + " from " + Peers.name(answer.getSender())
                        + " (the task took one already)");
    }

    /**
     * Whether the AMS's FAILURE says the receiver does not exist (an agent without lanes), rather than that it could
     * not be reached.
     */
    static boolean noSuchAgent(String amsReason) {
        return amsReason != null && amsReason.toLowerCase(java.util.Locale.ROOT).contains("not found");
    }

    /** A reply to one of the UE's requests or submissions: what FIPA-Request lets the other side answer. */
    static final MessageTemplate REPLIES = MessageTemplate.or(
            MessageTemplate.or(
                    MessageTemplate.MatchPerformative(ACLMessage.INFORM),
                    MessageTemplate.MatchPerformative(ACLMessage.AGREE)),
            MessageTemplate.or(
                    MessageTemplate.MatchPerformative(ACLMessage.REFUSE),
                    MessageTemplate.or(
                            MessageTemplate.MatchPerformative(ACLMessage.FAILURE),
                            MessageTemplate.MatchPerformative(ACLMessage.NOT_UNDERSTOOD))));

    /**
     * One message the UE sent for a task: its reply-with (a reply must name it), whether it asked for the decision (or
     * submitted the task), how many sends the platform could not deliver came before it, and whether it went to a lane.
     */
    private record Sent(String replyWith, boolean forDecision, int resends, boolean viaLane) {}

    /**
     * Something a task's conversation does at a time: ask again, send again, give up; {@code forReport}: send its
     * report again (the only thing left to do once the task has ended).
     */
    private record Due(long atNanos, long order, boolean forReport, Runnable action) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int c = Long.compare(atNanos - o.atNanos, 0);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    /**
     * One task's conversations, from its request to its report, as a plain object that the UE's one behaviour
     * ({@link TakeEveryUeMessage}) hands its replies to and runs while it is due: it sends the request (FIPA-Request)
     * and, once the decision is to offload, the submission, takes their replies by conversation id and in-reply-to
     * (each request or submission sent again has a conversation id of its own, {@code offload-TASK-again-k}, so a late
     * answer to an earlier one is still known as this task's and counted, not mistaken), and keeps its own times: ask
     * or submit again after a silence ({@link Reask}), send again what the platform could not deliver ({@link Resend}),
     * give up at the decision's and the result's deadlines. It replaces two JADE {@code AchieveREInitiator}s (each an
     * FSM of a dozen behaviours restarted on every message the agent gets) and four wakers per slot, and (session 15)
     * the behaviour of its own that every message the UE got woke as well; it ends when the task has ended, completed
     * or failed with a reason, and its report is sent.
     *
     * <p>Its report: the clock does not answer reports, but the platform says when it could not deliver one (the AMS's
     * FAILURE, in the report's conversation {@code report-TASK}: a dropout, the clock's lane missing). That brings the
     * conversation back ({@link #reportAgainWhenUndelivered}): the report goes to the clock's name at once if it went
     * to a lane, and otherwise again with the requests' backoff ({@link Resend}) until the clock's slot deadline
     * ({@link UeTimeouts#reportMs()} after the slot started), when it gives up saying why in one line.
     *
     * <p>While it runs it takes every reply in the conversations it sent in: one whose in-reply-to is none of its
     * messages is counted stray at once; once the task has ended, or the conversation is over, any reply in them is
     * counted stray ({@link AnswerUnknownMessages#answerOrDrop}).
     */
    private final class TaskConversation {
        private final UeTask task;
        /** What was sent for this task, by conversation id. */
        private final Map<String, Sent> sent = new HashMap<>();

        private final PriorityQueue<Due> due = new PriorityQueue<>();
        /** The silences before asking for the decision again, for this slot's number of UEs. */
        private final Reask reask;

        private final long startNanos = System.nanoTime();
        private long order;
        private long decisionDeadline;
        private long resultDeadline;
        /** Not running yet, or ended: running (again) when its report needs sending again. */
        private boolean over = true;
        /** The report (null until the task has ended) and its latest send. */
        private TaskReport report;

        private ACLMessage reportSent;
        private boolean reportViaLane;
        private int reportUndelivered;

        TaskConversation(UeTask task, Reask reask) {
            this.task = task;
            this.reask = reask;
            byTask.put(task.taskId(), this);
        }

        /** Asks for the decision now and gives it until {@code deadlineNanos}. */
        void start(long deadlineNanos) {
            decisionDeadline = deadlineNanos;
            at(deadlineNanos, () -> {
                if (task.decision() == null)
                    endFailed(task, "no decision from the orchestrator within " + timeouts.decisionMs() + " ms");
            });
            ask(0);
            askAgainAfterSilence(1);
            run();
        }

        /** Runs (again): {@link TakeEveryUeMessage} runs what is due in it. */
        private void run() {
            over = false;
            running.add(this);
        }

        /** A reply in one of its conversations ({@link TakeEveryUeMessage}); once the task has ended, stray. */
        void receive(ACLMessage m) {
            if (task.ended()) {
                AnswerUnknownMessages.answerOrDrop(UeAgent.this, m);
                return;
            }
            try {
                take(m);
            } catch (RuntimeException e) {
                endFailed(task, "the task's conversation failed: " + ReceiveContent.describe(e));
            }
        }

        /** Runs what is due now; the next due time, or Long.MAX_VALUE when nothing is left to do (it is over). */
        long step() {
            try {
                while (!task.ended() && !due.isEmpty() && due.peek().atNanos() - System.nanoTime() <= 0)
                    due.poll().action().run();
            } catch (RuntimeException e) {
                endFailed(task, "the task's conversation failed: " + ReceiveContent.describe(e));
            }
            if (task.ended()) {
                // only its report's sends are left to do
                due.removeIf(d -> !d.forReport());
                while (!due.isEmpty() && due.peek().atNanos() - System.nanoTime() <= 0)
                    due.poll().action().run();
                return due.isEmpty() ? Long.MAX_VALUE : due.peek().atNanos();
            }
            if (due.isEmpty()) {
                // cannot happen (a deadline is always due while the task runs); a task never ends without a reason
                endFailed(task, "nothing left to wait for and no answer");
                return Long.MAX_VALUE;
            }
            return due.peek().atNanos();
        }

        /** Over: its replies are no longer taken (any that comes now is stray: AnswerUnknownMessages.answerOrDrop). */
        void end() {
            over = true;
            running.remove(this);
            for (String c : sent.keySet()) replyTo.remove(c, this);
            sent.clear();
        }

        private void at(long atNanos, Runnable action) {
            due.add(new Due(atNanos, order++, false, action));
        }

        private void after(long ms, Runnable action) {
            at(System.nanoTime() + ms * 1_000_000L, action);
        }

        private long remainingMs(long deadlineNanos) {
            return (deadlineNanos - System.nanoTime()) / 1_000_000L;
        }

        private void send(ACLMessage m, boolean forDecision, int resends, boolean viaLane) {
            if (sent.put(m.getConversationId(), new Sent(m.getReplyWith(), forDecision, resends, viaLane)) == null)
                replyTo.put(m.getConversationId(), this);
            UeAgent.this.send(LocalDelivery.mark(UeAgent.this, m));
        }

        /** Sends the task's report to the clock. */
        void report(TaskReport r) {
            report = r;
            sendReport();
        }

        private void sendReport() {
            // to this UE's lane of the clock (an alias: a container's UEs report side by side over a slow link); a
            // clock
            // of this UE's own container, or one without lanes, by name (in this thread when it is of this container)
            reportViaLane = clockLanes && !LocalDelivery.sameContainer(UeAgent.this, clock);
            AID to = reportViaLane ? new AID(ServiceTypes.clockLane(index), AID.ISLOCALNAME) : clock;
            reportSent = LamboAcl.build(
                    ACLMessage.INFORM, ServiceTypes.REPORT_PROTOCOL, "report-" + report.taskId(), 0, report, to);
            LocalDelivery.send(UeAgent.this, reportSent);
        }

        /**
         * The platform could not deliver the report's latest send ({@code failure}, the AMS's): to the clock's name at
         * once when it went to a lane, else again after the requests' backoff while the clock's slot deadline allows;
         * then it gives up, saying why.
         */
        void reportUndelivered(ACLMessage failure) {
            String why = said(failure);
            if (reportViaLane && clockLanes) {
                clockLanes = false; // from now on by name
                LOG.atInfo().log(() -> getLocalName() + ": the clock's lane could not be reached (" + why
                        + "), the report goes to " + Peers.name(clock));
                sendReport();
                return;
            }
            int tries = ++reportUndelivered;
            long wait = RESEND.delayMs(tries, remainingMs(startNanos + timeouts.reportMs() * 1_000_000L));
            if (wait < 0) {
                LOG.warn(getLocalName() + ": the report of " + report.taskId() + " could not be delivered to "
                        + Peers.name(clock) + " (" + tries + " tries; the clock's slot deadline, "
                        + timeouts.reportMs() + " ms after the slot started, passes before another), the AMS says: "
                        + why);
                return;
            }
            LOG.atInfo().log(() -> getLocalName() + ": the report of " + report.taskId() + " could not be delivered ("
                    + why + "), sending it again in " + wait + " ms");
            due.add(new Due(System.nanoTime() + wait * 1_000_000L, order++, true, this::sendReport));
            if (over) run();
        }

        /** Asks the orchestrator where the task runs (again, after {@code resends} undelivered requests). */
        private void ask(int resends) {
            boolean again = task.asked();
            task.asking();
            long remaining = Math.max(1, remainingMs(decisionDeadline));
            // the first request goes to this UE's lane of the orchestrator (an alias: the UEs of a container cross a
            // slow link side by side, not one round trip after another); one sent again goes to its name; an
            // orchestrator of this UE's own container is asked by name, in this thread (LocalDelivery)
            boolean lane =
                    resends == 0 && orchestratorLanes && !LocalDelivery.sameContainer(UeAgent.this, orchestrator);
            AID to = lane ? new AID(ServiceTypes.orchestratorLane(index), AID.ISLOCALNAME) : orchestrator;
            send(
                    LamboAcl.build(
                            ACLMessage.REQUEST,
                            FIPANames.InteractionProtocol.FIPA_REQUEST,
                            "offload-" + task.taskId() + again(again),
                            remaining,
                            task.request(),
                            to),
                    true,
                    resends,
                    lane);
        }

        /**
         * Asks again (the {@code n}-th time) if no decision has come after a silence ({@link Reask}: a few of the
         * longest recent round trips): the request may have reached the orchestrator and its decision been lost on a
         * cut connection. The orchestrator answers a repeated request with the decision it made; the UE takes one.
         */
        private void askAgainAfterSilence(int n) {
            long wait = reask.silenceMs(
                    n, remainingMs(decisionDeadline), longest(recentDecisions), reaskJitter.nextDouble());
            if (wait < 0) return;
            after(wait, () -> {
                if (task.decision() != null) return;
                LOG.atDebug().log(() ->
                        getLocalName() + ": " + task.taskId() + ": no decision after " + wait + " ms, asking again");
                ask(0);
                askAgainAfterSilence(n + 1);
            });
        }

        /** Submits the task to the edge server it was given (again, after {@code undelivered} undelivered ones). */
        private void submit(int undelivered) {
            boolean again = task.submitted();
            task.submitting();
            long remaining = Math.max(1, remainingMs(resultDeadline));
            String server = task.decision().server();
            // to this UE's lane of the server (an alias: a container's submissions to one server cross a slow link side
            // by side); a server of this UE's own container by name, in this thread (LocalDelivery)
            boolean lane = serverLanes && !LocalDelivery.sameContainer(UeAgent.this, new AID(server, AID.ISLOCALNAME));
            AID to = new AID(lane ? org.lambo.agents.Lanes.of(server, index) : server, AID.ISLOCALNAME);
            send(
                    LamboAcl.build(
                            ACLMessage.REQUEST,
                            FIPANames.InteractionProtocol.FIPA_REQUEST,
                            "submit-" + task.taskId() + again(again),
                            remaining,
                            task.submission(),
                            to),
                    false,
                    undelivered,
                    lane);
        }

        /**
         * Submits again (the {@code n}-th time) if no result has come after a silence ({@link Reask}); the server
         * answers a repeat with the same result.
         */
        private void submitAgainAfterSilence(int n) {
            long wait = REASK_RESULTS.silenceMs(n, remainingMs(resultDeadline), longest(recentResults));
            if (wait < 0) return;
            after(wait, () -> {
                LOG.atDebug().log(() ->
                        getLocalName() + ": " + task.taskId() + ": no result after " + wait + " ms, submitting again");
                submit(0);
                submitAgainAfterSilence(n + 1);
            });
        }

        private void take(ACLMessage m) {
            Sent s = sent.get(m.getConversationId());
            if (!s.replyWith().equals(m.getInReplyTo())) {
                // in the task's conversation, but not an answer to its latest message there (a guessed in-reply-to)
                ReceiveContent.count(
                        UeAgent.this,
                        Discipline.Kind.STRAY_REPLY,
                        "a " + ACLMessage.getPerformative(m.getPerformative()) + " from " + Peers.name(m.getSender())
                                + " in " + m.getConversationId() + " in reply to '" + m.getInReplyTo()
                                + "', which is none of " + task.taskId() + "'s messages");
                return;
            }
            if (s.forDecision()) fromOrchestrator(m, s);
            else fromServer(m, s);
        }

        /**
         * A reply to one of the task's requests. An AGREE (FIPA-Request allows one before the answer) changes nothing.
         */
        private void fromOrchestrator(ACLMessage m, Sent s) {
            switch (m.getPerformative()) {
                case ACLMessage.INFORM -> {
                    if (task.decision() != null) {
                        duplicate(task, "decision", m);
                        return;
                    }
                    try {
                        decided(m);
                    } catch (RuntimeException e) {
                        endFailed(
                                task,
                                "the decision from " + Peers.name(m.getSender()) + " could not be acted on: "
                                        + ReceiveContent.describe(e));
                    }
                }
                case ACLMessage.REFUSE -> {
                    // a request sent again, answered after the decision came: nothing left to ask
                    if (task.decision() == null) endFailed(task, "orchestrator refused: " + said(m));
                }
                case ACLMessage.FAILURE -> {
                    if (task.decision() == null) requestFailed(m, s);
                }
                case ACLMessage.NOT_UNDERSTOOD -> {
                    if (task.decision() == null) endFailed(task, "orchestrator did not understand: " + said(m));
                }
                default -> {}
            }
        }

        private void requestFailed(ACLMessage failure, Sent s) {
            if (!failure.getSender().equals(getAMS())) {
                endFailed(task, "orchestrator failed: " + said(failure));
                return;
            }
            if (s.viaLane() && orchestratorLanes && noSuchAgent(said(failure))) {
                // the orchestrator's lane could not be reached (an orchestrator without lanes): ask by name, now and
                // from now on
                orchestratorLanes = false;
                LOG.atInfo().log(() -> getLocalName() + ": the orchestrator's lane could not be reached ("
                        + said(failure) + "), asking by name");
                ask(0);
                return;
            }
            // the platform could not deliver the request (the AMS says so): send it again while there is time
            int resends = s.resends() + 1;
            long wait = RESEND.delayMs(resends, remainingMs(decisionDeadline));
            if (wait < 0) {
                endFailed(
                        task,
                        "the orchestrator is unreachable, the AMS says: " + said(failure) + " (" + resends + " tries)");
                return;
            }
            LOG.atInfo().log(() -> getLocalName() + ": " + task.taskId() + ": the request could not be delivered ("
                    + said(failure) + "), sending it again in " + wait + " ms");
            after(wait, () -> {
                if (task.decision() != null) return;
                if (System.nanoTime() >= decisionDeadline) {
                    endFailed(
                            task,
                            "no decision from the orchestrator within " + timeouts.decisionMs()
                                    + " ms (its request could not be delivered " + resends + " times)");
                    return;
                }
                ask(resends);
            });
        }

        private void decided(ACLMessage inform) {
            // the orchestrator's, sent directly or handed on by the post of this UE's container (Relay)
            AID from = Relay.origin(inform, post());
            if (!Peers.is(from, orchestrator)) {
                ReceiveContent.count(UeAgent.this, Discipline.Kind.WRONG_SENDER, "decision from " + Peers.name(from));
                report(task.fail("a decision came from " + Peers.name(from) + ", not from the orchestrator "
                        + Peers.name(orchestrator)));
                return;
            }
            OffloadingDecision d;
            try {
                d = LamboAcl.read(inform, OffloadingDecision.class);
            } catch (MalformedMessageException e) {
                report(task.fail(
                        "unreadable decision from " + inform.getSender().getLocalName() + ": " + e.getMessage()));
                return;
            }
            Optional<String> wrong = task.accept(d);
            if (wrong.isEmpty()) note(recentDecisions, task.decisionMs());
            if (wrong.isEmpty()) wrong = cannotRun(task);
            if (wrong.isPresent()) {
                report(task.fail(wrong.get()));
            } else if (d.isLocal()) {
                runLocally(task);
            } else {
                // the decision's times are over: from now on the result's
                due.clear();
                offloading(task);
                resultDeadline = System.nanoTime() + timeouts.serverMs() * 1_000_000L;
                String server = d.server();
                at(
                        resultDeadline,
                        () -> endFailed(task, "no result from " + server + " within " + timeouts.serverMs() + " ms"));
                submit(0);
                submitAgainAfterSilence(1);
            }
        }

        /** A reply to one of the task's submissions. */
        private void fromServer(ACLMessage m, Sent s) {
            switch (m.getPerformative()) {
                case ACLMessage.INFORM -> result(m);
                case ACLMessage.REFUSE -> endFailed(task, m.getSender().getLocalName() + " refused: " + said(m));
                case ACLMessage.FAILURE -> submissionFailed(m, s);
                case ACLMessage.NOT_UNDERSTOOD ->
                    endFailed(task, m.getSender().getLocalName() + " did not understand: " + said(m));
                default -> {}
            }
        }

        private void result(ACLMessage inform) {
            AID server = new AID(task.decision().server(), AID.ISLOCALNAME);
            if (!Peers.is(inform.getSender(), server)) {
                ReceiveContent.count(
                        UeAgent.this, Discipline.Kind.WRONG_SENDER, "result from " + Peers.name(inform.getSender()));
                endFailed(
                        task,
                        "a result came from " + Peers.name(inform.getSender()) + ", not from "
                                + task.decision().server());
                return;
            }
            try {
                TaskResult r = LamboAcl.read(inform, TaskResult.class);
                Optional<TaskReport> done = completeOffloaded(task, r);
                note(recentResults, task.resultMs());
                report(done.orElseGet(() -> task.fail(
                        "result from " + inform.getSender().getLocalName() + " is not for " + task.taskId())));
            } catch (MalformedMessageException e) {
                endFailed(task, "unreadable result from " + inform.getSender().getLocalName() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                endFailed(
                        task,
                        "the result from " + inform.getSender().getLocalName() + " could not be used: "
                                + ReceiveContent.describe(e));
            }
        }

        private void submissionFailed(ACLMessage failure, Sent s) {
            boolean fromAms = failure.getSender().equals(getAMS());
            if (fromAms && s.viaLane() && serverLanes && noSuchAgent(said(failure))) {
                // the server's lane is not there (a server without lanes): submit by name, now and from now on
                serverLanes = false;
                LOG.atInfo().log(() -> getLocalName() + ": the lane of "
                        + task.decision().server() + " could not be found (" + said(failure) + "), submitting by name");
                submit(s.resends());
                return;
            }
            int undelivered = s.resends() + 1;
            long wait = RESEND.delayMs(undelivered, remainingMs(resultDeadline));
            if (fromAms && !noSuchAgent(said(failure)) && wait >= 0) {
                // the platform could not deliver the submission (a cut connection, a dropout; not a server that is
                // gone): send it again while there is time
                LOG.atInfo().log(
                        () -> getLocalName() + ": " + task.taskId() + ": the submission could not be delivered ("
                                + said(failure) + "), sending it again in " + wait + " ms");
                after(wait, () -> submit(undelivered));
                return;
            }
            // the AMS answers FAILURE for a server that is gone (its agent or its whole container died)
            String who = fromAms
                    ? task.decision().server() + " is unreachable, the AMS says"
                    : failure.getSender().getLocalName() + " failed";
            endFailed(task, who + ": " + said(failure));
        }
    }

    private AID post;

    /** The post of this UE's container ({@link Relay}): what it hands on is the clock's or the orchestrator's. */
    private AID post() {
        if (post == null) post = new AID(Relay.postName(here().getName()), AID.ISLOCALNAME);
        return post;
    }

    /** This UE's task of a slot of the world. A device-backed UE states its device's measured CPU speed. */
    protected UeTask makeTask(Instance inst, int slot) {
        return new UeTask(inst, slot, index, getLocalName());
    }

    /**
     * Runs a task the orchestrator kept local and reports it: here the model's F / f_L; a device-backed UE runs it on
     * its device.
     */
    protected void runLocally(UeTask task) {
        report(task.runLocally());
    }

    /**
     * Called as the task is submitted to the server it was given (before the server can answer); here nothing. A
     * device-backed UE starts its device's upload of the task's input to a device-backed server here.
     */
    protected void offloading(UeTask task) {}

    /**
     * Ends an offloaded task with its server's result: here the latency the server reports and the model's upload
     * energy p D / r. A device-backed UE whose device uploaded the input reports what its device measured.
     *
     * @return empty when the result is not for this task's decision
     */
    protected Optional<TaskReport> completeOffloaded(UeTask task, TaskResult r) {
        return task.completeWith(r);
    }

    /** Why this UE cannot run its task at all, once decided (a device-backed UE: its device is offline); empty here. */
    protected Optional<String> cannotRun(UeTask task) {
        return Optional.empty();
    }

    protected int index() {
        return index;
    }

    protected UeTimeouts timeouts() {
        return timeouts;
    }

    /** A peer's reason in words: what it said, or that it said none. */
    private static String said(ACLMessage answer) {
        String r = LamboAcl.reason(answer);
        return r.isBlank() || r.strip().equals("null") ? "(no reason given)" : r;
    }

    private void endFailed(UeTask task, String reason) {
        if (!task.ended()) report(task.fail(reason));
    }

    /**
     * Sends the task's report to the clock, through the task's conversation ({@link TaskConversation#report}), which
     * sends it again when the platform could not deliver it.
     */
    protected void report(TaskReport r) {
        if (r.outcome() != org.lambo.ontology.Outcome.COMPLETED)
            LOG.atDebug().log(() -> getLocalName() + ": " + r.taskId() + " failed: " + r.reason());
        if (clock == null) return;
        TaskConversation c = byTask.get(r.taskId());
        if (c == null) {
            // a task this UE holds no conversation for (none that a UeAgent starts): sent once
            LocalDelivery.send(this, LamboAcl.build(ACLMessage.INFORM, ServiceTypes.REPORT_PROTOCOL, r, clock));
            return;
        }
        c.report(r);
    }

    /**
     * The latest tasks' conversations, by task id: a report's delivery failure brings its conversation back. Far more
     * than the tasks one UE has under way at once (one per slot, each ending by its deadline).
     */
    private static final int KEEP_CONVERSATIONS = 256;

    private final Map<String, TaskConversation> byTask = new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TaskConversation> eldest) {
            return size() > KEEP_CONVERSATIONS;
        }
    };

    /** The AMS's FAILURE of a report: the platform could not deliver it. */
    static final MessageTemplate REPORT_FAILURES = MessageTemplate.and(
            MessageTemplate.MatchPerformative(ACLMessage.FAILURE),
            MessageTemplate.MatchProtocol(ServiceTypes.REPORT_PROTOCOL));

    /**
     * Hands the AMS's FAILURE of a report to its task's conversation ({@link TaskConversation#reportUndelivered}),
     * which sends the report again; a FAILURE from anyone else, or for a send that is not the report's latest, is
     * counted and changes nothing.
     */
    private void reportAgainWhenUndelivered(ACLMessage f) {
        if (!f.getSender().equals(getAMS()) || f.getInReplyTo() == null) {
            ReceiveContent.count(
                    UeAgent.this, Discipline.Kind.WRONG_SENDER, "report failure from " + Peers.name(f.getSender()));
            return;
        }
        String c = f.getConversationId();
        TaskConversation t = c != null && c.startsWith("report-") ? byTask.get(c.substring(7)) : null;
        if (t == null || t.reportSent == null || !f.getInReplyTo().equals(t.reportSent.getReplyWith())) {
            ReceiveContent.count(
                    UeAgent.this,
                    Discipline.Kind.STRAY_REPLY,
                    "a delivery failure of a report this UE did not send last (" + c + ", in reply to '"
                            + f.getInReplyTo() + "')");
            return;
        }
        try {
            t.reportUndelivered(f);
        } catch (RuntimeException e) {
            LOG.warn(getLocalName() + ": the report of " + c + " could not be sent again: "
                    + ReceiveContent.describe(e));
        }
    }
}
