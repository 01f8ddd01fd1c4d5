package org.lambo.agents.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.core.AID;
import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.Discipline;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.ProbeAgent;
import org.lambo.mec.Instance;
import org.lambo.ontology.SlotStart;
import org.lambo.ontology.jade.LamboAcl;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;

/** Whatever handling a message throws is answered FAILURE with the reason, and the agent goes on. */
class HandlerFailureTest {
    /** Fails once, as a bug or a device would, with an exception that has no message. */
    public static class FailingOnceServer extends EdgeServerAgent {
        static final AtomicInteger CALLS = new AtomicInteger();

        @Override
        protected double cpuHz(Instance inst) {
            if (CALLS.getAndIncrement() == 0) throw new IllegalStateException();
            return super.cpuHz(inst);
        }
    }

    @TempDir
    Path dir;

    @Test
    void aHandlerThatThrowsIsAnsweredFailureWithTheReasonAndTheAgentGoesOn() throws Exception {
        Scenario tiny = ScenarioLoader.load("tiny");
        SlotSource world = new SlotSource(tiny, 3);
        BlockingQueue<ACLMessage> inbox = new LinkedBlockingQueue<>();
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            platform.startAgent("server-1", FailingOnceServer.class, world, 1);
            AgentController clock =
                    platform.startAgent(ServiceTypes.CLOCK_NAME, ProbeAgent.class, inbox, "lambo-test-clock");
            org.lambo.agents.testing.Probes.awaitRegistered(clock, "lambo-test-clock", Duration.ofSeconds(10));
            for (int t = 0; t < 2; t++) {
                clock.putO2AObject(
                        LamboAcl.build(
                                ACLMessage.INFORM,
                                ServiceTypes.SLOT_PROTOCOL,
                                new SlotStart(
                                        t,
                                        SlotSource.activeUes(tiny, t),
                                        tiny.servers().size()),
                                new AID("server-1", AID.ISLOCALNAME)),
                        AgentController.ASYNC);
            }
            ACLMessage failure = inbox.poll(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(failure).isNotNull();
            assertThat(failure.getPerformative()).isEqualTo(ACLMessage.FAILURE);
            assertThat(LamboAcl.reason(failure))
                    .isEqualTo("server-1 could not handle the INFORM from trial-clock: IllegalStateException");
            await().atMost(Duration.ofSeconds(20)).until(() -> FailingOnceServer.CALLS.get() >= 2);
            assertThat(platform.hasAgent("server-1")).as("the agent lives on").isTrue();
            Discipline d = Discipline.of("server-1");
            assertThat(d.count(Discipline.Kind.FAILED)).isEqualTo(1);
            assertThat(d.count(Discipline.Kind.WRONG_SLOT))
                    .as("the next slot was taken as usual")
                    .isZero();
        }
    }
}
