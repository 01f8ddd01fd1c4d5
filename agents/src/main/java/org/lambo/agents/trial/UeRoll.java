package org.lambo.agents.trial;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.lambo.agents.ServiceTypes;

/**
 * The UEs the clock waits for before its first slot when they are known by name
 * ({@link org.lambo.agents.ue.KnownByName}): UE i is there when the AMS says an agent named {@code ue-i} lives (its
 * births, as the clock's {@link org.lambo.agents.DeathWatch} sees them), and accounted for when it said it could not
 * set up or the AMS said it died. The clock addresses each one present as the agent of its well-known name
 * ({@link org.lambo.agents.Peers#ue}), the only one whose reports it takes: no agent can claim UE i by registering
 * somewhere, since none registers.
 *
 * @param present the indices of the UEs whose agents live
 * @param missing how many of the first {@code want} UEs are neither present nor accounted for
 * @param firstMissing the lowest index missing (-1: none)
 */
record UeRoll(SortedSet<Integer> present, int missing, int firstMissing) {
    UeRoll {
        present = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(present));
        if (missing < 0) throw new IllegalArgumentException("missing must be >= 0, got " + missing);
        if ((missing == 0) != (firstMissing == -1))
            throw new IllegalArgumentException(
                    "firstMissing must be -1 exactly when none is missing, got " + firstMissing + " with " + missing);
    }

    /**
     * The roll of UEs {@code 0..want-1}.
     *
     * @param living whether the AMS says an agent of that local name lives
     * @param setupFailed local names of participants that said they could not set up
     * @param gone indices of UEs the AMS said died
     */
    static UeRoll of(int want, Predicate<String> living, Set<String> setupFailed, Set<Integer> gone) {
        if (want < 0) throw new IllegalArgumentException("want must be >= 0, got " + want);
        SortedSet<Integer> present = new TreeSet<>();
        int missing = 0;
        int first = -1;
        for (int i = 0; i < want; i++) {
            String name = ServiceTypes.ueName(i);
            if (setupFailed.contains(name)) continue;
            if (living.test(name)) {
                present.add(i);
            } else if (!gone.contains(i)) {
                missing++;
                if (first < 0) first = i;
            }
        }
        return new UeRoll(present, missing, first);
    }

    /** Every UE is present or accounted for. */
    boolean complete() {
        return missing == 0;
    }
}
