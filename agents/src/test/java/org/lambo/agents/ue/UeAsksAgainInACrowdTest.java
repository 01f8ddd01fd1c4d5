package org.lambo.agents.ue;

import static org.assertj.core.api.Assertions.assertThat;

import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import org.lambo.ontology.jade.LamboAcl;
import org.lambo.scenario.ScenarioLoader;

/**
 * A UE of a slot of 10,000 UEs does not ask again after the 10 s a small trial's UE waits: the orchestrator takes that
 * long and more to decide 10,000 on its one thread, and each repeat would be answered again there ({@link Reask}). Its
 * decision lost all the same, it asks again within its deadline: probes play the clock and the orchestrator (known by
 * name), the decision budget is 40 s, so the UE waits 20 s (10,000 x 4 ms, at most half the budget) to 30 s (its
 * jitter).
 */
class UeAsksAgainInACrowdTest {
    @TempDir
    Path dir;

    @Test
    void aUeOfTenThousandWaitsForTheCrowdToBeDecidedThenStillAsksAgainWithinItsDeadline() throws Exception {
        SlotSource world = new SlotSource(ScenarioLoader.load("tiny").withUes(10_000), 8);
        Instance slot0 = world.slot(0);
        BlockingQueue<ACLMessage> clockInbox = new LinkedBlockingQueue<>();
        BlockingQueue<ACLMessage> orchestratorInbox = new LinkedBlockingQueue<>();
        try (JadePlatform platform = JadePlatform.start(dir, 0, false)) {
            AgentController clock = platform.startAgent(ServiceTypes.CLOCK_NAME, ProbeAgent.class, clockInbox);
            AgentController orchestrator =
                    platform.startAgent(ServiceTypes.ORCHESTRATOR_NAME, ProbeAgent.class, orchestratorInbox);
            platform.startAgent("ue-0", UeAgent.class, world, 0, new UeTimeouts(40_000, 20_000));
            clock.putO2AObject(Probes.slotStart(world, 0, "ue-0"), AgentController.ASYNC);

            ACLMessage first = Probes.next(orchestratorInbox, ACLMessage.REQUEST, 60);
            long firstAt = System.nanoTime();
            // its decision "lost": a UE of a small trial would ask again after 10 s
            assertThat(orchestratorInbox.poll(16, TimeUnit.SECONDS))
                    .as("no request again within 16 s of the first")
                    .isNull();
            ACLMessage second = Probes.next(orchestratorInbox, ACLMessage.REQUEST, 30);
            long silenceMs = (System.nanoTime() - firstAt) / 1_000_000;
            assertThat(silenceMs).as("asked again before its 40 s deadline").isLessThan(40_000);
            // (the first went by name after the lane the probe lacks was not found)
            assertThat(second.getConversationId())
                    .startsWith("offload-t0-ue0-again-")
                    .isNotEqualTo(first.getConversationId());
            OffloadingRequest r = LamboAcl.read(second, OffloadingRequest.class);
            assertThat(r).isEqualTo(LamboAcl.read(first, OffloadingRequest.class));
            OffloadingDecision local = new OffloadingDecision(
                    0,
                    "ue-0",
                    r.task().taskId(),
                    0,
                    "",
                    0.0,
                    CostModel.localLatency(slot0, 0),
                    CostModel.localEnergy(slot0, 0),
                    "");
            orchestrator.putO2AObject(LamboAcl.reply(second, ACLMessage.INFORM, local), AgentController.ASYNC);

            TaskReport t = LamboAcl.read(Probes.next(clockInbox, ACLMessage.INFORM, 60), TaskReport.class);
            assertThat(t.outcome()).as(t.reason()).isEqualTo(Outcome.COMPLETED);
            assertThat(t.decisionMs()).as("the silence included").isGreaterThanOrEqualTo(19_000);
        }
    }
}
