package org.lambo.agents.ue;

import static org.assertj.core.api.Assertions.assertThat;

import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.nio.file.Path;
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
 * A UE of a trial of thousands (here {@value KnownByName#MOST_IN_DIRECTORY} + 1 UEs) asks the agent named
 * {@code orchestrator} although no orchestrator is registered with the DF (a UE of a small trial would fail its task,
 * "no orchestrator is registered with the DF"), and takes its decision only from that agent: probes play the clock and
 * the orchestrator, neither registered.
 */
class UeKnownByNameTest {
    @TempDir
    Path dir;

    @Test
    void aUeOfAThousandsTrialAsksTheOrchestratorByNameWithoutTheDirectory() throws Exception {
        SlotSource world = new SlotSource(ScenarioLoader.load("tiny").withUes(KnownByName.MOST_IN_DIRECTORY + 1), 8);
        Instance slot0 = world.slot(0);
        try (JadePlatform platform = JadePlatform.start(dir, 0, false)) {
            ProbedUe ue = ProbedUe.inSlot0(platform, world, new UeTimeouts(40_000, 20_000));

            ACLMessage asked = Probes.next(ue.orchestratorInbox(), ACLMessage.REQUEST, 60);
            OffloadingRequest r = LamboAcl.read(asked, OffloadingRequest.class);
            assertThat(r.task().taskId()).isEqualTo("t0-ue0");
            ue.orchestrator()
                    .putO2AObject(
                            LamboAcl.reply(asked, ACLMessage.INFORM, Probes.local(slot0, r)), AgentController.ASYNC);

            TaskReport t = LamboAcl.read(Probes.next(ue.clockInbox(), ACLMessage.INFORM, 60), TaskReport.class);
            assertThat(t.outcome()).as(t.reason()).isEqualTo(Outcome.COMPLETED);
            assertThat(t.option()).isZero();
        }
    }
}
