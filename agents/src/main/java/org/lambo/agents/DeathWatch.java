package org.lambo.agents;

import jade.core.AID;
import jade.core.ContainerID;
import jade.domain.introspection.AMSSubscriber;
import jade.domain.introspection.AddedContainer;
import jade.domain.introspection.BornAgent;
import jade.domain.introspection.DeadAgent;
import jade.domain.introspection.IntrospectionVocabulary;
import jade.domain.introspection.RemovedContainer;
import jade.lang.acl.MessageTemplate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes its agent to the AMS's platform events and tells a {@link Listener} when an agent of the platform dies,
 * alone or because its container was removed (a peripheral JVM killed, a machine lost), and when an agent of a name
 * seen dying is born again. The AMS sends the agents already living when the subscription starts as births, so the
 * watch knows which container every agent lives in: a removed container's agents are reported gone even if the AMS
 * sends no death for each of them. Each departure is told once. It also keeps the address each container joined from,
 * as the main container's platform table has it (the host in the container's IMTP address).
 *
 * <p>The AMS's event messages are for this behaviour only: give {@link #amsMessages} to the agent's
 * {@link AnswerUnknownMessages} so that it leaves them alone.
 */
public final class DeathWatch extends AMSSubscriber {
    private static final Logger LOG = LoggerFactory.getLogger(DeathWatch.class);

    /** What the watch tells. Called on the agent's thread. */
    public interface Listener {
        void gone(Departure d);

        /**
         * The AMS has sent the platform as it is (its agents as births, then the platform's description): from now on
         * no death goes unseen. The AMS takes a while (about a second) to answer a subscription; an agent that must not
         * miss a death waits for this.
         */
        default void watching() {}

        /** An agent of a name that had gone is back (born again). */
        default void back(String agent) {}

        /** The AMS said agent {@code agent} was born (every birth event read, the first of a name included). */
        default void born(String agent) {}

        /** Container {@code container} is at {@code address} (told when first seen, and again if it changed). */
        default void joined(String container, String address) {}
    }

    private final Listener listener;
    private final Map<String, String> containerOf = new HashMap<>();
    private final Map<String, String> addressOf = new HashMap<>();
    private final Set<String> gone = new HashSet<>();
    private boolean watching;

    public DeathWatch(Listener listener) {
        if (listener == null) throw new IllegalArgumentException("listener is required");
        this.listener = listener;
    }

    /** Every message from the AMS (its events, and its failures to deliver, which belong to protocol initiators). */
    public static MessageTemplate amsMessages(jade.core.Agent a) {
        return MessageTemplate.MatchSender(a.getAMS());
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"}) // JADE's signature
    protected void installHandlers(Map handlers) {
        handlers.put(IntrospectionVocabulary.BORNAGENT, (EventHandler) ev -> {
            BornAgent b = (BornAgent) ev;
            String name = localName(b.getAgent());
            if (name == null) return;
            containerOf.put(name, containerName(b.getWhere()));
            noteAddress(b.getWhere());
            if (gone.remove(name)) listener.back(name);
            listener.born(name);
        });
        handlers.put(IntrospectionVocabulary.ADDEDCONTAINER, (EventHandler)
                ev -> noteAddress(((AddedContainer) ev).getContainer()));
        handlers.put(IntrospectionVocabulary.PLATFORMDESCRIPTION, (EventHandler) ev -> {
            if (watching) return;
            watching = true;
            listener.watching();
        });
        handlers.put(IntrospectionVocabulary.DEADAGENT, (EventHandler) ev -> {
            DeadAgent d = (DeadAgent) ev;
            String name = localName(d.getAgent());
            if (name == null) return;
            String where = d.getWhere() != null ? containerName(d.getWhere()) : containerOf.getOrDefault(name, "");
            depart(new Departure(name, where, Boolean.TRUE.equals(d.getContainerRemoved())));
        });
        handlers.put(IntrospectionVocabulary.REMOVEDCONTAINER, (EventHandler) ev -> {
            String removed = containerName(((RemovedContainer) ev).getContainer());
            containerOf.entrySet().stream()
                    .filter(e -> e.getValue().equals(removed))
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList()
                    .forEach(name -> depart(new Departure(name, removed, true)));
        });
    }

    /**
     * The AMS answered a question about {@code agent} (not an event): it lives in {@code where}. Taken as its birth,
     * but only for an agent the watch knows nothing of: one it has seen born already lives, and one it has seen die
     * stays gone (the answer may be older than the death: the AMS's answers and events are read by different
     * behaviours). Returns whether it was taken.
     */
    public boolean heardOf(String agent, ContainerID where) {
        if (agent == null || containerOf.containsKey(agent) || gone.contains(agent)) return false;
        String container = containerName(where);
        if (container.isEmpty()) return false;
        containerOf.put(agent, container);
        noteAddress(where);
        return true;
    }

    /** The JADE container the AMS said {@code agent} lives in; "" when not known (not born yet, or gone). */
    public String containerOf(String agent) {
        return containerOf.getOrDefault(agent, "");
    }

    /** The address container {@code container} joined from, as the AMS said; "" when not known. */
    public String addressOf(String container) {
        return addressOf.getOrDefault(container, "");
    }

    private void noteAddress(ContainerID c) {
        String name = containerName(c);
        String address = c == null ? null : c.getAddress();
        if (name.isEmpty() || address == null || address.isBlank()) return;
        if (!address.equals(addressOf.put(name, address))) listener.joined(name, address);
    }

    private void depart(Departure d) {
        containerOf.remove(d.agent());
        if (!gone.add(d.agent())) return;
        LOG.atDebug().log(() -> myAgent.getLocalName() + ": " + d.reason());
        listener.gone(d);
    }

    private static String localName(AID aid) {
        return aid == null ? null : aid.getLocalName();
    }

    private static String containerName(ContainerID c) {
        return c == null || c.getName() == null ? "" : c.getName();
    }
}
