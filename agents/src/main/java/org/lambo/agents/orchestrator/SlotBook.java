package org.lambo.agents.orchestrator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.ServerState;

/**
 * What the orchestrator has collected for one slot: the UEs' requests (each with the handle to answer it by, an ACL
 * message in the agent) and the servers' states, and how many of each the clock said to expect. The slot is ready to
 * decide when everything expected has come; the agent also decides at its collection deadline with whatever has come.
 * Plain Java.
 *
 * <p>A UE that hears nothing asks again (its decision may have been lost on a cut connection): the book keeps each UE's
 * latest handle and the answer it was given, so that a repeated request, the same request from the same UE, is answered
 * with the same decision ({@link #askAgain}); it never makes a second one.
 *
 * @param <H> the handle a request is answered through
 */
public final class SlotBook<H> {
    /** A request and the handle to answer it by. */
    public record Pending<H>(OffloadingRequest request, H handle) {}

    private final int slot;
    private int expectedUes = -1;
    private int expectedServers = -1;
    private final TreeMap<Integer, Pending<H>> requests = new TreeMap<>();
    private final TreeMap<Integer, ServerState> servers = new TreeMap<>();
    private final long openedNanos = System.nanoTime();
    private final List<Long> arrivalsMs = new ArrayList<>();
    private boolean decided;
    private final Map<Integer, H> latest = new TreeMap<>();
    private final Map<Integer, Answer> answers = new TreeMap<>();
    private int repeats;
    private int late;

    /** What a UE was answered: its decision, or the reason it got none (a FAILURE). */
    public record Answer(OffloadingDecision decision, String failure) {
        public Answer {
            if ((decision == null) == (failure == null))
                throw new IllegalArgumentException("an answer is a decision or a failure, not both or neither");
        }

        public static Answer of(OffloadingDecision d) {
            return new Answer(d, null);
        }

        public static Answer failed(String reason) {
            return new Answer(null, reason);
        }
    }

    /** How a repeated request is taken ({@link #askAgain}). */
    public enum Again {
        /** Not answered yet: the answer will go to the new handle when the slot is decided (nothing to send now). */
        WAITING,
        /** Already answered: send the same answer again ({@link #answer}). */
        ANSWERED,
        /** Not the request the UE made first: refused, nothing changes. */
        DIFFERENT
    }

    public SlotBook(int slot) {
        this.slot = slot;
    }

    public int slot() {
        return slot;
    }

    /** The clock's word on what to expect. */
    public void expect(int ues, int serverCount) {
        this.expectedUes = ues;
        this.expectedServers = serverCount;
    }

    public boolean expectsKnown() {
        return expectedUes >= 0;
    }

    public int expectedServers() {
        return expectedServers;
    }

    /**
     * Adds a UE's request.
     *
     * @return false when that UE already asked in this slot (the second request is not taken)
     */
    public boolean add(OffloadingRequest r, H handle) {
        if (r.slot() != slot)
            throw new IllegalArgumentException("request for slot " + r.slot() + " added to slot " + slot);
        if (requests.putIfAbsent(r.ue().index(), new Pending<>(r, handle)) != null) return false;
        arrivalsMs.add(sinceOpenedMs());
        return true;
    }

    /** Whether UE {@code ue} has asked in this slot. */
    public boolean asked(int ue) {
        return requests.containsKey(ue);
    }

    /**
     * Takes a request from a UE that has already asked ({@link #asked}): the same request is taken as a repeat (its
     * handle becomes the one to answer by); another is not taken.
     */
    public Again askAgain(OffloadingRequest r, H handle) {
        Pending<H> first = requests.get(r.ue().index());
        if (first == null) throw new IllegalArgumentException(r.ue().ue() + " has not asked in slot " + slot);
        if (!first.request().equals(r)) return Again.DIFFERENT;
        latest.put(r.ue().index(), handle);
        repeats++;
        return answers.containsKey(r.ue().index()) ? Again.ANSWERED : Again.WAITING;
    }

    /** The handle to answer UE {@code ue} by: that of its latest request; null when it has not asked. */
    public H handle(int ue) {
        H h = latest.get(ue);
        if (h != null) return h;
        Pending<H> p = requests.get(ue);
        return p == null ? null : p.handle();
    }

    /** Notes what UE {@code ue} was answered; the first answer stays (a UE gets one decision per slot). */
    public void answered(int ue, Answer a) {
        if (!requests.containsKey(ue))
            throw new IllegalArgumentException("UE " + ue + " has not asked in slot " + slot);
        answers.putIfAbsent(ue, a);
    }

    /** What UE {@code ue} was answered, or null when not yet. */
    public Answer answer(int ue) {
        return answers.get(ue);
    }

    /** Notes that a request was decided late, after the slot's decision ({@link #late()}). */
    public void decidedLate() {
        late++;
    }

    /** How many requests came after the slot was decided and were decided late, alone. */
    public int late() {
        return late;
    }

    /** How many repeated requests were taken. */
    public int repeats() {
        return repeats;
    }

    /** When each request taken came, in ms after this book opened, in the order they came. */
    public List<Long> arrivalsMs() {
        return List.copyOf(arrivalsMs);
    }

    /** How long this book has been open. */
    public long sinceOpenedMs() {
        return (System.nanoTime() - openedNanos) / 1_000_000;
    }

    public void add(ServerState s) {
        if (s.slot() != slot)
            throw new IllegalArgumentException("state for slot " + s.slot() + " added to slot " + slot);
        servers.put(s.number(), s);
    }

    /** Every expected request and server state has come. */
    public boolean ready() {
        return expectsKnown() && requests.size() >= expectedUes && servers.size() >= expectedServers;
    }

    /**
     * Everything expected has come from every participant that is still there: each UE index below the expected count
     * has asked or is in {@code goneUes}, each server 1..M has reported or is in {@code goneServers}. With nobody gone,
     * the same as {@link #ready()}.
     */
    public boolean readyWithout(java.util.Set<Integer> goneUes, java.util.Set<Integer> goneServers) {
        if (!expectsKnown()) return false;
        for (int i = 0; i < expectedUes; i++) if (!requests.containsKey(i) && !goneUes.contains(i)) return false;
        for (int j = 1; j <= expectedServers; j++)
            if (!servers.containsKey(j) && !goneServers.contains(j)) return false;
        return true;
    }

    /** The requests so far, ordered by UE index. */
    public List<Pending<H>> requests() {
        return new ArrayList<>(requests.values());
    }

    /** The server states so far, by server number. */
    public Map<Integer, ServerState> servers() {
        return Map.copyOf(servers);
    }

    public boolean decided() {
        return decided;
    }

    public void markDecided() {
        decided = true;
    }

    public long openedNanos() {
        return openedNanos;
    }
}
