package org.lambo.agents.trial;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.lambo.aed.alef.OnlineAlef;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.bridge.DeviceSetup;
import org.lambo.agents.bridge.DeviceSummary;
import org.lambo.agents.expert.ExpertAgent;
import org.lambo.agents.expert.Labeller;
import org.lambo.agents.orchestrator.LinkLog;
import org.lambo.agents.orchestrator.OrchestratorAgent;
import org.lambo.agents.orchestrator.OrchestratorConfig;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.ue.UeTimeouts;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.rng.Seeds;

/**
 * Runs a trial: boots a JADE platform in this JVM, starts the orchestrator with its policy, one agent per edge server
 * and per UE (as many as the trial ever has active; or none of either kind when they join from other containers, see
 * {@code lambo container}) and the clock, waits for the clock to finish every slot, and kills the platform. Nothing
 * waits forever: the whole trial has a deadline of its slots' deadlines plus the start-up time.
 */
public final class TrialRunner {
    private TrialRunner() {}

    /**
     * @param fileDir where JADE writes its files
     * @param progress told of every slot as it ends (on the clock's thread)
     * @throws TrialFailedException when the agents cannot start or the trial does not finish in time
     * @throws org.lambo.io.InputException for an unknown policy or a bad policy option
     */
    public static TrialResult run(TrialSettings s, Path fileDir, Consumer<SlotRecord> progress)
            throws IOException, InterruptedException {
        return run(s, fileDir, progress, (record, platform) -> {});
    }

    /**
     * As {@link #run(TrialSettings, Path, Consumer)}, and after each slot hands the slot and the main container to
     * {@code afterSlot} (on the clock's thread, before the next slot starts): the place to inject a fault, such as
     * killing an edge server.
     */
    public static TrialResult run(
            TrialSettings s,
            Path fileDir,
            Consumer<SlotRecord> progress,
            BiConsumer<SlotRecord, JadePlatform> afterSlot)
            throws IOException, InterruptedException {
        return run(s, fileDir, List.of(), new TrialStop(), progress, afterSlot);
    }

    /**
     * As {@link #run(TrialSettings, Path, Consumer, BiConsumer)}, resumable and stoppable: the trial starts after the
     * slots already recorded ({@code earlier}, slots 0..k-1 of an interrupted run of the same settings; its policy is
     * first brought to where it was, see {@link PolicyReplay}), and the result holds them and the new ones.
     * {@code progress} is told of each slot before the next one starts and never after a stop was requested.
     *
     * @throws TrialInterruptedException when {@code stop} was requested before the last slot ended: the running slot's
     *     tasks failed, saying so
     */
    public static TrialResult run(
            TrialSettings s,
            Path fileDir,
            List<SlotRecord> earlier,
            TrialStop stop,
            Consumer<SlotRecord> progress,
            BiConsumer<SlotRecord, JadePlatform> afterSlot)
            throws IOException, InterruptedException {
        for (int k = 0; k < earlier.size(); k++) {
            if (earlier.get(k).slot() != k)
                throw new IllegalArgumentException("earlier slots must be 0.." + (earlier.size() - 1)
                        + " in order, got slot " + earlier.get(k).slot() + " at " + k);
        }
        int first = earlier.size();
        if (first >= s.slots())
            throw new IllegalArgumentException("all " + s.slots() + " slots are recorded already: nothing to run");
        try (OffloadingPolicy policy = Policies.create(
                s.policy(), new PolicySettings(Seeds.derive(s.seed(), s.policy()), s.policyOptions()))) {
            String name = policy.name();
            if (name == null || name.isBlank()) {
                // its contract says a policy names itself (the rows and the result carry the name): found now, not
                // when the trial's result is made after its last slot
                throw new org.lambo.io.InputException(
                        "--policy",
                        "",
                        "'" + s.policy() + "' names itself " + (name == null ? "null" : "'" + name + "'")
                                + ": a policy's name() must not be blank");
            }
            return run(policy, s, fileDir, earlier, stop, progress, afterSlot);
        }
    }

    /** As the public {@code run}, with the trial's policy made (and closed) by the caller. */
    private static TrialResult run(
            OffloadingPolicy policy,
            TrialSettings s,
            Path fileDir,
            List<SlotRecord> earlier,
            TrialStop stop,
            Consumer<SlotRecord> progress,
            BiConsumer<SlotRecord, JadePlatform> afterSlot)
            throws IOException, InterruptedException {
        int first = earlier.size();
        OnlineAlef alef = s.onlineAlef() == null ? null : onlineAlef(policy, s);
        SlotSource world = SlotSource.unrollingAhead(s.scenario(), s.seed());
        if (first > 0 && PolicyReplay.needed(policy))
            PolicyReplay.replay(policy, s, world, first, () -> stop.requested().isPresent());
        int maxUes = SlotSource.maxActiveUes(s.scenario(), s.slots());
        List<SlotRecord> records = new ArrayList<>(earlier);
        boolean[] stopped = {false};
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicReference<JadePlatform> running = new AtomicReference<>();
        stop.onRequest(request -> {
            synchronized (records) {
                stopped[0] = true; // no slot is recorded after the request
            }
            done.completeExceptionally(new TrialInterruptedException(request, null, -1));
        });
        TrialListener listener = new TrialListener() {
            @Override
            public void slotDone(SlotRecord r) {
                synchronized (records) {
                    if (stopped[0]) return;
                    records.add(r);
                    progress.accept(r); // under the lock: a stop waits until it is on disk
                }
                afterSlot.accept(r, running.get());
            }

            @Override
            public void finished() {
                done.complete(null);
            }

            @Override
            public void failed(String reason) {
                done.completeExceptionally(new TrialFailedException(reason));
            }
        };
        long t0 = System.nanoTime();
        // the orchestrator's confirmation times, late decisions and containers' addresses, in this start
        LinkLog links = new LinkLog(earlier.size());
        // devices (hub, embedded broker, emulated devices) live around the platform: started before, closed after
        DeviceSetup devices =
                s.devices() == null ? null : DeviceSetup.start(s.devices(), Seeds.derive(s.seed(), "device-hub"));
        DeviceSummary deviceSummary = null;
        OnlineAlef.Summary alefSummary = null;
        OffloadingPolicy expert = null; // made here, closed here once the platform is down
        TrialStop.Request interrupted = null;
        try (devices;
                JadePlatform platform = JadePlatform.start(
                        fileDir,
                        s.host(),
                        s.port(),
                        s.gui(),
                        s.secretFile() == null
                                ? null
                                : org.lambo.agents.platform.TrialSecret.readOrCreate(s.secretFile()),
                        s.dropoutMs())) {
            running.set(platform);
            platform.publish(org.lambo.agents.platform.TrialInfo.of(
                    s.scenario(), s.seed())); // joining containers check their world against it
            if (alef != null) {
                // the expert registers with the DF before the orchestrator, which looks it up on its first query
                Map<String, String> expertOptions = expertOptions(s);
                expert = Policies.create(
                        s.alefExpert(), new PolicySettings(Seeds.derive(s.seed(), s.alefExpert()), expertOptions));
                String name = ServiceTypes.expertName(s.alefExpert());
                // its first bid: its time limit when it has one (an honest upper bound), else a second
                String limit = expertOptions.get(s.alefExpert() + TIME_LIMIT_SUFFIX);
                platform.startAgent(
                        name,
                        ExpertAgent.class,
                        new Labeller(name, expert, limit == null ? 1.0 : Double.parseDouble(limit)));
            }
            platform.startAgent(
                    ServiceTypes.ORCHESTRATOR_NAME,
                    OrchestratorAgent.class,
                    new OrchestratorConfig(
                            policy,
                            s.prompt(),
                            s.scenario().channel().params(),
                            s.collectMs(),
                            s.serverMs(),
                            alef,
                            links,
                            maxUes,
                            s.scenario().servers().size()));
            var hub = devices == null ? null : devices.hub();
            // a device-backed server answers before the UE stops waiting for it
            if (!s.remoteServers()) Population.startServers(platform, world, hub, Math.max(100, s.serverMs() - 500));
            if (!s.remoteUes())
                Population.startUes(platform, world, maxUes, new UeTimeouts(s.decisionMs(), s.serverMs()), hub);
            if (!done.isDone()) {
                platform.startAgent(
                        ServiceTypes.CLOCK_NAME,
                        TrialClockAgent.class,
                        new ClockPlan(
                                s.slots(),
                                world,
                                s.slotMs(),
                                s.startupMs(),
                                first,
                                s.realtime() ? s.paceMs() : 0,
                                !s.remoteUes()),
                        listener);
            }
            long limitMs = s.startupMs() + (s.slots() - first) * (s.slotMs() + 1_000L);
            try {
                done.get(limitMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new TrialFailedException("the trial did not finish within " + limitMs + " ms");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TrialInterruptedException i) interrupted = i.request();
                else if (e.getCause() instanceof TrialFailedException f) throw f;
                else throw new TrialFailedException(String.valueOf(e.getCause()));
            } finally {
                // the watchers leave first, so that the platform's end is not reported as agents dying
                leave(platform, ServiceTypes.CLOCK_NAME);
                leave(platform, ServiceTypes.ORCHESTRATOR_NAME);
            }
            if (hub != null) deviceSummary = DeviceSummary.of(hub);
            if (alef != null) {
                if (interrupted == null) alef.awaitIdle(60_000); // a fine-tune under way is counted when it is done
                alefSummary = alef.summary();
            }
        } catch (jade.wrapper.StaleProxyException e) {
            throw new TrialFailedException("an agent could not be started: " + e.getMessage());
        } finally {
            if (alef != null) alef.close();
            if (expert != null) expert.close();
        }
        double wallS = (System.nanoTime() - t0) / 1e9;
        // read once the platform is closed: a container still lost then is recorded as such
        TrialResult.Builder result = TrialResult.builder(policy.name(), s.prompt())
                .wallS(wallS)
                .devices(deviceSummary)
                .alef(alefSummary)
                .dropouts(running.get() == null ? List.of() : running.get().dropouts())
                .links(links.seen());
        List<SlotRecord> all;
        synchronized (records) {
            stopped[0] = true;
            all = new ArrayList<>(records);
        }
        if (interrupted != null && all.size() < s.slots()) {
            int t = all.size(); // the running slot: the clock starts each right after the one before
            String why = "trial interrupted by " + interrupted.cause() + " during slot " + t;
            int n = SlotSource.activeUes(s.scenario(), t);
            List<org.lambo.ontology.TaskReport> failed = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                failed.add(org.lambo.ontology.TaskReport.failed(
                        t, ServiceTypes.ueName(i), i, org.lambo.agents.Vocabulary.taskId(t, i), null, why));
            }
            SlotRecord cut = new SlotRecord(t, failed, 0);
            all.add(cut);
            throw new TrialInterruptedException(interrupted, result.slots(all).build(), t);
        }
        return result.slots(all).build();
    }

    /**
     * Online ALEF for the trial's policy.
     *
     * @throws org.lambo.io.InputException naming the policy when it cannot learn online
     */
    private static OnlineAlef onlineAlef(OffloadingPolicy policy, TrialSettings s) {
        try {
            return new OnlineAlef(policy, s.onlineAlef(), Seeds.derive(s.seed(), "online-alef"));
        } catch (IllegalArgumentException e) {
            throw new org.lambo.io.InputException("--online-alef", "", e.getMessage());
        }
    }

    /** The option of an expert that takes a time limit in seconds, after its name: {@code mip.timeLimitS}. */
    static final String TIME_LIMIT_SUFFIX = ".timeLimitS";

    /**
     * The online-ALEF expert's options: the trial's own options of that policy (e.g. {@code --option
     * mip.timeLimitS=20}); and for an expert that takes a time limit ({@code <name>.timeLimitS}) and was given none,
     * {@link OnlineAlef.Options#expertTimeLimitS()}, so that an exact expert answers within its label deadline (with
     * its best solution so far and status TIME_LIMIT when it could not prove optimality in time).
     */
    static Map<String, String> expertOptions(TrialSettings s) {
        Map<String, String> out = new java.util.TreeMap<>();
        s.policyOptions().forEach((k, v) -> {
            if (k.startsWith(s.alefExpert() + ".")) out.put(k, v);
        });
        String limit = s.alefExpert() + TIME_LIMIT_SUFFIX;
        if (s.onlineAlef() != null
                && !out.containsKey(limit)
                && Policies.optionKeys(s.alefExpert()).contains(limit)) {
            out.put(
                    limit,
                    String.format(java.util.Locale.ROOT, "%.3f", s.onlineAlef().expertTimeLimitS()));
        }
        return out;
    }

    /** Kills an agent of the main container and waits (at most 2 s) until it is gone. */
    private static void leave(JadePlatform platform, String agent) throws InterruptedException {
        if (!platform.killAgent(agent)) return;
        for (int k = 0; k < 40 && platform.hasAgent(agent); k++) Thread.sleep(50);
    }

    /**
     * The trial was stopped ({@link TrialStop}) before its last slot ended. {@link #partial()} holds every slot
     * recorded, earlier ones included, and last the running slot, {@link #slot()}, whose tasks all failed with the
     * reason "trial interrupted by CAUSE during slot T" (that slot is not complete: a resume runs it again).
     */
    public static final class TrialInterruptedException extends RuntimeException {
        private final transient TrialStop.Request request;
        private final transient TrialResult partial;
        private final int slot;

        TrialInterruptedException(TrialStop.Request request, TrialResult partial, int slot) {
            super("trial interrupted by " + request.cause() + (slot >= 0 ? " during slot " + slot : ""));
            this.request = request;
            this.partial = partial;
            this.slot = slot;
        }

        public TrialStop.Request request() {
            return request;
        }

        /** What was recorded, the running slot's failed tasks last. */
        public TrialResult partial() {
            return partial;
        }

        /** The slot that was running, whose tasks failed. */
        public int slot() {
            return slot;
        }

        /** The running slot's record (failed tasks), the last of {@link #partial()}. */
        public SlotRecord running() {
            return partial.slots().get(partial.slots().size() - 1);
        }
    }

    /** The trial could not run to its end. */
    public static final class TrialFailedException extends RuntimeException {
        public TrialFailedException(String message) {
            super(message);
        }
    }
}
