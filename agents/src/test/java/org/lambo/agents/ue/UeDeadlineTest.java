package org.lambo.agents.ue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.core.AID;
import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.Relay;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.ProbeAgent;
import org.lambo.agents.testing.Probes;
import org.lambo.mec.CostModel;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.Outcome;
import org.lambo.ontology.SlotStart;
import org.lambo.ontology.TaskReport;
import org.lambo.ontology.jade.LamboAcl;
import org.lambo.scenario.ScenarioLoader;

/**
 * A UE never waits forever: a probe registered as the orchestrator (and named as the clock, which it also plays) agrees
 * and then says nothing, or sends the UE to a server that does not exist; the task ends failed, saying why. (The
 * missing server's name is one that no test ever starts: JADE caches where an agent lives, so a name that lived on an
 * earlier platform of the same JVM would make the send wait for a dead container.) A reply is the task's only when it
 * answers one of the task's messages: the conversation id and the in-reply-to, not a guessed conversation id alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class UeDeadlineTest {
    private final SlotSource world = new SlotSource(ScenarioLoader.load("tiny"), 8);
    private final BlockingQueue<ACLMessage> inbox = new LinkedBlockingQueue<>();
    private final List<ACLMessage> seen = new ArrayList<>();
    private JadePlatform platform;
    private AgentController probe;

    @BeforeAll
    void boot(@TempDir Path dir) throws Exception {
        platform = JadePlatform.start(dir, 0, false);
        probe = platform.startAgent(ServiceTypes.CLOCK_NAME, ProbeAgent.class, inbox, ServiceTypes.ORCHESTRATOR);
        // a decision deadline the probe's answer meets on a loaded machine, a short one for the server that never
        // answers
        platform.startAgent("ue-0", UeAgent.class, world, 0, new UeTimeouts(3_000, 400));
    }

    @AfterAll
    void kill() {
        if (platform != null) platform.close();
    }

    private ACLMessage next(int performative) {
        return next(performative, m -> true);
    }

    private ACLMessage next(int performative, java.util.function.Predicate<ACLMessage> which) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            inbox.drainTo(seen);
            return seen.stream().anyMatch(m -> m.getPerformative() == performative && which.test(m));
        });
        ACLMessage m = seen.stream()
                .filter(x -> x.getPerformative() == performative && which.test(x))
                .findFirst()
                .orElseThrow();
        seen.remove(m);
        return m;
    }

    /** Slot {@code slot} as the clock starts it: the scenario's active UEs and servers. */
    private SlotStart slotStart(int slot) {
        return new SlotStart(
                slot,
                SlotSource.activeUes(world.scenario(), slot),
                world.scenario().servers().size());
    }

    private ACLMessage startSlot(int slot) throws Exception {
        probe.putO2AObject(
                LamboAcl.build(
                        ACLMessage.INFORM,
                        ServiceTypes.SLOT_PROTOCOL,
                        slotStart(slot),
                        new AID("ue-0", AID.ISLOCALNAME)),
                AgentController.ASYNC);
        // this slot's request: an earlier slot's request asked again after a silence may still be in the inbox
        return next(
                ACLMessage.REQUEST,
                m -> LamboAcl.read(m, OffloadingRequest.class).slot() == slot);
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aDecisionThatNeverComesEndsTheTaskFailedWithTheReason() throws Exception {
        ACLMessage request = startSlot(1);
        ACLMessage agree = request.createReply();
        agree.setPerformative(ACLMessage.AGREE);
        probe.putO2AObject(agree, AgentController.ASYNC);
        TaskReport r = LamboAcl.read(next(ACLMessage.INFORM), TaskReport.class);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.taskId()).isEqualTo("t1-ue0");
        assertThat(r.reason()).contains("no decision from the orchestrator within 3000 ms");
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void aServerThatDoesNotExistEndsTheTaskFailedWithTheReason() throws Exception {
        ACLMessage request = startSlot(0);
        OffloadingRequest r = LamboAcl.read(request, OffloadingRequest.class);
        double latency = CostModel.offloadLatency(world.slot(0), 0, 1, 1.0);
        probe.putO2AObject(
                LamboAcl.reply(
                        request,
                        ACLMessage.INFORM,
                        new OffloadingDecision(
                                0,
                                "ue-0",
                                r.task().taskId(),
                                1,
                                "server-never-started",
                                1.0,
                                latency,
                                CostModel.uploadEnergy(world.slot(0), 0, 1),
                                "")),
                AgentController.ASYNC);
        TaskReport report = LamboAcl.read(next(ACLMessage.INFORM), TaskReport.class);
        assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.option()).as(report.reason()).isEqualTo(1);
        assertThat(report.predictedLatencyS()).isEqualTo(latency);
        assertThat(report.reason()).containsAnyOf("failed", "no result from the edge server");
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void aMalformedSlotStartIsNotUnderstoodAndTheUeKeepsWorking() throws Exception {
        ACLMessage bad = LamboAcl.build(
                ACLMessage.INFORM, ServiceTypes.SLOT_PROTOCOL, slotStart(2), new AID("ue-0", AID.ISLOCALNAME));
        bad.setContent(bad.getContent().replaceFirst("\"ues\":[0-9]+", "\"ues\":0"));
        bad.setConversationId("bad-slot-start");
        probe.putO2AObject(bad, AgentController.ASYNC);
        ACLMessage nu = next(ACLMessage.NOT_UNDERSTOOD);
        assertThat(nu.getConversationId()).isEqualTo("bad-slot-start");
        assertThat(LamboAcl.reason(nu)).contains("ues must be >= 1, got 0");
        assertThat(LamboAcl.read(startSlot(2), OffloadingRequest.class).slot()).isEqualTo(2);
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void aDecisionFromAnotherAgentThanTheOrchestratorEndsTheTaskSayingWhoAnswered() throws Exception {
        // a UE that waits long enough for the impostor
        platform.startAgent("ue-1", UeAgent.class, world, 1, new UeTimeouts(30_000, 30_000));
        AgentController impostor = platform.startAgent(
                "impostor", ProbeAgent.class, new LinkedBlockingQueue<ACLMessage>(), "lambo-impostor");
        org.lambo.agents.testing.Probes.awaitRegistered(probe, "lambo-impostor", Duration.ofSeconds(10));
        probe.putO2AObject(
                LamboAcl.build(
                        ACLMessage.INFORM, ServiceTypes.SLOT_PROTOCOL, slotStart(0), new AID("ue-1", AID.ISLOCALNAME)),
                AgentController.ASYNC);
        ACLMessage request =
                next(ACLMessage.REQUEST, m -> m.getSender().getLocalName().equals("ue-1"));
        OffloadingRequest r = LamboAcl.read(request, OffloadingRequest.class);
        assertThat(r.ue().ue()).isEqualTo("ue-1");
        // the impostor answers in the UE's very conversation (same conversation id and in-reply-to)
        ACLMessage forged = LamboAcl.reply(
                request,
                ACLMessage.INFORM,
                new OffloadingDecision(0, "ue-1", r.task().taskId(), 0, "", 0, 1e-9, 1e-9, "forged"));
        impostor.putO2AObject(forged, AgentController.ASYNC);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            inbox.drainTo(seen);
            return seen.stream()
                    .anyMatch(m -> m.getPerformative() == ACLMessage.INFORM
                            && m.getSender().getLocalName().equals("ue-1"));
        });
        TaskReport report = LamboAcl.read(
                seen.stream()
                        .filter(m -> m.getPerformative() == ACLMessage.INFORM
                                && m.getSender().getLocalName().equals("ue-1"))
                        .findFirst()
                        .orElseThrow(),
                TaskReport.class);
        assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.ue()).isEqualTo("ue-1");
        assertThat(report.reason()).isEqualTo("a decision came from impostor, not from the orchestrator trial-clock");
        assertThat(report.predictedLatencyS())
                .as("nothing of the forged decision was taken")
                .isNull();
    }

    @Test
    @org.junit.jupiter.api.Order(5)
    void aReplyInTheTasksConversationWithAMadeUpInReplyToIsCountedStrayAndTheTaskGoesOn() throws Exception {
        platform.startAgent("ue-2", UeAgent.class, world, 2, new UeTimeouts(30_000, 30_000));
        AgentController stranger =
                platform.startAgent("stranger", ProbeAgent.class, new LinkedBlockingQueue<ACLMessage>());
        probe.putO2AObject(
                LamboAcl.build(
                        ACLMessage.INFORM, ServiceTypes.SLOT_PROTOCOL, slotStart(0), new AID("ue-2", AID.ISLOCALNAME)),
                AgentController.ASYNC);
        ACLMessage request =
                next(ACLMessage.REQUEST, m -> m.getSender().getLocalName().equals("ue-2"));
        OffloadingRequest r = LamboAcl.read(request, OffloadingRequest.class);
        assertThat(r.ue().ue()).isEqualTo("ue-2");
        // a stranger answers in the task's conversation id but not to its message (a guessed in-reply-to)
        ACLMessage guessed = LamboAcl.reply(
                request,
                ACLMessage.INFORM,
                new OffloadingDecision(0, "ue-2", r.task().taskId(), 0, "", 0, 1e-9, 1e-9, "guessed"));
        guessed.setInReplyTo(request.getConversationId() + "-guessed");
        stranger.putO2AObject(guessed, AgentController.ASYNC);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> org.lambo.agents.Discipline.snapshot()
                                .getOrDefault("ue-2", java.util.Map.of())
                                .getOrDefault(org.lambo.agents.Discipline.Kind.STRAY_REPLY, 0L)
                        >= 1);
        // the orchestrator's own answer is still the task's: it runs locally and completes
        org.lambo.mec.Instance slot0 = world.slot(0);
        probe.putO2AObject(LamboAcl.reply(request, ACLMessage.INFORM, Probes.local(slot0, r)), AgentController.ASYNC);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            inbox.drainTo(seen);
            return seen.stream()
                    .anyMatch(m -> m.getPerformative() == ACLMessage.INFORM
                            && m.getSender().getLocalName().equals("ue-2"));
        });
        TaskReport report = LamboAcl.read(
                seen.stream()
                        .filter(m -> m.getPerformative() == ACLMessage.INFORM
                                && m.getSender().getLocalName().equals("ue-2"))
                        .findFirst()
                        .orElseThrow(),
                TaskReport.class);
        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.COMPLETED);
        assertThat(report.option()).isZero();
    }

    @Test
    @org.junit.jupiter.api.Order(6)
    void aUeTakesWhatThePostOfItsOwnContainerHandsOnAndNotWhatAnotherContainersPostDoes() throws Exception {
        platform.startAgent("ue-3", UeAgent.class, world, 3, new UeTimeouts(30_000, 30_000));
        platform.startAgent("ue-4", UeAgent.class, world, 4, new UeTimeouts(30_000, 30_000));
        String here = platform.container().getContainerName();
        AgentController ownPost =
                platform.startAgent(Relay.postName(here), ProbeAgent.class, new LinkedBlockingQueue<ACLMessage>());
        AgentController otherPost = platform.startAgent(
                Relay.postName("Elsewhere"), ProbeAgent.class, new LinkedBlockingQueue<ACLMessage>());
        // the clock's slot-start, directly to ue-3 and handed on by this container's post to ue-4
        probe.putO2AObject(
                LamboAcl.build(
                        ACLMessage.INFORM, ServiceTypes.SLOT_PROTOCOL, slotStart(0), new AID("ue-3", AID.ISLOCALNAME)),
                AgentController.ASYNC);
        ACLMessage relayedStart = LamboAcl.build(
                ACLMessage.INFORM, ServiceTypes.SLOT_PROTOCOL, slotStart(0), new AID("ue-4", AID.ISLOCALNAME));
        relayedStart.addUserDefinedParameter(Relay.FROM, ServiceTypes.CLOCK_NAME);
        ownPost.putO2AObject(relayedStart, AgentController.ASYNC);
        ACLMessage request3 =
                next(ACLMessage.REQUEST, m -> m.getSender().getLocalName().equals("ue-3"));
        ACLMessage request4 =
                next(ACLMessage.REQUEST, m -> m.getSender().getLocalName().equals("ue-4"));
        OffloadingRequest r3 = LamboAcl.read(request3, OffloadingRequest.class);
        OffloadingRequest r4 = LamboAcl.read(request4, OffloadingRequest.class);
        org.lambo.mec.Instance slot0 = world.slot(0);

        // another container's post naming the orchestrator: not the orchestrator's
        ACLMessage forged = LamboAcl.reply(request3, ACLMessage.INFORM, Probes.local(slot0, r3));
        forged.addUserDefinedParameter(Relay.FROM, ServiceTypes.CLOCK_NAME);
        otherPost.putO2AObject(forged, AgentController.ASYNC);
        // this container's post handing on the orchestrator's decision: taken
        ACLMessage relayed = LamboAcl.reply(request4, ACLMessage.INFORM, Probes.local(slot0, r4));
        relayed.addUserDefinedParameter(Relay.FROM, ServiceTypes.CLOCK_NAME);
        ownPost.putO2AObject(relayed, AgentController.ASYNC);

        TaskReport report3 = LamboAcl.read(
                next(ACLMessage.INFORM, m -> m.getSender().getLocalName().equals("ue-3")), TaskReport.class);
        assertThat(report3.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report3.reason())
                .isEqualTo("a decision came from post.Elsewhere, not from the orchestrator trial-clock");
        // ue-4's report goes to the clock its post spoke for
        TaskReport report4 = LamboAcl.read(
                next(ACLMessage.INFORM, m -> m.getSender().getLocalName().equals("ue-4")), TaskReport.class);
        assertThat(report4.outcome()).as(report4.reason()).isEqualTo(Outcome.COMPLETED);
        assertThat(report4.option()).isZero();
    }
}
