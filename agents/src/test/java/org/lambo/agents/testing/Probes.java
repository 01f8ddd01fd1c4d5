package org.lambo.agents.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.core.AID;
import jade.core.Agent;
import jade.core.behaviours.Behaviour;
import jade.core.behaviours.OneShotBehaviour;
import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.lambo.agents.Directory;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.platform.JadePlatform;

/** What tests ask of a {@link ProbeAgent} beyond sending messages. */
public final class Probes {
    private Probes() {}

    /**
     * Starts the orchestrator in {@code platform} as the tests run it: {@link NearestFitPolicy}, min-latency, the
     * channel of {@code scenario}, collecting requests for {@code collectMs} and waiting {@code serverMs} for the
     * servers.
     */
    public static AgentController startOrchestrator(
            JadePlatform platform, org.lambo.scenario.Scenario scenario, long collectMs, long serverMs)
            throws Exception {
        return platform.startAgent(
                ServiceTypes.ORCHESTRATOR_NAME,
                org.lambo.agents.orchestrator.OrchestratorAgent.class,
                new org.lambo.agents.orchestrator.OrchestratorConfig(
                        new NearestFitPolicy(),
                        org.lambo.mec.Prompt.MIN_LATENCY,
                        scenario.channel().params(),
                        collectMs,
                        serverMs));
    }

    /**
     * The next message of the performative in the inbox, waiting {@code seconds} at most (others, such as the AMS's
     * failures, are skipped).
     */
    public static ACLMessage next(BlockingQueue<ACLMessage> inbox, int performative, long seconds)
            throws InterruptedException {
        long until = System.currentTimeMillis() + seconds * 1000;
        while (System.currentTimeMillis() < until) {
            ACLMessage m = inbox.poll(200, TimeUnit.MILLISECONDS);
            if (m != null && m.getPerformative() == performative) return m;
        }
        throw new AssertionError("no " + ACLMessage.getPerformative(performative) + " within " + seconds + " s");
    }

    /**
     * The clock's slot-start of slot {@code slot} of {@code world} (its active UEs and its servers) to {@code ues}, for
     * a probe named {@link ServiceTypes#CLOCK_NAME} to send.
     */
    public static ACLMessage slotStart(org.lambo.agents.SlotSource world, int slot, String... ues) {
        AID[] to = new AID[ues.length];
        for (int k = 0; k < ues.length; k++) to[k] = new AID(ues[k], AID.ISLOCALNAME);
        return org.lambo.ontology.jade.LamboAcl.build(
                ACLMessage.INFORM,
                ServiceTypes.SLOT_PROTOCOL,
                new org.lambo.ontology.SlotStart(
                        slot,
                        org.lambo.agents.SlotSource.activeUes(world.scenario(), slot),
                        world.scenario().servers().size()),
                to);
    }

    /**
     * Has {@code probe} send {@code m} (to one receiver, such as one of an agent's lanes) and returns the answer it
     * gets within 30 s, checked to be a REFUSE from {@code agent} itself (not from the name it was sent to) on
     * {@code m}'s conversation.
     */
    public static ACLMessage refusalFrom(
            String agent, AgentController probe, BlockingQueue<ACLMessage> inbox, ACLMessage m) throws Exception {
        Iterator<?> to = m.getAllReceiver();
        String sentTo = ((AID) to.next()).getLocalName();
        probe.putO2AObject(m, AgentController.ASYNC);
        ACLMessage answer = inbox.poll(30, TimeUnit.SECONDS);
        assertThat(answer).as("an answer to the message sent to " + sentTo).isNotNull();
        assertThat(answer.getSender().getLocalName()).as(answer.toString()).isEqualTo(agent);
        assertThat(answer.getPerformative()).isEqualTo(ACLMessage.REFUSE);
        assertThat(answer.getConversationId()).isEqualTo(m.getConversationId());
        return answer;
    }

    /**
     * Waits until an agent of the DF service type is registered, asking the DF through the probe. The orchestrator
     * registers only once its AMS watch is live, so after this no death goes unseen.
     */
    public static AID awaitRegistered(AgentController probe, String serviceType, Duration atMost) {
        AtomicReference<AID> found = new AtomicReference<>();
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
            probe.putO2AObject(
                    (Function<Agent, Behaviour>) a -> new OneShotBehaviour() {
                        @Override
                        public void action() {
                            AID o = Directory.searchOne(a, serviceType);
                            if (o != null) found.set(o);
                        }
                    },
                    AgentController.ASYNC);
            return found.get() != null;
        });
        return found.get();
    }

    /**
     * Stand-ins for UEs {@code ue-0..count-1}: probes under the UEs' names, registered with the DF as UEs, every
     * message they receive going to {@code inbox}. The agents know UE i by its name, so what a test sends through
     * stand-in i comes from UE i. Returns once all are registered.
     */
    public static AgentController[] ueStandIns(
            JadePlatform platform, int count, BlockingQueue<ACLMessage> inbox, Duration atMost) throws Exception {
        AgentController[] out = new AgentController[count];
        for (int i = 0; i < count; i++)
            out[i] = platform.startAgent(ServiceTypes.ueName(i), ProbeAgent.class, inbox, ServiceTypes.UE);
        if (count == 0) return out;
        java.util.concurrent.atomic.AtomicInteger found = new java.util.concurrent.atomic.AtomicInteger();
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
            out[0].putO2AObject(
                    (Function<Agent, Behaviour>) a -> new OneShotBehaviour() {
                        @Override
                        public void action() {
                            found.set(Directory.searchByServiceName(a, ServiceTypes.UE)
                                    .size());
                        }
                    },
                    AgentController.ASYNC);
            return found.get() >= count;
        });
        return out;
    }

    /**
     * The decision that runs {@code r}'s task locally, with the cost model's latency and energy for its UE in
     * {@code slot}: what a probe standing in for the orchestrator answers.
     */
    public static org.lambo.ontology.OffloadingDecision local(
            org.lambo.mec.Instance slot, org.lambo.ontology.OffloadingRequest r) {
        int i = r.ue().index();
        return new org.lambo.ontology.OffloadingDecision(
                r.slot(),
                r.ue().ue(),
                r.task().taskId(),
                0,
                "",
                0,
                org.lambo.mec.CostModel.localLatency(slot, i),
                org.lambo.mec.CostModel.localEnergy(slot, i),
                "");
    }
}
