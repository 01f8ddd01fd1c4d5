package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.core.behaviours.TickerBehaviour;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.Discipline;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.CapturedLog;
import org.lambo.agents.testing.Probes;
import org.lambo.agents.ue.KnownByName;
import org.lambo.agents.ue.UeTimeouts;
import org.lambo.ontology.TaskReport;
import org.lambo.scenario.ScenarioLoader;

/**
 * The clock of a trial whose UEs are known by name starts its first slot once the AMS says every {@code ue-i} lives;
 * the births it never read (its queue dropped them: at 10,000 UEs, 3,859 to 4,277 so) are asked of the AMS by name, so
 * the trial starts and every task completes instead of failing at the start-up deadline with those UEs missing.
 */
class MissedBirthsTest {
    @TempDir
    Path dir;

    /** Opened by the test: the clock's thread waits on it. */
    record Gate(CountDownLatch stalled, CountDownLatch release) {}

    /**
     * The trial's clock, whose thread stalls once its AMS watch is live (as a loaded clock's falls behind), its queue
     * cut to {@value #QUEUE} places meanwhile: the AMS's births that come then are dropped by its own queue. Arguments:
     * a {@link ClockPlan}, a {@link TrialListener} and a {@link Gate}.
     */
    public static class StalledClock extends TrialClockAgent {
        static final int QUEUE = 40;

        @Override
        protected void setup() {
            Object[] a = getArguments();
            Gate gate = (Gate) a[2];
            setArguments(new Object[] {a[0], a[1]});
            super.setup();
            addBehaviour(new TickerBehaviour(this, 20) {
                @Override
                protected void onTick() {
                    if (!watching()) return;
                    stop();
                    int room = getQueueSize();
                    setQueueSize(QUEUE);
                    gate.stalled().countDown();
                    try {
                        gate.release().await(5, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    setQueueSize(room);
                }
            });
        }
    }

    /** The orchestrator (collecting for 5 s, waiting 5 s for the servers) and the world's servers. */
    private static void startOrchestratorAndServers(JadePlatform platform, SlotSource world) throws Exception {
        Probes.startOrchestrator(platform, world.scenario(), 5_000, 5_000);
        Population.startServers(platform, world);
    }

    @Test
    void birthsTheClocksQueueDroppedAreAskedOfTheAmsAndTheTrialStartsAndCompletesEveryTask() throws Exception {
        int n = KnownByName.MOST_IN_DIRECTORY + 30;
        SlotSource world = new SlotSource(ScenarioLoader.load("tiny").withUes(n), 1);
        assertThat(KnownByName.ues(world.scenario()))
                .as("UEs known by name, through the AMS")
                .isTrue();
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            startOrchestratorAndServers(platform, world);
            Gate gate = new Gate(new CountDownLatch(1), new CountDownLatch(1));
            ClockHeard heard = new ClockHeard();
            try {
                platform.startAgent(
                        ServiceTypes.CLOCK_NAME,
                        StalledClock.class,
                        new ClockPlan(1, world, 30_000, 150_000),
                        heard,
                        gate);
                assertThat(gate.stalled().await(2, TimeUnit.MINUTES))
                        .as("the clock's watch went live")
                        .isTrue();
                Population.startUes(platform, world, 0, n - 1, new UeTimeouts(20_000, 5_000));
                Discipline clock = Discipline.of(ServiceTypes.CLOCK_NAME);
                // every birth the AMS sends while the clock reads nothing beyond its queue's places is dropped
                await().atMost(Duration.ofMinutes(2))
                        .until(() -> clock.count(Discipline.Kind.QUEUE_FULL) >= n - StalledClock.QUEUE);
                assertThat(clock.lastReason(Discipline.Kind.QUEUE_FULL)).contains("from ams");
            } finally {
                gate.release().countDown();
            }
            assertThat(heard.end.get(3, TimeUnit.MINUTES))
                    .as("the trial started without the births it dropped")
                    .isEqualTo("finished");
            assertThat(heard.slots).hasSize(1);
            assertThat(heard.slots.get(0).reports()).hasSize(n);
            for (TaskReport t : heard.slots.get(0).reports())
                assertThat(t.completed()).as("%s: %s", t.taskId(), t.reason()).isTrue();
        }
    }

    @Test
    void uesThatNeverComeAreAskedOfTheAmsWhichSaysTheyAreNowhereAndTheStartUpFailureSaysSo() throws Exception {
        int n = KnownByName.MOST_IN_DIRECTORY + 30;
        int started = n - 5;
        SlotSource world = new SlotSource(ScenarioLoader.load("tiny").withUes(n), 1);
        try (CapturedLog clockLog = CapturedLog.of(TrialClockAgent.class);
                JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            startOrchestratorAndServers(platform, world);
            Population.startUes(platform, world, 0, started - 1, new UeTimeouts(20_000, 5_000));
            ClockHeard heard = new ClockHeard();
            platform.startAgent(
                    ServiceTypes.CLOCK_NAME, TrialClockAgent.class, new ClockPlan(1, world, 30_000, 60_000), heard);
            String end = heard.end.get(3, TimeUnit.MINUTES);
            assertThat(end)
                    .startsWith("failed: after 60000 ms: ")
                    .contains(started + " of " + n + " UEs living")
                    .contains(ServiceTypes.ueName(started) + " the first missing")
                    // births the clock had not read when it looked (a loaded machine) are found by asking; the
                    // five that never came are not
                    .containsPattern("the AMS was asked \\d+ times where a UE not seen born is, \\d+ found");
            java.util.regex.Matcher asked = java.util.regex.Pattern.compile("asked (\\d+) times .*, (\\d+) found")
                    .matcher(end);
            assertThat(asked.find()).isTrue();
            assertThat(Integer.parseInt(asked.group(1)))
                    .as("asked at least of each UE that never came")
                    .isGreaterThanOrEqualTo(n - started);
            assertThat(Integer.parseInt(asked.group(2))).isLessThanOrEqualTo(started);
            // the AMS's answers that a UE is nowhere are read: each batch ends when answered, not at its time-out
            assertThat(clockLog.messages()).anyMatch(m -> m.contains("the AMS answered the batch"));
            assertThat(heard.slots).isEmpty();
        }
    }
}
