package org.lambo.agents.orchestrator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the orchestrator saw of its links, for the trial's outputs: how long each edge server took to confirm its
 * allocation (from the orchestrator's request to the server's INFORM, in ms, measured on the orchestrator's clock; the
 * server's JADE container as the AMS said) or that it did not (refused, failed, unreachable, silent), and which UEs'
 * requests it decided late ({@code SlotDecider.decideLate}). Written on the orchestrator's thread, read by the trial's
 * runner: thread-safe. Holds one small entry per allocation and per late decision, fewer than a trial's task reports.
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

    /** What was noted so far. */
    public synchronized Seen seen() {
        return new Seen(confirmations, late);
    }

    /**
     * What a {@link LinkLog} noted: every allocation's confirmation (or that it did not come), and the late decisions.
     */
    public record Seen(List<Confirmation> confirmations, Set<Late> late) {
        /** Nothing seen (a trial whose orchestrator noted nothing, or ran in another JVM). */
        public static final Seen NONE = new Seen(List.of(), Set.of());

        public Seen {
            confirmations = List.copyOf(confirmations);
            late = Set.copyOf(late);
        }

        /** Whether UE {@code ue}'s request of {@code slot} was decided late. */
        public boolean late(int slot, int ue) {
            return late.contains(new Late(slot, ue));
        }
    }
}
