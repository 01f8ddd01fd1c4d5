package org.lambo.agents.testing;

import static org.awaitility.Awaitility.await;

import jade.core.AID;
import jade.core.Agent;
import jade.core.behaviours.Behaviour;
import jade.core.behaviours.OneShotBehaviour;
import jade.wrapper.AgentController;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.lambo.agents.Directory;

/** What tests ask of a {@link ProbeAgent} beyond sending messages. */
public final class Probes {
    private Probes() {}

    /**
     * Waits until an agent of the DF service type is registered, asking the DF through the probe.
     * The orchestrator registers only once its AMS watch is live, so after this no death goes unseen.
     */
    public static AID awaitRegistered(AgentController probe, String serviceType, Duration atMost) {
        AtomicReference<AID> found = new AtomicReference<>();
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
            probe.putO2AObject((Function<Agent, Behaviour>) a -> new OneShotBehaviour() {
                @Override
                public void action() {
                    AID o = Directory.searchOne(a, serviceType);
                    if (o != null) found.set(o);
                }
            }, AgentController.ASYNC);
            return found.get() != null;
        });
        return found.get();
    }
}
