package org.lambo.agents.orchestrator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.ServerState;

/**
 * What the orchestrator has collected for one slot: the UEs' requests (each with the handle to answer
 * it by, an ACL message in the agent) and the servers' states, and how many of each the clock said to
 * expect. The slot is ready to decide when everything expected has come; the agent also decides at
 * its collection deadline with whatever has come. Plain Java.
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

    public SlotBook(int slot) {
        this.slot = slot;
    }

    public int slot() { return slot; }

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
        if (r.slot() != slot) throw new IllegalArgumentException("request for slot " + r.slot() + " added to slot " + slot);
        if (requests.putIfAbsent(r.ue().index(), new Pending<>(r, handle)) != null) return false;
        arrivalsMs.add(sinceOpenedMs());
        return true;
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
        if (s.slot() != slot) throw new IllegalArgumentException("state for slot " + s.slot() + " added to slot " + slot);
        servers.put(s.number(), s);
    }

    /** Every expected request and server state has come. */
    public boolean ready() {
        return expectsKnown() && requests.size() >= expectedUes && servers.size() >= expectedServers;
    }

    /**
     * Everything expected has come from every participant that is still there: each UE index below the
     * expected count has asked or is in {@code goneUes}, each server 1..M has reported or is in
     * {@code goneServers}. With nobody gone, the same as {@link #ready()}.
     */
    public boolean readyWithout(java.util.Set<Integer> goneUes, java.util.Set<Integer> goneServers) {
        if (!expectsKnown()) return false;
        for (int i = 0; i < expectedUes; i++) if (!requests.containsKey(i) && !goneUes.contains(i)) return false;
        for (int j = 1; j <= expectedServers; j++) if (!servers.containsKey(j) && !goneServers.contains(j)) return false;
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

    public boolean decided() { return decided; }

    public void markDecided() { decided = true; }

    public long openedNanos() { return openedNanos; }
}
