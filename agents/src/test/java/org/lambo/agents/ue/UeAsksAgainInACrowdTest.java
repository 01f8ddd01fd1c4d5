package org.lambo.agents.ue;

import static org.assertj.core.api.Assertions.assertThat;

import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.SlotSource;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.Probes;
import org.lambo.mec.Instance;
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
        try (JadePlatform platform = JadePlatform.start(dir, 0, false)) {
            ProbedUe ue = ProbedUe.inSlot0(platform, world, new UeTimeouts(40_000, 20_000));

            ACLMessage first = Probes.next(ue.orchestratorInbox(), ACLMessage.REQUEST, 60);
            long firstAt = System.nanoTime();
            // its decision "lost": a UE of a small trial would ask again after 10 s
            assertThat(ue.orchestratorInbox().poll(16, TimeUnit.SECONDS))
                    .as("no request again within 16 s of the first")
                    .isNull();
            ACLMessage second = Probes.next(ue.orchestratorInbox(), ACLMessage.REQUEST, 30);
            long silenceMs = (System.nanoTime() - firstAt) / 1_000_000;
            assertThat(silenceMs).as("asked again before its 40 s deadline").isLessThan(40_000);
            // (the first went by name after the lane the probe lacks was not found)
            assertThat(second.getConversationId())
                    .startsWith("offload-t0-ue0-again-")
                    .isNotEqualTo(first.getConversationId());
            OffloadingRequest r = LamboAcl.read(second, OffloadingRequest.class);
            assertThat(r).isEqualTo(LamboAcl.read(first, OffloadingRequest.class));
            ue.orchestrator()
                    .putO2AObject(
                            LamboAcl.reply(second, ACLMessage.INFORM, Probes.local(slot0, r)), AgentController.ASYNC);

            TaskReport t = LamboAcl.read(Probes.next(ue.clockInbox(), ACLMessage.INFORM, 60), TaskReport.class);
            assertThat(t.outcome()).as(t.reason()).isEqualTo(Outcome.COMPLETED);
            assertThat(t.decisionMs()).as("the silence included").isGreaterThanOrEqualTo(19_000);
        }
    }
}
