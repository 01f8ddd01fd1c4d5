package org.lambo.ontology.jade;

import jade.core.AID;
import jade.lang.acl.ACLMessage;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.lambo.ontology.LamboMessage;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.ServerAllocation;
import org.lambo.ontology.ServerState;
import org.lambo.ontology.ShareGrant;
import org.lambo.ontology.SlotStart;
import org.lambo.ontology.TaskDescription;
import org.lambo.ontology.TaskReport;
import org.lambo.ontology.TaskResult;
import org.lambo.ontology.TaskSubmission;
import org.lambo.ontology.UeState;

/**
 * Runs the encoding of a slot's messages (build and read of each type a slot sends, in {@value LamboAcl#LANGUAGE}) a
 * few thousand times in a background thread when the JVM's first agent registers the codec ({@link LamboAcl#register}),
 * so that the JIT compiles it while the platform starts rather than during the trial's first slots: profiled at 50 UEs
 * in one JVM, the JIT's compilations took more CPU in slots 6 to 100 than all the agents together, and the median round
 * trip of slots 75 to 100 was about half that of slots 5 to 25 (docs/BENCHMARKS.md). Once per JVM, a daemon thread at
 * the lowest priority, at most {@link #ROUNDS} rounds, none begun after {@link #MAX_MS} ms (4.2 s of wall time in all
 * at load 35); it touches no agent and sends nothing. {@code -Dlambo.encoding.warmup=false} leaves it out.
 */
public final class EncodingWarmUp {
    private static final Logger LOG = Logger.getLogger(EncodingWarmUp.class.getName());
    /** Rounds over the slot's message types: above HotSpot's tier-4 threshold for each type's own code. */
    static final int ROUNDS = 6_000;
    /** No round begins after this long, however slow the machine. */
    static final long MAX_MS = 3_000;

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private EncodingWarmUp() {}

    /** Starts the warm-up unless it started before in this JVM or is switched off; returns at once. */
    static void startOnce() {
        if (!Boolean.parseBoolean(System.getProperty("lambo.encoding.warmup", "true"))) return;
        if (!STARTED.compareAndSet(false, true)) return;
        Thread t = new Thread(EncodingWarmUp::run, "lambo-encoding-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** One value of each type a slot's conversation sends, of a slot's sizes. */
    static List<LamboMessage> slotMessages() {
        UeState ue = new UeState("ue-3", 3, 12.5, 40.0 / 3, 1e9, 1.0, 1.0, List.of(1.0 / 7, 3.2e-4, 2.5e-5, 7.1e-6));
        TaskDescription task = new TaskDescription("t4-ue3", 2.1e8, 1.3e10, 15.6);
        return List.of(
                new SlotStart(4, 50, 4),
                new OffloadingRequest(4, ue, task),
                new OffloadingDecision(4, "ue-3", "t4-ue3", 2, "server-2", 0.3, 11.25, 0.8, ""),
                new ServerState("server-2", 2, 4, 20.0, 0.1, 1.5e10, true, 0.25, 2),
                new ServerAllocation(
                        4,
                        "server-2",
                        2,
                        List.of(new ShareGrant("ue-3", "t4-ue3", 0.3), new ShareGrant("ue-4", "t4-ue4", 0.7))),
                new TaskSubmission(4, ue, task, 2, 0.3),
                new TaskResult(4, "t4-ue3", "ue-3", 2, 0.3, 6.9, 2.3, 9.2),
                TaskReport.builder(4, "ue-3", 3, "t4-ue3")
                        .decision(2, 0.3, 9.2, 6.9)
                        .completed(9.2, 6.9)
                        .build()
                        .withRoundTrips(41, 12, 0, "Main-Container"));
    }

    /** Builds and reads each of {@link #slotMessages} {@code rounds} times or until {@code maxMs}; the rounds run. */
    static int run(int rounds, long maxMs) {
        List<LamboMessage> messages = slotMessages();
        AID to = new AID("warm-up@warm-up", AID.ISGUID);
        long end = System.nanoTime() + maxMs * 1_000_000L;
        int r = 0;
        for (; r < rounds && System.nanoTime() < end; r++) {
            for (LamboMessage m : messages) {
                ACLMessage msg = LamboAcl.build(ACLMessage.INFORM, "warm-up", "warm-up-" + r, 1_000, m, to);
                if (!m.equals(LamboAcl.read(msg, m.getClass())) || !m.equals(LamboAcl.read(msg)))
                    throw new IllegalStateException("read back differently: " + m);
                LamboAcl.reply(msg, ACLMessage.INFORM, m);
            }
        }
        return r;
    }

    private static void run() {
        long t0 = System.nanoTime();
        try {
            int r = run(ROUNDS, MAX_MS);
            LOG.fine(() -> "encoding warmed up: " + r + " rounds in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } catch (RuntimeException e) {
            // never the trial's concern: the encoding is compiled as it runs instead
            LOG.warning("the encoding's warm-up stopped: " + e);
        }
    }
}
