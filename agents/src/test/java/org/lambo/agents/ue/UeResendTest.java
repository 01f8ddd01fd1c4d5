package org.lambo.agents.ue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.core.Agent;
import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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

/**
 * A request the platform could not deliver is sent again: the orchestrator the UE found in the DF is gone when the UE
 * asks (the AMS answers FAILURE), and comes back under its name; the UE's resend reaches it and the task completes.
 */
class UeResendTest {
    /** Registers as the orchestrator and leaves its registration behind when it dies (as a crashed agent does). */
    public static class StaleOrchestrator extends Agent {
        @Override
        protected void setup() {
            Directory.register(this, ServiceTypes.ORCHESTRATOR, getLocalName());
        }
    }

    @TempDir
    Path dir;

    @Test
    void aRequestThePlatformCouldNotDeliverIsSentAgainAndTheTaskCompletes() throws Exception {
        SlotSource world = new SlotSource(ScenarioLoader.load("tiny"), 8);
        BlockingQueue<ACLMessage> clockInbox = new LinkedBlockingQueue<>();
        BlockingQueue<ACLMessage> orchestratorInbox = new LinkedBlockingQueue<>();
        try (CapturedLog ueLog = CapturedLog.of(UeAgent.class);
                JadePlatform platform = JadePlatform.start(dir, 0, false)) {
            AgentController clock = platform.startAgent(ServiceTypes.CLOCK_NAME, ProbeAgent.class, clockInbox);
            AgentController stale = platform.startAgent(ServiceTypes.ORCHESTRATOR_NAME, StaleOrchestrator.class);
            Probes.awaitRegistered(clock, ServiceTypes.ORCHESTRATOR, Duration.ofSeconds(20));
            stale.kill();
            platform.startAgent("ue-0", UeAgent.class, world, 0, new UeTimeouts(60_000, 30_000));

            clock.putO2AObject(org.lambo.agents.testing.Probes.slotStart(world, 0, "ue-0"), AgentController.ASYNC);
            await().atMost(Duration.ofSeconds(30)).until(() -> ueLog.count("could not be delivered") > 0);
            assertThat(clockInbox)
                    .as("the task did not fail on the undelivered request")
                    .isEmpty();

            // the orchestrator is back under its name: the next resend reaches it
            AgentController orchestrator =
                    platform.startAgent(ServiceTypes.ORCHESTRATOR_NAME, ProbeAgent.class, orchestratorInbox);
            ACLMessage request = orchestratorInbox.poll(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(request).as("the resent request").isNotNull();
            assertThat(request.getPerformative()).isEqualTo(ACLMessage.REQUEST);
            OffloadingRequest r = LamboAcl.read(request, OffloadingRequest.class);
            orchestrator.putO2AObject(
                    LamboAcl.reply(request, ACLMessage.INFORM, Probes.local(world.slot(0), r)), AgentController.ASYNC);

            ACLMessage report = clockInbox.poll(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(report).as("the task's report").isNotNull();
            TaskReport t = LamboAcl.read(report, TaskReport.class);
            assertThat(t.outcome()).as(t.reason()).isEqualTo(Outcome.COMPLETED);
            assertThat(t.taskId()).isEqualTo(r.task().taskId());
        }
    }
}
