package org.lambo.agents;

import jade.core.Agent;
import jade.core.behaviours.CyclicBehaviour;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import java.util.Map;
import java.util.WeakHashMap;
import org.lambo.ontology.jade.LamboAcl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaves nothing in the queue that no behaviour of the agent takes. A message that opens a conversation the agent does
 * not take part in gets NOT_UNDERSTOOD with the reason, so its sender learns why; a NOT_UNDERSTOOD, FAILURE or REFUSE
 * that opens nothing is dropped, never answered, so two agents cannot answer each other forever. Replies (messages with
 * an in-reply-to) belong to the agent's protocol initiators, which take theirs as they arrive. A reply in a
 * conversation a behaviour of the agent still awaits ({@link GuardedAgent#awaitReplies}) is left to it however long it
 * waits; any other reply that no behaviour has taken after two passes of this one and {@value #STRAY_AFTER_MS} ms (a
 * made-up or late in-reply-to, or one whose conversation has ended) is dropped. Everything answered or dropped is
 * counted in the agent's {@link Discipline}.
 *
 * <p>Why the conversations: a JADE initiator ({@code AchieveREInitiator}) takes one reply per four turns of the agent's
 * scheduler (receive, check, handle, check the sessions), this behaviour looks once a turn, and an agent starved of CPU
 * (2 cores, a hostile container's flood) can spend more than {@value #STRAY_AFTER_MS} ms on those turns: the
 * orchestrator dropped an edge server's confirmation of its allocation as stray while its initiator was still waiting
 * for it, and the server's UEs were told to run locally (ChaosIT, docs/RELIABILITY.md).
 */
public final class AnswerUnknownMessages extends CyclicBehaviour {
    private static final Logger LOG = LoggerFactory.getLogger(AnswerUnknownMessages.class);
    /** How long a reply may wait unclaimed before it counts as stray. */
    public static final long STRAY_AFTER_MS = 1_000;

    private final MessageTemplate template;
    /** Replies seen and not yet taken, with the pass they were first seen in; weak: those taken by others vanish. */
    private final Map<ACLMessage, Long> replies = new WeakHashMap<>();

    private long pass;
    /** The possibly stray replies the current receive looked at: what is still queued when it finds nothing. */
    private final java.util.Set<ACLMessage> seen =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /** @param handled what the agent's other behaviours take; everything else is answered or dropped */
    public AnswerUnknownMessages(Agent agent, MessageTemplate handled) {
        super(agent);
        // what handled does not match, kept apart by a GuardedQueue as it arrives: no scan past the handled ones
        this.template = GuardedQueue.unclaimed(handled, msg -> opensConversation(msg) || strayReply(msg));
        // a reply its conversation no longer awaits is looked at as soon as the conversation ends
        if (agent instanceof GuardedAgent g) g.whenAConversationEnds(this::lookAgain);
    }

    /** Wakes this behaviour (agent thread) if it is blocked: a reply left to a conversation that ended is stray now. */
    private void lookAgain() {
        if (!isRunnable()) restart();
    }

    @Override
    public void action() {
        pass++;
        boolean any = false;
        seen.clear();
        for (ACLMessage msg = myAgent.receive(template); msg != null; msg = myAgent.receive(template)) {
            any = true;
            try {
                answerOrDrop(msg);
            } catch (RuntimeException e) {
                LOG.warn(myAgent.getLocalName() + " could not answer a message from " + Peers.name(msg.getSender())
                        + ": " + ReceiveContent.describe(e));
            }
            seen.clear();
        }
        if (any) return;
        // the last receive looked at every reply still queued that no other behaviour claims: the others were taken
        replies.keySet().retainAll(seen);
        seen.clear();
        // a possibly stray reply still waiting is looked at again later, even if nothing else arrives; otherwise no
        // timer: JADE locks the agent's timer dispatcher to add and to remove one, and 1000 UEs of a container woke on
        // the same slot-start (docs/BENCHMARKS.md, session 13)
        if (replies.isEmpty()) block();
        else block(STRAY_AFTER_MS);
    }

    private void answerOrDrop(ACLMessage msg) {
        if (!opensConversation(msg)) replies.remove(msg);
        answerOrDrop(myAgent, msg);
    }

    /**
     * What {@code agent} does with a message none of its conversations takes: one that opens a conversation gets
     * NOT_UNDERSTOOD with the reason (a NOT_UNDERSTOOD, FAILURE or REFUSE that opens nothing is dropped, never
     * answered); a reply is dropped as stray. Each counted in the agent's {@link Discipline}. An agent whose one
     * behaviour routes every message (a UE) calls it for what it routes nowhere; agent thread only.
     */
    public static void answerOrDrop(Agent agent, ACLMessage msg) {
        int p = msg.getPerformative();
        String from = Peers.name(msg.getSender());
        if (!opensConversation(msg)) {
            String why = "a " + ACLMessage.getPerformative(p) + " from " + from + " in reply to '" + msg.getInReplyTo()
                    + "', which no conversation of " + agent.getLocalName() + " awaits";
            ReceiveContent.count(agent, Discipline.Kind.STRAY_REPLY, why);
            LOG.atDebug().log(() -> agent.getLocalName() + " drops " + why);
            return;
        }
        if (p == ACLMessage.NOT_UNDERSTOOD || p == ACLMessage.FAILURE || p == ACLMessage.REFUSE) {
            String why = "a " + ACLMessage.getPerformative(p) + " from " + from + " that answers nothing asked: "
                    + LamboAcl.reason(msg);
            ReceiveContent.count(agent, Discipline.Kind.STRAY_ANSWER, why);
            LOG.atDebug().log(() -> agent.getLocalName() + " drops " + why);
            return;
        }
        String reason = "unknown message: " + ACLMessage.getPerformative(p) + " in protocol '" + msg.getProtocol()
                + "', ontology '" + msg.getOntology() + "', language '" + msg.getLanguage() + "'; "
                + agent.getLocalName() + " speaks ontology '" + LamboAcl.ONTOLOGY + "' in language '"
                + LamboAcl.LANGUAGE + "' or '" + LamboAcl.SL + "'"
                + LamboAcl.oversize(msg).map(s -> "; its " + s).orElse("");
        ReceiveContent.answer(agent, msg, ACLMessage.NOT_UNDERSTOOD, Discipline.Kind.UNKNOWN, reason);
    }

    private boolean awaited(ACLMessage msg) {
        return myAgent instanceof GuardedAgent g && g.awaitsReplies(msg.getConversationId());
    }

    /** A message that is not a reply: no in-reply-to. */
    public static boolean opensConversation(ACLMessage msg) {
        return msg.getInReplyTo() == null || msg.getInReplyTo().isEmpty();
    }

    /**
     * A reply that has waited through two passes of this behaviour and {@value #STRAY_AFTER_MS} ms: every other
     * behaviour of the agent has run since it came (JADE wakes them all when a message arrives), and none took it.
     */
    private boolean strayReply(ACLMessage msg) {
        if (opensConversation(msg)) return false;
        if (awaited(msg)) {
            // its conversation still runs: left to it; when the conversation ends this behaviour is woken
            // (GuardedAgent.whenAConversationEnds) and the reply counts from then on, if it is still there
            return false;
        }
        seen.add(msg);
        Long first = replies.putIfAbsent(msg, pass);
        if (first == null || pass - first < 2) return false;
        long posted = msg.getPostTimeStamp();
        return posted <= 0 || System.currentTimeMillis() - posted >= STRAY_AFTER_MS;
    }
}
