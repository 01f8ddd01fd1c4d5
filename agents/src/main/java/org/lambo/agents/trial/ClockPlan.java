package org.lambo.agents.trial;

import org.lambo.agents.SlotSource;

/**
 * What the trial's clock runs: how many slots, against which world, and its deadlines.
 *
 * @param slots     how many slots, from slot 0
 * @param world     the world, which says how many UEs are active in each slot
 * @param slotMs    how long a slot may take before the missing reports count as failed
 * @param startupMs how long the agents have to register with the DF before the trial fails
 */
public record ClockPlan(int slots, SlotSource world, long slotMs, long startupMs) {
    public ClockPlan {
        if (slots < 1) throw new IllegalArgumentException("slots must be >= 1, got " + slots);
        if (world == null) throw new IllegalArgumentException("world is required");
        if (slotMs <= 0) throw new IllegalArgumentException("slotMs must be > 0, got " + slotMs);
        if (startupMs <= 0) throw new IllegalArgumentException("startupMs must be > 0, got " + startupMs);
    }
}
