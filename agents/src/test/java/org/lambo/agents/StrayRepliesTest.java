package org.lambo.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.core.AID;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.HostileAgent;
import org.lambo.agents.testing.ProbeAgent;
import org.lambo.agents.testing.Probes;
import org.lambo.ontology.jade.LamboAcl;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;

/**
 * Replies to no conversation (a made-up in-reply-to), sixty of them with a megabyte of content each, and a flood of
 * answers to nothing: the orchestrator drops them all and counts them, and answers what comes after as before. They no
 * longer sit in its queue, nor are they parsed on every receive.
 */
class StrayRepliesTest {
    @TempDir
    Path dir;

    @Test
    void madeUpRepliesAreDroppedAndCountedAndTheOrchestratorGoesOn() throws Exception {
        Scenario tiny = ScenarioLoader.load("tiny");
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            Probes.startOrchestrator(platform, tiny, 60_000, 3_000);
            BlockingQueue<ACLMessage> inbox = new LinkedBlockingQueue<>();
            Probes.awaitRegistered(
                    platform.startAgent("watcher", ProbeAgent.class, inbox),
                    ServiceTypes.ORCHESTRATOR,
                    Duration.ofSeconds(20));

            AID orchestrator = new AID(ServiceTypes.ORCHESTRATOR_NAME, AID.ISLOCALNAME);
            String mega = "x".repeat(1 << 20);
            List<ACLMessage> strays = new ArrayList<>();
            for (int k = 0; k < 60; k++) {
                ACLMessage m = new ACLMessage(k % 2 == 0 ? ACLMessage.INFORM : ACLMessage.AGREE);
                m.addReceiver(orchestrator);
                m.setProtocol(FIPANames.InteractionProtocol.FIPA_REQUEST);
                m.setOntology(LamboAcl.ONTOLOGY);
                m.setLanguage(LamboAcl.LANGUAGE);
                m.setConversationId("allocate-99-" + k);
                m.setInReplyTo("made-up-" + k);
                m.setContent(mega);
                strays.add(m);
            }
            for (int k = 0; k < 100; k++) {
                ACLMessage answer = new ACLMessage(k % 2 == 0 ? ACLMessage.FAILURE : ACLMessage.NOT_UNDERSTOOD);
                answer.addReceiver(orchestrator);
                answer.setContent("because " + k);
                strays.add(answer);
            }
            platform.startAgent("intruder", HostileAgent.class, strays, inbox);

            Discipline d = Discipline.of(ServiceTypes.ORCHESTRATOR_NAME);
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            d.count(Discipline.Kind.STRAY_REPLY) >= 60 && d.count(Discipline.Kind.STRAY_ANSWER) >= 100);
            assertThat(d.count(Discipline.Kind.STRAY_REPLY)).isEqualTo(60);
            assertThat(d.count(Discipline.Kind.STRAY_ANSWER)).isEqualTo(100);
            assertThat(d.count(Discipline.Kind.OVERSIZE))
                    .as("each megabyte dropped as it arrived")
                    .isEqualTo(60);
            assertThat(d.lastReason(Discipline.Kind.STRAY_REPLY))
                    .contains("from intruder in reply to 'made-up-")
                    .contains("which no conversation of orchestrator awaits");
            assertThat(inbox)
                    .as("nothing answers a stray reply or an answer to nothing")
                    .isEmpty();

            // and it still answers: a slot-start from someone other than the clock is refused with the reason
            ACLMessage start = LamboAcl.build(
                    ACLMessage.INFORM,
                    ServiceTypes.SLOT_PROTOCOL,
                    new org.lambo.ontology.SlotStart(0, 6, 2),
                    orchestrator);
            platform.startAgent("intruder-2", HostileAgent.class, List.of(start), inbox);
            await().atMost(Duration.ofSeconds(20)).until(() -> !inbox.isEmpty());
            assertThat(LamboAcl.reason(inbox.take()))
                    .isEqualTo("only the trial's clock (trial-clock) starts slots, not intruder-2");
        }
    }
}
