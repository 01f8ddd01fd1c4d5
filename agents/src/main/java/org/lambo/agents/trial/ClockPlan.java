package org.lambo.agents.trial;

import org.lambo.agents.SlotSource;

/**
 * What the trial's clock runs: which slots, against which world, and its deadlines.
 *
 * @param slots how many slots the trial has in all: it ends after slot {@code slots - 1}
 * @param world the world, which says how many UEs are active in each slot
 * @param slotMs how long a slot may take before the missing reports count as failed
 * @param startupMs how long the agents have to register with the DF before the trial fails
 * @param firstSlot the slot the clock starts with: 0, or the first slot not yet recorded when a trial is resumed
 * @param paceMs 0: each slot starts as soon as the one before has closed; else a real-time trial: slot k starts
 *     {@code k * paceMs} after the first on the wall clock (at once when the one before overran)
 * @param uesHere the trial starts every UE in the clock's own container (its {@code --remote} has no {@code ues}): a
 *     container's word that a UE cannot start is then taken from the clock's container alone ({@link UeStartWords});
 *     false: the UEs are in containers that joined, each choosing its own {@code --ue-range}, which the clock is never
 *     told
 */
public record ClockPlan(
        int slots, SlotSource world, long slotMs, long startupMs, int firstSlot, long paceMs, boolean uesHere) {
    public ClockPlan {
        if (slots < 1) throw new IllegalArgumentException("slots must be >= 1, got " + slots);
        if (world == null) throw new IllegalArgumentException("world is required");
        if (slotMs <= 0) throw new IllegalArgumentException("slotMs must be > 0, got " + slotMs);
        if (startupMs <= 0) throw new IllegalArgumentException("startupMs must be > 0, got " + startupMs);
        if (firstSlot < 0 || firstSlot >= slots)
            throw new IllegalArgumentException("firstSlot must be in [0, " + (slots - 1) + "], got " + firstSlot);
        if (paceMs < 0) throw new IllegalArgumentException("paceMs must be >= 0, got " + paceMs);
    }

    /** A plan whose UEs may be in any container ({@code uesHere} false). */
    public ClockPlan(int slots, SlotSource world, long slotMs, long startupMs, int firstSlot, long paceMs) {
        this(slots, world, slotMs, startupMs, firstSlot, paceMs, false);
    }

    /** A plan whose slots follow each other as fast as they close. */
    public ClockPlan(int slots, SlotSource world, long slotMs, long startupMs, int firstSlot) {
        this(slots, world, slotMs, startupMs, firstSlot, 0);
    }

    /** Whether slots are paced on the wall clock. */
    public boolean paced() {
        return paceMs > 0;
    }

    /** A plan that starts with slot 0. */
    public ClockPlan(int slots, SlotSource world, long slotMs, long startupMs) {
        this(slots, world, slotMs, startupMs, 0);
    }
}
