package org.lambo.agents.trial;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.bridge.DeviceSetup;
import org.lambo.agents.bridge.DeviceSummary;
import org.lambo.agents.orchestrator.OrchestratorAgent;
import org.lambo.agents.orchestrator.OrchestratorConfig;
import org.lambo.agents.orchestrator.OnlineAlef;
import org.lambo.agents.expert.ExpertAgent;
import org.lambo.agents.expert.Labeller;
import org.lambo.aed.AedPolicy;
import java.util.Map;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.ue.UeTimeouts;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.rng.Seeds;

/**
 * Runs a trial: boots a JADE platform in this JVM, starts the orchestrator with its policy, one agent
 * per edge server and per UE (as many as the trial ever has active; or none of either kind when they
 * join from other containers, see {@code lambo container}) and the clock, waits for the
 * clock to finish every slot, and kills the platform. Nothing waits forever: the whole trial has a
 * deadline of its slots' deadlines plus the start-up time.
 */
public final class TrialRunner {
    private TrialRunner() {}

    /**
     * @param fileDir  where JADE writes its files
     * @param progress told of every slot as it ends (on the clock's thread)
     * @throws TrialFailedException when the agents cannot start or the trial does not finish in time
     * @throws org.lambo.io.InputException for an unknown policy or a bad policy option
     */
    public static TrialResult run(TrialSettings s, Path fileDir, Consumer<SlotRecord> progress) throws IOException, InterruptedException {
        return run(s, fileDir, progress, (record, platform) -> { });
    }

    /**
     * As {@link #run(TrialSettings, Path, Consumer)}, and after each slot hands the slot and the main
     * container to {@code afterSlot} (on the clock's thread, before the next slot starts): the place to
     * inject a fault, such as killing an edge server.
     */
    public static TrialResult run(TrialSettings s, Path fileDir, Consumer<SlotRecord> progress,
                                  BiConsumer<SlotRecord, JadePlatform> afterSlot) throws IOException, InterruptedException {
        OffloadingPolicy policy = Policies.create(s.policy(), new PolicySettings(Seeds.derive(s.seed(), s.policy()), s.policyOptions()));
        SlotSource world = new SlotSource(s.scenario(), s.seed());
        int maxUes = SlotSource.maxActiveUes(s.scenario(), s.slots());
        List<SlotRecord> records = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicReference<JadePlatform> running = new AtomicReference<>();
        TrialListener listener = new TrialListener() {
            @Override
            public void slotDone(SlotRecord r) {
                synchronized (records) {
                    records.add(r);
                }
                progress.accept(r);
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
        // devices (hub, embedded broker, emulated devices) live around the platform: started before, closed after
        DeviceSetup devices = s.devices() == null ? null : DeviceSetup.start(s.devices(), Seeds.derive(s.seed(), "device-hub"));
        DeviceSummary deviceSummary = null;
        OnlineAlef alef = s.onlineAlef() == null ? null
                : new OnlineAlef((AedPolicy) policy, s.onlineAlef(), Seeds.derive(s.seed(), "online-alef"));
        OnlineAlef.Summary alefSummary = null;
        try (devices; JadePlatform platform = JadePlatform.start(fileDir, s.host(), s.port(), s.gui(),
                s.secretFile() == null ? null : org.lambo.agents.platform.TrialSecret.readOrCreate(s.secretFile()))) {
            running.set(platform);
            platform.publish(org.lambo.agents.platform.TrialInfo.of(s.scenario(), s.seed()));   // joining containers check their world against it
            if (alef != null) {
                // the expert registers with the DF before the orchestrator, which looks it up on its first query
                OffloadingPolicy expert = Policies.create(s.alefExpert(), new PolicySettings(Seeds.derive(s.seed(), s.alefExpert()), Map.of()));
                String name = ServiceTypes.expertName(s.alefExpert());
                platform.startAgent(name, ExpertAgent.class, new Labeller(name, expert, 1.0));
            }
            platform.startAgent(ServiceTypes.ORCHESTRATOR_NAME, OrchestratorAgent.class,
                    new OrchestratorConfig(policy, s.prompt(), s.scenario().channel().params(), s.collectMs(), s.serverMs(), alef));
            var hub = devices == null ? null : devices.hub();
            // a device-backed server answers before the UE stops waiting for it
            if (!s.remoteServers()) Population.startServers(platform, world, hub, Math.max(100, s.serverMs() - 500));
            if (!s.remoteUes()) Population.startUes(platform, world, maxUes, new UeTimeouts(s.decisionMs(), s.serverMs()), hub);
            platform.startAgent(ServiceTypes.CLOCK_NAME, TrialClockAgent.class, new ClockPlan(s.slots(), world, s.slotMs(), s.startupMs()), listener);
            long limitMs = s.startupMs() + s.slots() * (s.slotMs() + 1_000L);
            try {
                done.get(limitMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new TrialFailedException("the trial did not finish within " + limitMs + " ms");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TrialFailedException f) throw f;
                throw new TrialFailedException(String.valueOf(e.getCause()));
            } finally {
                // the watchers leave first, so that the platform's end is not reported as agents dying
                leave(platform, ServiceTypes.CLOCK_NAME);
                leave(platform, ServiceTypes.ORCHESTRATOR_NAME);
            }
            if (hub != null) deviceSummary = DeviceSummary.of(hub);
            if (alef != null) {
                alef.awaitIdle(60_000);                                           // a fine-tune under way is counted when it is done
                alefSummary = alef.summary();
            }
        } catch (jade.wrapper.StaleProxyException e) {
            throw new TrialFailedException("an agent could not be started: " + e.getMessage());
        } finally {
            if (alef != null) alef.close();
        }
        synchronized (records) {
            return new TrialResult(policy.name(), s.prompt().id(), records, (System.nanoTime() - t0) / 1e9, deviceSummary, alefSummary);
        }
    }

    /** Kills an agent of the main container and waits (at most 2 s) until it is gone. */
    private static void leave(JadePlatform platform, String agent) throws InterruptedException {
        if (!platform.killAgent(agent)) return;
        for (int k = 0; k < 40 && platform.hasAgent(agent); k++) Thread.sleep(50);
    }

    /** The trial could not run to its end. */
    public static final class TrialFailedException extends RuntimeException {
        public TrialFailedException(String message) {
            super(message);
        }
    }
}
