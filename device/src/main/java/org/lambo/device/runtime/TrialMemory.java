package org.lambo.device.runtime;

import java.util.LinkedHashSet;
import java.util.Objects;
import org.lambo.ontology.DeviceMessages.DeviceResult;

/**
 * A device's {@link CommandMemory} per trial: a device process outlives trials, and a later trial of the same scenario
 * and seed uses the same command ids, so the memory is the current trial's only.
 *
 * <p>The first command of a trial it has not seen starts a fresh memory: the trial before is over (its answers are no
 * longer sent again, and its commands still running are not answered). A command of a trial it saw before, not the
 * current one, is {@link Verdict#ENDED}: never run. It remembers at most {@value #ENDED_REMEMBERED} ended trial ids,
 * the newest; a command of an older one starts a trial again, as a trial it never saw. Not thread-safe: the runtime
 * guards it.
 */
final class TrialMemory {
    /** How many ended trials' ids it remembers. */
    static final int ENDED_REMEMBERED = 16;

    /** What to do with a command that arrives: {@link CommandMemory.Verdict}, or ended. */
    enum Verdict {
        NEW,
        RUNNING,
        ANSWERED,
        TOO_LATE,
        /** Of a trial that ended (another one began since): do not run it. */
        ENDED
    }

    /** The verdict on an arriving command and, for {@link Verdict#ANSWERED}, the result sent before. */
    record Admission(Verdict verdict, DeviceResult answer) {}

    private final int capacity;
    private final LinkedHashSet<String> ended = new LinkedHashSet<>();
    private String current;
    private CommandMemory memory;

    /** Remembers at least {@code capacity} answers (>= 1) of the current trial. */
    TrialMemory(int capacity) {
        this.capacity = capacity;
        this.memory = new CommandMemory(capacity);
    }

    /** The verdict on command {@code commandId} of {@code slot} of {@code trial}; a NEW one is now accepted. */
    Admission admit(String trial, String commandId, int slot) {
        Objects.requireNonNull(trial, "trial");
        if (!trial.equals(current)) {
            if (ended.contains(trial)) return new Admission(Verdict.ENDED, null);
            if (current != null) {
                ended.add(current);
                if (ended.size() > ENDED_REMEMBERED)
                    ended.remove(ended.iterator().next());
            }
            current = trial;
            memory = new CommandMemory(capacity);
        }
        CommandMemory.Admission a = memory.admit(commandId, slot);
        return new Admission(Verdict.valueOf(a.verdict().name()), a.answer());
    }

    /**
     * Records the answer to an accepted command of {@code trial}; false (nothing recorded) when {@code trial} is not
     * the current one: the answer of an ended trial is not to be sent.
     */
    boolean answered(String trial, DeviceResult result) {
        if (!trial.equals(current)) return false;
        memory.answered(result);
        return true;
    }

    /**
     * Whether {@code trial} is one of the ended trials it remembers (not the current one): a message of it is not to be
     * taken for the current trial's. A trial it never saw is not ended: it may be the next one.
     */
    boolean hasEnded(String trial) {
        return ended.contains(trial);
    }

    /** The current trial's id (null before the first command). */
    String current() {
        return current;
    }

    /** The current trial's newest slot of which some answer was forgotten (-1: none). */
    int forgottenSlot() {
        return memory.forgottenSlot();
    }
}
