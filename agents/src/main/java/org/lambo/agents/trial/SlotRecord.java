package org.lambo.agents.trial;

import java.util.List;
import org.lambo.ontology.TaskReport;

/**
 * One slot of a trial as the clock saw it: the UEs' reports (one per active UE, ordered by UE; a UE that did not report
 * in time has a failed report saying so) and the round trip from the slot's start to the last report, in milliseconds;
 * in a real-time trial ({@code lambo trial --realtime}) also how it kept to the wall clock ({@link Pace}), else
 * {@code pace} is null.
 */
public record SlotRecord(int slot, List<TaskReport> reports, double roundTripMs, Pace pace) {
    /**
     * How a slot of a real-time trial kept to the wall clock, whose slots start every {@code dt}.
     *
     * @param lateMs how long after its time on the wall clock the slot started (the slot before overran)
     * @param overrunMs how long after its end on the wall clock (its time + dt) its last report came; 0: none
     * @param onTime how many of its reports came before that end
     */
    public record Pace(double lateMs, double overrunMs, int onTime) {
        public Pace {
            if (!(lateMs >= 0) || !(overrunMs >= 0))
                throw new IllegalArgumentException(
                        "lateMs and overrunMs must be >= 0, got " + lateMs + ", " + overrunMs);
            if (onTime < 0) throw new IllegalArgumentException("onTime must be >= 0, got " + onTime);
        }

        /** Whether the slot's last report came after its end on the wall clock. */
        public boolean overran() {
            return overrunMs > 0;
        }
    }

    public SlotRecord {
        reports = List.copyOf(reports);
        if (roundTripMs < 0) throw new IllegalArgumentException("roundTripMs must be >= 0, got " + roundTripMs);
        if (pace != null && pace.onTime() > reports.size())
            throw new IllegalArgumentException("onTime " + pace.onTime() + " > " + reports.size() + " reports");
    }

    /** A slot of a trial not paced on the wall clock. */
    public SlotRecord(int slot, List<TaskReport> reports, double roundTripMs) {
        this(slot, reports, roundTripMs, null);
    }

    public long completed() {
        return reports.stream().filter(TaskReport::completed).count();
    }

    public long failed() {
        return reports.size() - completed();
    }
}
