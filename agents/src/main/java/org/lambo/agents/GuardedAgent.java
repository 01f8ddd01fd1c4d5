package org.lambo.agents;

import jade.core.Agent;
import jade.core.MessageQueue;
import jade.core.ServiceException;
import jade.core.ServiceHelper;
import jade.core.ServiceNotActiveException;
import org.lambo.ontology.jade.LamboAcl;

/**
 * The base of the testbed's agents: a bounded message queue ({@link GuardedQueue}: at most {@value #QUEUE_SIZE}
 * messages or, for an agent that makes room for a large trial, {@link #queueSizeFor}, {@value #SENDER_SHARE} from one
 * sender and {@value #STRANGERS} from senders that are not the trial's agents at once, the trial's agents' messages
 * read first, content over {@link #contentLimit()} characters dropped on arrival), the agent's {@link Discipline}
 * counters, published under its local name, and the budget of refusals it answers ({@link AnswerBudget}: each sender
 * {@value #ANSWERS_PER_SECOND} a second, bursts of {@value #ANSWER_BURST}, and ten times that for all the senders of
 * one container; the others are counted, not answered).
 */
public abstract class GuardedAgent extends Agent {
    /** The most messages an agent's queue holds; a message arriving at a full queue is dropped and counted. */
    public static final int QUEUE_SIZE = 10_000;

    /**
     * The most messages one sender may have waiting in an agent's queue at once (the platform's AMS and DF: half the
     * queue); its next ones are dropped as they come and counted ({@link Discipline.Kind#SHARE_FULL}).
     */
    public static final int SENDER_SHARE = 256;

    /** The most messages waiting at once from senders that are not the trial's agents (a peer cycling names). */
    public static final int STRANGERS = 2_000;

    /** Refusals answered per sender and second, and in a burst ({@link AnswerBudget}). */
    public static final int ANSWERS_PER_SECOND = 20;

    public static final int ANSWER_BURST = 100;

    private final Discipline discipline = new Discipline();
    private final AnswerBudget answers = new AnswerBudget(ANSWERS_PER_SECOND, ANSWER_BURST);
    private GuardedQueue queue;
    private int trialUes = -1;

    protected GuardedAgent() {
        setQueueSize(QUEUE_SIZE);
        // its timers in one of the JVM's timer dispatchers, not all agents' in one behind one lock
        jade.core.HeapTimerDispatcher.spread(this);
    }

    /**
     * The largest content this agent reads, in characters: {@link LamboAcl#MAX_CONTENT} unless the agent says
     * otherwise.
     */
    protected long contentLimit() {
        return LamboAcl.MAX_CONTENT;
    }

    @Override
    protected MessageQueue createMessageQueue() {
        Discipline.publish(getLocalName(), discipline);
        queue = new GuardedQueue(getLocalName(), QUEUE_SIZE, SENDER_SHARE, STRANGERS, contentLimit(), discipline);
        return queue;
    }

    /**
     * The trial has (so far) at most {@code ues} UEs ({@code ue-0} ... ) and {@code servers} servers: the agent's queue
     * reads only those (with the clock, the orchestrator, the experts and the platform's agents) as the trial's agents,
     * first; any other name waits in the strangers' room ({@link GuardedQueue}). The UE count only grows (the largest
     * told so far: a UE that sits out a slot is still the trial's). Until told, any {@code ue-i} and {@code server-j}
     * is taken as the trial's.
     */
    protected final void knowTrial(int ues, int servers) {
        if (ues < 0 || servers < 0) return;
        trialUes = Math.max(trialUes, ues);
        if (queue != null) queue.trial(GuardedQueue.trialNames(trialUes, servers));
        makeRoomFor(trialUes, servers);
    }

    /**
     * The most messages the queue of an agent that hears from each of {@code ues} UEs and {@code servers} servers
     * holds: {@value #QUEUE_SIZE}, or room for two messages from each participant and a full strangers' room when that
     * is more. The platform's AMS and DF may fill half of it, so that the AMS's birth of every participant fits even
     * while the agent reads none (at 10,000 UEs the clock's reading fell behind the births and the AMS's share of a
     * {@value #QUEUE_SIZE}-message queue dropped thousands: their UEs were missing for good).
     */
    public static int queueSizeFor(int ues, int servers) {
        long room = 2L * ((long) Math.max(0, ues) + Math.max(0, servers)) + STRANGERS;
        return (int) Math.min(Integer.MAX_VALUE / 2, Math.max(QUEUE_SIZE, room));
    }

    /**
     * Grows the queue to {@link #queueSizeFor}{@code (ues, servers)} (never shrinks it): an agent that hears from every
     * participant calls it as soon as it knows the trial's size.
     */
    protected final void makeRoomFor(int ues, int servers) {
        int size = queueSizeFor(ues, servers);
        if (size > getQueueSize()) setQueueSize(size);
    }

    /**
     * The container {@code sender} (a local name) lives in, as this agent knows it; "" when it does not (the default:
     * an agent that watches the platform, {@link DeathWatch}, says more). Its refusals to the senders of one container
     * share a budget ({@link AnswerBudget}). Agent thread only.
     */
    protected String containerOf(String sender) {
        return "";
    }

    /**
     * Whether a refusal to {@code sender} is answered (a flood's are not all: {@link AnswerBudget}). Agent thread only.
     */
    public boolean answerTo(String sender) {
        return answers.take(sender, containerOf(sender), System.nanoTime());
    }

    /** What this agent refused and dropped. */
    public Discipline discipline() {
        return discipline;
    }

    /** The conversations a behaviour of this agent awaits replies in, with how many behaviours await each. */
    private final java.util.Map<String, Integer> awaited = new java.util.HashMap<>();

    /**
     * A behaviour of this agent awaits replies in conversation {@code conversationId} until it calls
     * {@link #stopAwaiting}: {@link AnswerUnknownMessages} leaves them in the queue for it, however long the agent's
     * thread takes to get to them (a protocol initiator takes one reply per several turns of the agent's scheduler, and
     * a starved agent may take seconds for those). Only the agent's own behaviours add to it, each for as long as it
     * runs (each ends by its deadline). Agent thread only.
     */
    public void awaitReplies(String conversationId) {
        if (conversationId != null) awaited.merge(conversationId, 1, Integer::sum);
    }

    /**
     * The behaviour that called {@link #awaitReplies} no longer awaits replies in that conversation. When no behaviour
     * awaits it any more, whoever asked to hear of it ({@link #whenAConversationEnds}) is told: a reply of it still
     * queued is stray from now on.
     */
    public void stopAwaiting(String conversationId) {
        if (conversationId == null || !awaited.containsKey(conversationId)) return;
        awaited.computeIfPresent(conversationId, (k, n) -> n > 1 ? n - 1 : null);
        if (!awaited.containsKey(conversationId)) for (Runnable r : conversationEnds) r.run();
    }

    /** Told each time a conversation is no longer awaited ({@link #stopAwaiting}). */
    private final java.util.List<Runnable> conversationEnds = new java.util.ArrayList<>();

    /**
     * Runs {@code r} (in the agent's thread) each time no behaviour awaits a conversation any more: the agent's
     * {@link AnswerUnknownMessages} looks at its queue again then, instead of on a timer while replies are awaited.
     */
    void whenAConversationEnds(Runnable r) {
        conversationEnds.add(r);
    }

    /**
     * Whether a behaviour of this agent awaits replies in any conversation ({@link #awaitReplies}). Agent thread only.
     */
    public boolean awaitsAnyReplies() {
        return !awaited.isEmpty();
    }

    /** Whether a behaviour of this agent awaits replies in {@code conversationId} ({@link #awaitReplies}). */
    public boolean awaitsReplies(String conversationId) {
        return conversationId != null && awaited.containsKey(conversationId);
    }
    /** JADE's security service, which the trial's platforms do not install ({@code JadePlatform}). */
    static final String SECURITY = "jade.core.security.Security";

    /** Set once JADE said the security service is not installed in this agent's container. */
    private volatile ServiceNotActiveException noSecurity;

    /**
     * JADE's helper of a service, as {@link Agent#getHelper}; once it said the security service is not installed, the
     * same answer at once. JADE 4.3 asks for that helper on every message an agent sends
     * ({@code AgentContainerImpl.initCredentials}) and, with no such service, makes an exception and its stack trace
     * each time (about a fifth of the JVM's exceptions in a 1000-UE slot, two per message with JADE's missing-sender
     * one: docs/BENCHMARKS.md); this one has no stack trace and is made once. Services are installed when a container
     * starts, never later in a trial.
     */
    @Override
    public ServiceHelper getHelper(String serviceName) throws ServiceException {
        ServiceNotActiveException none = noSecurity;
        if (none != null && SECURITY.equals(serviceName)) throw none;
        try {
            return super.getHelper(serviceName);
        } catch (ServiceNotActiveException e) {
            if (SECURITY.equals(serviceName)) noSecurity = new NotInstalled(serviceName);
            throw e;
        }
    }

    /** JADE's "service not active" without a stack trace: said again, not found again. */
    private static final class NotInstalled extends ServiceNotActiveException {
        private static final long serialVersionUID = 1L;

        NotInstalled(String service) {
            super(service);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
