package org.lambo.agents;

import java.util.Optional;

/**
 * Which slots an agent takes a slot-start for: the first one the clock starts (any slot >= 0: a resumed trial starts at
 * its last complete slot + 1), then only the next one ({@link Order#EVERY_SLOT}: the orchestrator and the edge servers,
 * which take part in every slot) or only a later one ({@link Order#INCREASING}: a UE, which sits out the slots it is
 * not active in). The sender is checked before ({@link Peers#notTheClock}); a refused start changes nothing. Plain
 * Java.
 */
public final class SlotGate {
    /** What follows the first slot. */
    public enum Order {
        EVERY_SLOT,
        INCREASING
    }

    private final Order order;
    private int open = -1;
    private boolean started;

    public SlotGate(Order order) {
        this.order = order;
    }

    /**
     * Opens {@code slot} when it may follow the open one.
     *
     * @return empty when opened; otherwise why it is refused (the gate is unchanged)
     */
    public Optional<String> start(int slot) {
        Optional<String> why = check(slot);
        if (why.isPresent()) return why;
        started = true;
        open = slot;
        return Optional.empty();
    }

    /** Why {@link #start} would refuse {@code slot}; empty when it would open it. Changes nothing. */
    public Optional<String> check(int slot) {
        if (slot < 0) return Optional.of("slot must be >= 0, got " + slot);
        if (started) {
            if (slot <= open) return Optional.of("slot " + slot + " has already started (slot " + open + " is open)");
            if (order == Order.EVERY_SLOT && slot != open + 1) {
                return Optional.of(
                        "slot " + slot + " is not the next slot: slot " + open + " is open, the next is " + (open + 1));
            }
        }
        return Optional.empty();
    }

    public boolean started() {
        return started;
    }

    /** The open slot; -1 before the first. */
    public int open() {
        return open;
    }

    /**
     * Whether a message about {@code slot} is taken: the open slot, or the next one (its slot-start and a peer's
     * message about it can cross on their way: the peer had it first); before the first slot-start, any slot (the first
     * slot of a resumed trial is not known in advance).
     *
     * @return empty when taken; otherwise why not
     */
    public Optional<String> current(int slot) {
        if (!started) return slot >= 0 ? Optional.empty() : Optional.of("slot must be >= 0, got " + slot);
        if (slot == open || slot == open + 1) return Optional.empty();
        return Optional.of(
                slot < open
                        ? "slot " + slot + " is over (slot " + open + " is open)"
                        : "slot " + slot + " has not started (slot " + open + " is open)");
    }
}
