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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.Discipline;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.ProbeAgent;
import org.lambo.agents.testing.Probes;
import org.lambo.mec.CostModel;
import org.lambo.mec.Instance;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.Outcome;
import org.lambo.ontology.TaskReport;
import org.lambo.ontology.TaskResult;
import org.lambo.ontology.TaskSubmission;
import org.lambo.ontology.jade.LamboAcl;
import org.lambo.scenario.ScenarioLoader;

/**
 * A UE whose decision and whose result are lost (the other side got its message and answered, the answer never came)
 * asks again after a silence and takes one answer: probes play the clock, the orchestrator and the edge server (without
 * lanes: the UE falls back to their names), the orchestrator AGREEs to the first request and answers only the second,
 * the server answers only the second submission; the task completes, its report carries the round trips and the
 * re-sends, and the late answer to the first request is dropped and counted.
 */
class UeAsksAgainTest {
    @TempDir
    Path dir;

    @Test
    void aUeThatHearsNothingAsksAndSubmitsAgainTakesOneAnswerAndReportsWhatItNeeded() throws Exception {
        SlotSource world = new SlotSource(ScenarioLoader.load("tiny"), 8);
        Instance slot0 = world.slot(0);
        BlockingQueue<ACLMessage> clockInbox = new LinkedBlockingQueue<>();
        BlockingQueue<ACLMessage> orchestratorInbox = new LinkedBlockingQueue<>();
        BlockingQueue<ACLMessage> serverInbox = new LinkedBlockingQueue<>();
        try (JadePlatform platform = JadePlatform.start(dir, 0, false)) {
            AgentController clock = platform.startAgent(ServiceTypes.CLOCK_NAME, ProbeAgent.class, clockInbox);
            AgentController orchestrator = platform.startAgent(
                    ServiceTypes.ORCHESTRATOR_NAME, ProbeAgent.class, orchestratorInbox, ServiceTypes.ORCHESTRATOR);
            AgentController server = platform.startAgent("server-1", ProbeAgent.class, serverInbox);
            Probes.awaitRegistered(clock, ServiceTypes.ORCHESTRATOR, Duration.ofSeconds(20));
            platform.startAgent("ue-0", UeAgent.class, world, 0, new UeTimeouts(40_000, 20_000));
            clock.putO2AObject(org.lambo.agents.testing.Probes.slotStart(world, 0, "ue-0"), AgentController.ASYNC);

            // the first request: agreed, its decision "lost" (never sent)
            ACLMessage first = Probes.next(orchestratorInbox, ACLMessage.REQUEST, 30);
            ACLMessage agree = first.createReply();
            agree.setPerformative(ACLMessage.AGREE);
            orchestrator.putO2AObject(agree, AgentController.ASYNC);
            // silence: the UE asks again (10 s: it has seen no round trip yet), the same request on a new conversation
            ACLMessage second = Probes.next(orchestratorInbox, ACLMessage.REQUEST, 40);
            OffloadingRequest r = LamboAcl.read(second, OffloadingRequest.class);
            assertThat(r).isEqualTo(LamboAcl.read(first, OffloadingRequest.class));
            assertThat(second.getReplyWith()).isNotEqualTo(first.getReplyWith());
            OffloadingDecision d = new OffloadingDecision(
                    0,
                    "ue-0",
                    r.task().taskId(),
                    1,
                    "server-1",
                    1.0,
                    CostModel.offloadLatency(slot0, 0, 1, 1.0),
                    CostModel.uploadEnergy(slot0, 0, 1),
                    "");
            orchestrator.putO2AObject(LamboAcl.reply(second, ACLMessage.INFORM, d), AgentController.ASYNC);

            // the first submission: its result "lost"; the UE submits again after a silence and takes that result
            ACLMessage submitted = serverInbox.poll(30, TimeUnit.SECONDS);
            assertThat(submitted)
                    .as(
                            "the submission; the clock got: %s",
                            clockInbox.stream().map(ACLMessage::getContent).toList())
                    .isNotNull();
            ACLMessage again = Probes.next(serverInbox, ACLMessage.REQUEST, 30);
            TaskSubmission s = LamboAcl.read(again, TaskSubmission.class);
            assertThat(s).isEqualTo(LamboAcl.read(submitted, TaskSubmission.class));
            TaskResult result = new TaskResult(
                    0,
                    s.task().taskId(),
                    "ue-0",
                    1,
                    1.0,
                    CostModel.uploadTime(slot0, 0, 1),
                    CostModel.serverComputeTime(slot0, 0, 1, 1.0),
                    CostModel.offloadLatency(slot0, 0, 1, 1.0));
            server.putO2AObject(LamboAcl.reply(again, ACLMessage.INFORM, result), AgentController.ASYNC);

            TaskReport t = LamboAcl.read(Probes.next(clockInbox, ACLMessage.INFORM, 30), TaskReport.class);
            assertThat(t.outcome()).as(t.reason()).isEqualTo(Outcome.COMPLETED);
            assertThat(t.decisionMs())
                    .as("from the first request to the decision: the silence included")
                    .isGreaterThanOrEqualTo(9_000);
            assertThat(t.resultMs()).isNotNull().isGreaterThanOrEqualTo(400);
            assertThat(t.resends())
                    .as("asked again and submitted again (and each once by name after the lane was not found)")
                    .isBetween(2, 4);
            assertThat(t.container()).isEqualTo("Main-Container");

            // the decision of the first request comes after all: dropped and counted, the task stays as it ended
            orchestrator.putO2AObject(LamboAcl.reply(first, ACLMessage.INFORM, d), AgentController.ASYNC);
            server.putO2AObject(LamboAcl.reply(submitted, ACLMessage.INFORM, result), AgentController.ASYNC);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Discipline.snapshot()
                                    .getOrDefault("ue-0", java.util.Map.of())
                                    .getOrDefault(Discipline.Kind.STRAY_REPLY, 0L)
                            >= 2);
            assertThat(clockInbox.poll(1, TimeUnit.SECONDS))
                    .as("no second report")
                    .isNull();
        }
    }
}
