package org.lambo.agents.ue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.Directory;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.CapturedLog;
import org.lambo.agents.testing.ProbeAgent;
import org.lambo.agents.testing.Probes;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.Outcome;
import org.lambo.ontology.TaskReport;
import org.lambo.ontology.jade.LamboAcl;
import org.lambo.scenario.ScenarioLoader;
import org.slf4j.event.Level;

/**
 * A report the platform could not deliver (the clock gone when the task ends: a dropout, a restart) is sent again with
 * the requests' backoff, and reaches the clock once it is back; one that cannot be delivered by the clock's slot
 * deadline is given up, saying why in one line. Before, a report was sent again once, to the clock's name, and lost if
 * that failed too.
 */
class UeReportResendTest {
    /** A probe registered as the orchestrator: the UE finds it in the DF and asks it. */
    public static class RegisteredOrchestrator extends ProbeAgent {
        @Override
        protected void setup() {
            super.setup();
            Directory.register(this, ServiceTypes.ORCHESTRATOR, getLocalName());
        }
    }

    @TempDir
    Path dir;

    private CapturedLog ueLog;

    @BeforeEach
    void listen() {
        ueLog = CapturedLog.of(UeAgent.class);
    }

    @AfterEach
    void stopListening() {
        ueLog.close();
    }

    /**
     * Starts the clock and the orchestrator, starts ue-0's slot 0, and takes its request; then the clock goes and the
     * orchestrator decides: the task runs locally and its report finds no clock.
     */
    private OffloadingRequest decidedWithTheClockGone(JadePlatform platform, SlotSource world, UeTimeouts timeouts)
            throws Exception {
        BlockingQueue<ACLMessage> clockInbox = new LinkedBlockingQueue<>();
        BlockingQueue<ACLMessage> orchestratorInbox = new LinkedBlockingQueue<>();
        AgentController clock = platform.startAgent(ServiceTypes.CLOCK_NAME, ProbeAgent.class, clockInbox);
        AgentController orchestrator =
                platform.startAgent(ServiceTypes.ORCHESTRATOR_NAME, RegisteredOrchestrator.class, orchestratorInbox);
        org.lambo.agents.testing.Probes.awaitRegistered(clock, ServiceTypes.ORCHESTRATOR, Duration.ofSeconds(20));
        platform.startAgent("ue-0", UeAgent.class, world, 0, timeouts);
        clock.putO2AObject(org.lambo.agents.testing.Probes.slotStart(world, 0, "ue-0"), AgentController.ASYNC);
        ACLMessage request = orchestratorInbox.poll(30, TimeUnit.SECONDS);
        assertThat(request).as("the task's request").isNotNull();
        OffloadingRequest r = LamboAcl.read(request, OffloadingRequest.class);
        clock.kill();
        orchestrator.putO2AObject(
                LamboAcl.reply(request, ACLMessage.INFORM, Probes.local(world.slot(0), r)), AgentController.ASYNC);
        return r;
    }

    @Test
    void aReportThePlatformCouldNotDeliverIsSentAgainAndReachesTheClockOnceItIsBack() throws Exception {
        SlotSource world = new SlotSource(ScenarioLoader.load("tiny"), 8);
        try (JadePlatform platform = JadePlatform.start(dir, 0, false)) {
            OffloadingRequest r = decidedWithTheClockGone(platform, world, new UeTimeouts(60_000, 30_000));
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            ueLog.saw(Level.INFO, "the report of " + r.task().taskId() + " could not be delivered"));

            // the clock is back under its name: a later send of the report reaches it
            BlockingQueue<ACLMessage> clockInbox = new LinkedBlockingQueue<>();
            platform.startAgent(ServiceTypes.CLOCK_NAME, ProbeAgent.class, clockInbox);
            ACLMessage report = clockInbox.poll(30, TimeUnit.SECONDS);
            assertThat(report).as("the report, sent again").isNotNull();
            TaskReport t = LamboAcl.read(report, TaskReport.class);
            assertThat(t.taskId()).isEqualTo(r.task().taskId());
            assertThat(t.outcome()).as(t.reason()).isEqualTo(Outcome.COMPLETED);
            assertThat(ueLog.lines()).noneMatch(l -> l.level() == Level.WARN);
        }
    }

    @Test
    void aReportThatCannotBeDeliveredByTheClocksSlotDeadlineIsGivenUpSayingWhy() throws Exception {
        SlotSource world = new SlotSource(ScenarioLoader.load("tiny"), 8);
        UeTimeouts timeouts = new UeTimeouts(2_000, 1_000);
        try (JadePlatform platform = JadePlatform.start(dir, 0, false)) {
            OffloadingRequest r = decidedWithTheClockGone(platform, world, timeouts);
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            ueLog.saw(Level.WARN, "the report of " + r.task().taskId() + " could not be delivered"));
            CapturedLog.Line gaveUp = ueLog.lines().stream()
                    .filter(l -> l.level() == Level.WARN)
                    .findFirst()
                    .orElseThrow();
            assertThat(gaveUp.message())
                    .contains("could not be delivered to trial-clock (")
                    .contains(
                            " tries; the clock's slot deadline, " + timeouts.reportMs() + " ms after the slot started")
                    .contains("the AMS says: ");
            long sentAgain = ueLog.count("sending it again in");
            assertThat(sentAgain)
                    .as("sent again with backoff before it gave up")
                    .isGreaterThanOrEqualTo(2);
        }
    }
}
