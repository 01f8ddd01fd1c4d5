package org.lambo.device.runtime;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.lambo.ontology.DeviceMessages.DeviceResult;

/**
 * What a device remembers of the commands it took, so that it runs each command id once however late a repeat comes.
 *
 * <p>It holds the commands accepted and not yet answered, and the answers it sent, <b>by slot</b>. When it holds more
 * than {@code capacity} answers it forgets <em>whole slots</em>, the oldest first, and remembers the newest slot it
 * forgot ({@link #forgottenSlot()}). So every command of a slot after {@link #forgottenSlot()} that the device took is
 * still here, and a command it does not know is either new (its slot is after {@link #forgottenSlot()}) or may be a
 * repeat of one it forgot (its slot is at or before it): the latter is {@link Verdict#TOO_LATE}, never run. No backlog,
 * however long, changes that: the guard does not depend on how many answers came between a command and its repeat.
 *
 * <p>(Before session 15 it forgot answers one by one, the oldest first, and refused only slots <em>before</em> the
 * newest forgotten one: a repeat of a forgotten command of that slot itself was run again. Under a flood of resends
 * through the embedded broker 165 of 25,000 commands ran twice.)
 *
 * <p>Memory: at most {@code capacity} answers, plus those of the newest slot when that one slot alone holds more; a
 * single slot is forgotten only beyond {@code 16 x capacity} answers (its later commands then fail too late). Plus the
 * commands accepted and not yet answered (those the device queued or runs). Not thread-safe: the runtime guards it.
 */
final class CommandMemory {
    /** What to do with a command that arrives. */
    enum Verdict {
        /** Not seen before, of a slot the device still remembers whole: run it (it is now accepted). */
        NEW,
        /** Accepted and not yet answered: its result will come; do nothing. */
        RUNNING,
        /** Answered: send {@link Admission#answer()} again. */
        ANSWERED,
        /** Unknown, of a slot the device forgot (some of): it may be a repeat of a command it ran; do not run it. */
        TOO_LATE
    }

    /** The verdict on an arriving command and, for {@link Verdict#ANSWERED}, the result sent before. */
    record Admission(Verdict verdict, DeviceResult answer) {}

    private final int capacity;
    private final int oneSlotCapacity;
    /** Commands accepted and not yet answered, with their slots. */
    private final Map<String, Integer> accepted = new HashMap<>();
    /** Answers sent, by slot (oldest first), then by command id. */
    private final TreeMap<Integer, Map<String, DeviceResult>> answers = new TreeMap<>();
    /** The slot of each remembered answer, by command id. */
    private final Map<String, Integer> slotOf = new HashMap<>();

    private int forgottenSlot = -1;

    /** Remembers at least {@code capacity} answers (>= 1), forgetting whole slots beyond it. */
    CommandMemory(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        this.capacity = capacity;
        this.oneSlotCapacity = 16 * capacity;
    }

    /** The verdict on command {@code commandId} of {@code slot}; a {@link Verdict#NEW} one is now accepted. */
    Admission admit(String commandId, int slot) {
        Integer answeredSlot = slotOf.get(commandId);
        if (answeredSlot != null)
            return new Admission(Verdict.ANSWERED, answers.get(answeredSlot).get(commandId));
        if (accepted.containsKey(commandId)) return new Admission(Verdict.RUNNING, null);
        if (slot <= forgottenSlot) return new Admission(Verdict.TOO_LATE, null);
        accepted.put(commandId, slot);
        return new Admission(Verdict.NEW, null);
    }

    /**
     * Records the answer to an accepted command and forgets the oldest whole slots beyond the capacity. The answer to a
     * command that was not accepted (one too late), or of a slot forgotten while it ran, is not recorded.
     */
    void answered(DeviceResult result) {
        Integer s = accepted.remove(result.commandId());
        if (s == null || s <= forgottenSlot) return;
        answers.computeIfAbsent(s, k -> new LinkedHashMap<>()).put(result.commandId(), result);
        slotOf.put(result.commandId(), s);
        while (slotOf.size() > capacity && (answers.size() > 1 || slotOf.size() > oneSlotCapacity)) {
            Map.Entry<Integer, Map<String, DeviceResult>> oldest = answers.pollFirstEntry();
            oldest.getValue().keySet().forEach(slotOf::remove);
            forgottenSlot = Math.max(forgottenSlot, oldest.getKey());
        }
    }

    /** The newest slot of which some answer was forgotten (-1: none): unknown commands up to it are too late. */
    int forgottenSlot() {
        return forgottenSlot;
    }

    /** Answers remembered. */
    int answers() {
        return slotOf.size();
    }

    /** Commands accepted and not yet answered. */
    int accepted() {
        return accepted.size();
    }
}
