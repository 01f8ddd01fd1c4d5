package org.lambo.agents.trial;

import jade.content.onto.basic.Action;
import jade.content.onto.basic.Result;
import jade.core.AID;
import jade.core.Agent;
import jade.core.ContainerID;
import jade.domain.JADEAgentManagement.JADEManagementOntology;
import jade.domain.JADEAgentManagement.WhereIsAgentAction;
import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.lambo.agents.DeathWatch;
import org.lambo.agents.Departure;
import org.lambo.ontology.jade.LamboAcl;

/**
 * A container's word that one of its UEs could not start, when even the stand-in under the UE's name could not
 * ({@link Population#startUes}: the platform holds the name): a messenger of the container, agent
 * {@code start-failure-ue-i} ({@link UeStartFailure}), says it to the clock instead. With overlapping
 * {@code --ue-range}s another container's ue-i may run, and a messenger's name is anyone's to take, so the clock asks
 * the AMS where both are ({@link #ask}) and decides on both answers ({@link #answered}):
 *
 * <ul>
 *   <li>the AMS places ue-i in another container than the messenger's: refused, naming both containers;
 *   <li>the trial started its UEs in the clock's own container ({@link ClockPlan#uesHere}): taken only from a messenger
 *       in that container, wherever ue-i is (nowhere too); one elsewhere is refused naming both containers;
 *   <li>else, ue-i in the messenger's container: taken;
 *   <li>else, ue-i in no container (its UEs in containers that joined): taken, the reason saying which container the
 *       AMS places the messenger in. The clock cannot know which container was meant to host ue-i: each container picks
 *       its UEs with its own {@code --ue-range} (overlaps allowed), a {@code jade.Boot} container with its own
 *       {@code -agents}, and neither is told to the main container. What bounds the harm: a word is taken only before
 *       the first slot, for a UE of the trial, from an agent the AMS places in a container of the platform (one that
 *       joined holding the trial's secret); such a container could as well take the name ue-i first and say the UE's
 *       setup failed under its own name, which the clock believes by name; and the taken reason names the messenger's
 *       container as the AMS places it, not as the word says.
 * </ul>
 */
final class UeStartWords {
    /** What a messenger's name starts with; the rest is its UE's name. */
    static final String PREFIX = "start-failure-";

    /** The conversation of the clock's questions to the AMS about a messenger and its UE. */
    static final String CONVERSATION = "lambo-where-start-failure";

    /** The messenger's name for UE {@code ue}. */
    static String messengerOf(String ue) {
        return PREFIX + ue;
    }

    /** The UE a messenger speaks for, by its name; empty for any other agent. */
    static Optional<String> subjectOf(String sender) {
        if (sender == null || !sender.startsWith(PREFIX)) return Optional.empty();
        String ue = sender.substring(PREFIX.length());
        return new Departure(ue, "", false).ueIndex().isPresent() ? Optional.of(ue) : Optional.empty();
    }

    /**
     * The clock's decision on a messenger's word: {@code taken}, or refused with {@code why}.
     *
     * @param word the messenger's word, to answer
     * @param said when taken with ue-i in no container: who said it, from where, as the AMS places it (to add to the
     *     reason); else null
     */
    record Verdict(ACLMessage word, String ue, boolean taken, String why, String said) {
        Verdict(ACLMessage word, String ue, boolean taken, String why) {
            this(word, ue, taken, why, null);
        }
    }

    /** A word waiting for the AMS's two answers. */
    private static final class Pending {
        final ACLMessage word;
        final String ue;
        final String messenger;
        int answers;
        boolean unread;
        ContainerID ueIn;
        ContainerID messengerIn;

        Pending(ACLMessage word, String ue, String messenger) {
            this.word = word;
            this.ue = ue;
            this.messenger = messenger;
        }
    }

    /** The most words waiting at once (a container has a handful of UEs that cannot start); more are refused. */
    static final int MOST_WAITING = 256;

    private final Agent clock;
    private final String uesMeantFor;
    private final Map<String, Pending> waiting = new HashMap<>();
    private long asked;

    /**
     * Words to the {@code clock}; {@code uesMeantFor} the container every UE of the trial was started in (the clock's
     * own, {@link ClockPlan#uesHere}), or null when the UEs are in containers that joined.
     */
    UeStartWords(Agent clock, String uesMeantFor) {
        this.clock = clock;
        this.uesMeantFor = uesMeantFor;
    }

    /** The AMS's answers to {@link #ask}. */
    MessageTemplate answers() {
        return MessageTemplate.and(DeathWatch.amsMessages(clock), MessageTemplate.MatchConversationId(CONVERSATION));
    }

    /**
     * Asks the AMS where {@code ue} and the messenger that sent {@code word} are; false (nothing asked) when too many
     * words wait already or the question cannot be written.
     */
    boolean ask(ACLMessage word, String ue) {
        if (waiting.size() / 2 >= MOST_WAITING) return false; // two questions (entries) per word
        String messenger = word.getSender().getLocalName();
        String key = "start-failure-" + (++asked);
        try {
            clock.send(whereIs(ue, key + "-ue"));
            clock.send(whereIs(messenger, key + "-messenger"));
        } catch (jade.content.lang.Codec.CodecException | jade.content.onto.OntologyException e) {
            return false;
        }
        Pending p = new Pending(word, ue, messenger);
        waiting.put(key + "-ue", p);
        waiting.put(key + "-messenger", p);
        return true;
    }

    private ACLMessage whereIs(String name, String replyWith)
            throws jade.content.lang.Codec.CodecException, jade.content.onto.OntologyException {
        ACLMessage ask = new ACLMessage(ACLMessage.REQUEST);
        ask.addReceiver(clock.getAMS());
        ask.setLanguage(LamboAcl.SL);
        ask.setOntology(JADEManagementOntology.NAME);
        ask.setProtocol(jade.domain.FIPANames.InteractionProtocol.FIPA_REQUEST);
        ask.setConversationId(CONVERSATION);
        ask.setReplyWith(replyWith);
        WhereIsAgentAction where = new WhereIsAgentAction();
        where.setAgentIdentifier(new AID(name, AID.ISLOCALNAME));
        clock.getContentManager().fillContent(ask, new Action(clock.getAMS(), where));
        return ask;
    }

    /**
     * Takes one of the AMS's answers (an AGREE is skipped: the INFORM or FAILURE follows); once both of a word's are
     * in, its verdict: taken when the AMS places the messenger in a container and the UE in that one or nowhere, and
     * (when the clock knows it) that container is the one the UEs were started in.
     */
    Optional<Verdict> answered(ACLMessage answer) {
        if (answer.getPerformative() == ACLMessage.AGREE || answer.getInReplyTo() == null) return Optional.empty();
        Pending p = waiting.remove(answer.getInReplyTo());
        if (p == null) return Optional.empty();
        ContainerID where = answer.getPerformative() == ACLMessage.INFORM ? containerIn(answer) : null;
        if (answer.getPerformative() == ACLMessage.INFORM && where == null) p.unread = true;
        if (answer.getInReplyTo().endsWith("-ue")) p.ueIn = where;
        else p.messengerIn = where;
        if (++p.answers < 2) return Optional.empty();
        if (p.unread)
            return Optional.of(new Verdict(
                    p.word, p.ue, false, "the AMS's answer where " + p.ue + " is could not be read: not taken"));
        if (p.messengerIn == null)
            return Optional.of(new Verdict(
                    p.word, p.ue, false, "the AMS places " + p.messenger + " in no container: its word is not taken"));
        if (p.ueIn != null && !p.ueIn.getName().equals(p.messengerIn.getName()))
            return Optional.of(new Verdict(
                    p.word,
                    p.ue,
                    false,
                    p.ue + " runs in container " + p.ueIn.getName() + ", not in " + p.messenger + "'s container "
                            + p.messengerIn.getName() + ": its start failure is not taken from there"));
        if (uesMeantFor != null && !uesMeantFor.equals(p.messengerIn.getName()))
            return Optional.of(new Verdict(
                    p.word,
                    p.ue,
                    false,
                    p.ue + " was started in container " + uesMeantFor + " (the trial's UEs are not remote), not in "
                            + p.messenger + "'s container " + p.messengerIn.getName()
                            + ": its start failure is not taken from there"));
        if (p.ueIn == null && uesMeantFor == null)
            return Optional.of(new Verdict(
                    p.word,
                    p.ue,
                    true,
                    null,
                    "said by " + p.messenger + " of container " + p.messengerIn.getName() + ", where the AMS places it;"
                            + " the AMS places " + p.ue + " in no container"));
        return Optional.of(new Verdict(p.word, p.ue, true, null));
    }

    private ContainerID containerIn(ACLMessage msg) {
        try {
            if (clock.getContentManager().extractContent(msg) instanceof Result r) {
                Object v = r.getValue();
                if (v instanceof ContainerID c) return c;
                if (v instanceof jade.util.leap.List l && !l.isEmpty() && l.get(0) instanceof ContainerID c) return c;
            }
        } catch (jade.content.lang.Codec.CodecException | jade.content.onto.OntologyException | RuntimeException e) {
            // unreadable: placed nowhere known
        }
        return null;
    }
}
