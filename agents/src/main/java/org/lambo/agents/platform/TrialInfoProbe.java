package org.lambo.agents.platform;

import jade.core.Agent;
import jade.core.behaviours.TickerBehaviour;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.lambo.agents.Directory;

/**
 * Looks up the trial's {@link TrialInfo} in the DF every quarter second until it is there or the deadline has passed,
 * completes the future with it (or with null), and leaves. Arguments: the {@code CompletableFuture<TrialInfo>} and the
 * deadline ({@code System.currentTimeMillis()}).
 */
public final class TrialInfoProbe extends Agent {
    @Override
    @SuppressWarnings("unchecked")
    protected void setup() {
        CompletableFuture<TrialInfo> result = (CompletableFuture<TrialInfo>) getArguments()[0];
        long deadline = (Long) getArguments()[1];
        addBehaviour(new TickerBehaviour(this, 250) {
            @Override
            protected void onTick() {
                TrialInfo found = null;
                try {
                    Map<String, ?> infos = Directory.searchByServiceName(myAgent, TrialInfo.SERVICE_TYPE);
                    for (String name : infos.keySet()) {
                        found = TrialInfo.decode(name);
                        if (found != null) break;
                    }
                } catch (IllegalStateException e) {
                    // the DF did not answer this time
                }
                if (found != null || System.currentTimeMillis() > deadline) {
                    result.complete(found);
                    myAgent.doDelete();
                }
            }
        });
    }

    @Override
    protected void takeDown() {
        ((CompletableFuture<?>) getArguments()[0]).complete(null);
    }
}
