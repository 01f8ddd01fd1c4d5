package org.lambo.agents.trial;

import java.util.List;
import org.lambo.ontology.TaskReport;

/**
 * One slot of a trial as the clock saw it: the UEs' reports (one per active UE, ordered by UE; a UE
 * that did not report in time has a failed report saying so) and the round trip from the slot's start
 * to the last report, in milliseconds.
 */
public record SlotRecord(int slot, List<TaskReport> reports, double roundTripMs) {
    public SlotRecord {
        reports = List.copyOf(reports);
        if (roundTripMs < 0) throw new IllegalArgumentException("roundTripMs must be >= 0, got " + roundTripMs);
    }

    public long completed() {
        return reports.stream().filter(TaskReport::completed).count();
    }

    public long failed() {
        return reports.size() - completed();
    }
}
