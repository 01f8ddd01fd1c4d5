package org.lambo.agents.server;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.lambo.ontology.ServerAllocation;
import org.lambo.ontology.ShareGrant;
import org.lambo.ontology.TaskResult;
import org.lambo.ontology.TaskSubmission;

/**
 * An edge server's book of its CPU, slot by slot: whether it is up and at what capacity, the shares the orchestrator
 * reserved on it, and the tasks it has run. It decides what the server accepts: a task is admitted only with the share
 * it was granted, once. A UE whose result was lost (a cut connection) submits the same task again: it gets the same
 * result ({@link #again}), the task is not run twice. Plain Java, no JADE: the agent asks it. Keeps the last
 * {@value #KEEP} slots.
 */
public final class ServerLedger {
    static final int KEEP = 4;
    /** Round-off slack on shares: the model's validator's, one tolerance for shares everywhere. */
    private static final double TOLERANCE = org.lambo.check.Require.SHARE_SLACK;

    private final int number;
    private final TreeMap<Integer, SlotBook> slots = new TreeMap<>();

    /**
     * A task the server took in a slot: the submission, and how it ended (its result, or why it failed; both null while
     * it runs).
     */
    public record Ran(TaskSubmission submission, TaskResult result, String failure) {
        public boolean ended() {
            return result != null || failure != null;
        }
    }

    /** What the server holds in one slot. */
    private static final class SlotBook {
        final double cpuHz;
        final boolean up;
        Map<String, ShareGrant> grants; // null until reserved
        final Map<String, Ran> ran = new HashMap<>();

        SlotBook(double cpuHz, boolean up) {
            this.cpuHz = cpuHz;
            this.up = up;
        }
    }

    public ServerLedger(int number) {
        if (number < 1) throw new IllegalArgumentException("server number must be >= 1, got " + number);
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** Opens a slot with the capacity and state the server has in it. */
    public void open(int slot, double cpuHz, boolean up) {
        slots.put(slot, new SlotBook(cpuHz, up));
        while (slots.size() > KEEP) slots.pollFirstEntry();
    }

    /**
     * Reserves an allocation's shares. A slot is allocated once; a later allocation in the same slot may only add
     * shares for tasks not granted yet, within what is left (a request the orchestrator decided late, after the slot's
     * decision: {@code SlotDecider#decideLate}); an empty one or one that grants a task again is refused.
     *
     * @return empty when reserved; otherwise why the server refuses it
     */
    public Optional<String> reserve(ServerAllocation a) {
        if (a.number() != number)
            return Optional.of("allocation is for server " + a.number() + ", this is server " + number);
        SlotBook book = slots.get(a.slot());
        if (book == null) return Optional.of("slot " + a.slot() + " is not open on server " + number);
        if (!book.up && !a.grants().isEmpty()) return Optional.of("server " + number + " is down in slot " + a.slot());
        if (book.grants != null && a.grants().isEmpty())
            return Optional.of("slot " + a.slot() + " is already allocated on server " + number);
        Map<String, ShareGrant> grants = book.grants == null ? new HashMap<>() : new HashMap<>(book.grants);
        double before = book.grants == null ? 0 : load(a.slot());
        if (before + a.totalShare() > 1 + TOLERANCE)
            return Optional.of("shares sum to " + (before + a.totalShare()) + " > 1"
                    + (book.grants == null ? "" : " with the " + before + " already allocated in slot " + a.slot()));
        for (ShareGrant g : a.grants()) {
            if (grants.put(g.taskId(), g) != null) return Optional.of("task " + g.taskId() + " is granted twice");
        }
        book.grants = grants;
        return Optional.empty();
    }

    /**
     * Whether the server runs a submitted task: it must hold a share for it in that slot, for that UE, submitted by
     * that UE's agent ({@code sender}, its local name), at least the share the task asks for, and must not have run it
     * already.
     *
     * @return empty when admitted (and marks it run); otherwise why the server refuses it
     */
    public Optional<String> admit(TaskSubmission s, String sender) {
        String task = s.task().taskId();
        if (!s.ue().ue().equals(sender))
            return Optional.of("task " + task + " of " + s.ue().ue() + " is submitted only by its agent " + s.ue().ue()
                    + ", not " + sender);
        if (s.server() != number)
            return Optional.of(
                    "task " + task + " is submitted for server " + s.server() + ", this is server " + number);
        SlotBook book = slots.get(s.slot());
        if (book == null)
            return Optional.of(
                    "server " + number + " has no share for task " + task + ": slot " + s.slot() + " is not open");
        if (!book.up) return Optional.of("server " + number + " is down in slot " + s.slot());
        ShareGrant g = book.grants == null ? null : book.grants.get(task);
        if (g == null)
            return Optional.of("server " + number + " has no share for task " + task + " in slot " + s.slot());
        if (!g.ue().equals(s.ue().ue()))
            return Optional.of("task " + task + " was granted to " + g.ue() + ", not " + s.ue().ue());
        if (s.share() > g.share() * (1 + TOLERANCE)) {
            return Optional.of("task " + task + " asks for share " + s.share() + " but was granted " + g.share());
        }
        if (book.ran.putIfAbsent(task, new Ran(s, null, null)) != null)
            return Optional.of("task " + task + " has already run on server " + number);
        return Optional.empty();
    }

    /**
     * How a task the server took before ended, when {@code s} is that same submission again from the same agent
     * ({@code sender}): its result or its failure, to be answered again. Empty when the server has not taken it, it is
     * another submission, another sender, or it has not ended.
     */
    public Optional<Ran> again(TaskSubmission s, String sender) {
        SlotBook book = slots.get(s.slot());
        Ran r = book == null ? null : book.ran.get(s.task().taskId());
        if (r == null || !r.ended() || !r.submission().equals(s) || !s.ue().ue().equals(sender))
            return Optional.empty();
        return Optional.of(r);
    }

    /** Notes how an admitted task ended: its result, or (result null) why it failed. */
    public void ended(TaskSubmission s, TaskResult result, String failure) {
        SlotBook book = slots.get(s.slot());
        if (book == null) return; // the slot is gone from the book: nothing to answer again
        Ran r = book.ran.get(s.task().taskId());
        if (r == null || !r.submission().equals(s))
            throw new IllegalArgumentException("task " + s.task().taskId() + " was not admitted in slot " + s.slot());
        book.ran.put(
                s.task().taskId(), new Ran(s, result, result == null ? (failure == null ? "failed" : failure) : null));
    }

    /** The share reserved in a slot (its load), 0 when none. */
    public double load(int slot) {
        SlotBook book = slots.get(slot);
        if (book == null || book.grants == null) return 0;
        return Math.min(
                1, book.grants.values().stream().mapToDouble(ShareGrant::share).sum());
    }

    /** How many tasks hold a share in a slot. */
    public int tasks(int slot) {
        SlotBook book = slots.get(slot);
        return book == null || book.grants == null ? 0 : book.grants.size();
    }

    public boolean isUp(int slot) {
        SlotBook book = slots.get(slot);
        return book != null && book.up;
    }

    public double cpuHz(int slot) {
        SlotBook book = slots.get(slot);
        if (book == null) throw new IllegalArgumentException("slot " + slot + " is not open on server " + number);
        return book.cpuHz;
    }
}
