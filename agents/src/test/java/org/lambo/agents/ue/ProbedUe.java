package org.lambo.agents.ue;

import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.ProbeAgent;
import org.lambo.agents.testing.Probes;

/**
 * One real UE, {@code ue-0}, in slot 0 of its world, with probes playing the clock and the orchestrator under their
 * names, neither registered with the DF: what each probe hears is in its inbox.
 */
record ProbedUe(
        AgentController clock,
        BlockingQueue<ACLMessage> clockInbox,
        AgentController orchestrator,
        BlockingQueue<ACLMessage> orchestratorInbox) {

    /** Starts the probes, then {@code ue-0} with {@code timeouts}, and has the clock start slot 0 at it. */
    static ProbedUe inSlot0(JadePlatform platform, SlotSource world, UeTimeouts timeouts) throws Exception {
        BlockingQueue<ACLMessage> clockInbox = new LinkedBlockingQueue<>();
        BlockingQueue<ACLMessage> orchestratorInbox = new LinkedBlockingQueue<>();
        AgentController clock = platform.startAgent(ServiceTypes.CLOCK_NAME, ProbeAgent.class, clockInbox);
        AgentController orchestrator =
                platform.startAgent(ServiceTypes.ORCHESTRATOR_NAME, ProbeAgent.class, orchestratorInbox);
        platform.startAgent("ue-0", UeAgent.class, world, 0, timeouts);
        clock.putO2AObject(Probes.slotStart(world, 0, "ue-0"), AgentController.ASYNC);
        return new ProbedUe(clock, clockInbox, orchestrator, orchestratorInbox);
    }
}
