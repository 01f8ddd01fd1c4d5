package org.lambo.agents.orchestrator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the orchestrator saw of its links, for the trial's outputs: how long each edge server took to confirm its
 * allocation (from the orchestrator's request to the server's INFORM, in ms, measured on the orchestrator's clock; the
 * server's JADE container as the AMS said) or that it did not (refused, failed, unreachable, silent), and which UEs'
 * requests it decided late ({@code SlotDecider.decideLate}), and the address each JADE container joined from as the
 * main container's platform had it ({@code DeathWatch}); from the slot its start ran (a resumed trial's earlier slots
 * are not in it). Written on the orchestrator's thread, read by the trial's runner: thread-safe. Holds one small entry
 * per allocation and per late decision, fewer than a trial's task reports.
 */
public final class LinkLog {
    /**
     * One allocation sent to a server.
     *
     * @param container the server's JADE container, "" when not known
     * @param ms request to confirmation; -1 when it did not confirm
     */
    public record Confirmation(int slot, int server, String container, int ms) {
        public boolean confirmed() {
            return ms >= 0;
        }
    }

    /** A UE's request decided late in a slot. */
    public record Late(int slot, int ue) {}

    private final List<Confirmation> confirmations = new ArrayList<>();
    private final Set<Late> late = new HashSet<>();
    private final Map<String, String> addresses = new TreeMap<>();
    private final int fromSlot;

    /** A log of a trial's run from its first slot. */
    public LinkLog() {
        this(0);
    }

    /** A log of the start of a trial that runs from {@code fromSlot} (a resume: the slots before it ran earlier). */
    public LinkLog(int fromSlot) {
        if (fromSlot < 0) throw new IllegalArgumentException("fromSlot must be >= 0, got " + fromSlot);
        this.fromSlot = fromSlot;
    }

    /** Server {@code server} (in {@code container}) confirmed its allocation of {@code slot} after {@code ms}. */
    public synchronized void confirmed(int slot, int server, String container, long ms) {
        confirmations.add(
                new Confirmation(slot, server, container, (int) Math.min(Integer.MAX_VALUE, Math.max(0, ms))));
    }

    /** Server {@code server} (in {@code container}) did not confirm its allocation of {@code slot}. */
    public synchronized void notConfirmed(int slot, int server, String container) {
        confirmations.add(new Confirmation(slot, server, container, -1));
    }

    /** UE {@code ue}'s request of {@code slot} was decided late. */
    public synchronized void decidedLate(int slot, int ue) {
        late.add(new Late(slot, ue));
    }

    /**
     * JADE container {@code container} joined from {@code address} (the last one told counts). The address is what the
     * container said of itself, so an admitted but hostile peer chooses it: kept to {@value #MAX_ADDRESS} printable
     * characters, others shown as '?'.
     */
    public synchronized void joined(String container, String address) {
        if (container == null || container.isEmpty() || address == null || address.isEmpty()) return;
        if (addresses.size() < MAX_CONTAINERS || addresses.containsKey(container))
            addresses.put(container, printable(address));
    }

    /** The longest address kept (an IPv6 address with a zone, or a host name, fits). */
    static final int MAX_ADDRESS = 100;

    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_ADDRESS));
        for (int i = 0; i < s.length() && b.length() < MAX_ADDRESS; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    /** The most containers whose addresses are kept (a trial has a few; a bound all the same). */
    static final int MAX_CONTAINERS = 10_000;

    /** What was noted so far. */
    public synchronized Seen seen() {
        return new Seen(confirmations, late, addresses, fromSlot);
    }

    /**
     * What a {@link LinkLog} noted: every allocation's confirmation (or that it did not come), the late decisions, the
     * address each container joined from (container name to address), and the first slot of the start it covers.
     */
    public record Seen(List<Confirmation> confirmations, Set<Late> late, Map<String, String> addresses, int fromSlot) {
        /** Nothing seen (a trial whose orchestrator noted nothing, or ran in another JVM). */
        public static final Seen NONE = new Seen(List.of(), Set.of());

        public Seen {
            confirmations = List.copyOf(confirmations);
            late = Set.copyOf(late);
            addresses = Map.copyOf(addresses);
            if (fromSlot < 0) throw new IllegalArgumentException("fromSlot must be >= 0, got " + fromSlot);
        }

        /** Confirmations and late decisions of a run from slot 0, with no addresses known. */
        public Seen(List<Confirmation> confirmations, Set<Late> late) {
            this(confirmations, late, Map.of(), 0);
        }

        /** The address container {@code container} joined from; "" when not known. */
        public String addressOf(String container) {
            return addresses.getOrDefault(container, "");
        }

        /** Whether UE {@code ue}'s request of {@code slot} was decided late. */
        public boolean late(int slot, int ue) {
            return late.contains(new Late(slot, ue));
        }
    }
}
