package org.lambo.agents.trial;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the trial's clock told a test: the slots done, and how the trial ended ("finished" or "failed: REASON"). */
final class ClockHeard implements TrialListener {
    final List<SlotRecord> slots = new CopyOnWriteArrayList<>();
    final CompletableFuture<String> end = new CompletableFuture<>();

    @Override
    public void slotDone(SlotRecord record) {
        slots.add(record);
    }

    @Override
    public void finished() {
        end.complete("finished");
    }

    @Override
    public void failed(String reason) {
        end.complete("failed: " + reason);
    }
}
