package org.lambo.agents.platform;

import jade.core.Agent;
import org.lambo.agents.Directory;
import org.slf4j.LoggerFactory;

/**
 * Publishes the trial's {@link TrialInfo} in the DF (type {@value TrialInfo#SERVICE_TYPE}, the info in the service
 * name) for joining containers to check. Argument: the {@link TrialInfo}. It sends and answers no message.
 */
public final class TrialInfoAgent extends Agent {
    /** The agent's name in the main container. */
    public static final String NAME = "trial-info";

    @Override
    protected void setup() {
        TrialInfo info = (TrialInfo) getArguments()[0];
        addBehaviour(new org.lambo.agents.RegisterWithDirectory(
                this, TrialInfo.SERVICE_TYPE, info.encode(), () -> {}, why -> {
                    // a joining container then finds no trial info and says so
                    LoggerFactory.getLogger("org.lambo.platform").warn(why);
                    doDelete();
                }));
    }

    @Override
    protected void takeDown() {
        Directory.deregister(this);
    }
}
