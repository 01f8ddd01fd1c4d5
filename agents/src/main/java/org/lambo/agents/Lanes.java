package org.lambo.agents;

import jade.core.Agent;
import jade.core.messaging.MessagingHelper;
import jade.core.messaging.MessagingService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lanes: more names (JADE aliases) for an agent that many agents of one container send to. JADE queues a container's
 * messages per receiver name and delivers each to another container as one synchronous round trip, so 50 UEs of one
 * container reaching the orchestrator (their requests) or the clock (their reports) over a slow link went one round
 * trip after another; under {@value #COUNT} names they go {@value #COUNT} at a time. A lane is the agent itself: the
 * messages sent to it are the agent's, under the same discipline (who sent them is checked as before).
 */
public final class Lanes {
    private static final Logger LOG = LoggerFactory.getLogger(Lanes.class);

    /** How many lanes an agent takes. */
    public static final int COUNT = 16;

    private Lanes() {}

    /** The lane of {@code name} that the agent of index {@code i} uses: {@code NAME.lane-(i mod COUNT)}. */
    public static String of(String name, int i) {
        return name + ".lane-" + Math.floorMod(i, COUNT);
    }

    /** Makes the agent's lanes; false (and a warning) when JADE would not: it is then reached by its name only. */
    public static boolean take(Agent agent) {
        try {
            MessagingHelper h = (MessagingHelper) agent.getHelper(MessagingService.NAME);
            for (int k = 0; k < COUNT; k++) h.createAlias(of(agent.getLocalName(), k));
            return true;
        } catch (jade.core.ServiceException | jade.core.IMTPException | RuntimeException e) {
            LOG.warn(agent.getLocalName() + ": reached by its name only, its lanes could not be made: "
                    + ReceiveContent.describe(e));
            return false;
        }
    }
}
