package org.lambo.agents.platform;

import jade.core.AgentContainer;
import jade.core.NodeFailureMonitor;
import jade.core.Profile;
import jade.core.ProfileException;
import jade.core.ServiceException;
import jade.core.VerticalCommand;
import jade.core.nodeMonitoring.NodeMonitoringService;

/**
 * A JADE service of the main container that makes it watch every peripheral container with a
 * {@link DropoutTolerantMonitor}: a container whose connection breaks is kept for {@value #TOLERANCE} ms (its profile
 * parameter; {@link JadePlatform#DEFAULT_DROPOUT_MS} when absent) before it is removed. JADE 4.3 asks the node
 * monitoring service of the main container, when there is one, for the monitor of each container that joins (else it
 * uses its {@code BlockingNodeFailureMonitor}, which removes a container whose connection breaks twice within a round
 * trip). Peripheral containers do not need it.
 */
public final class DropoutTolerantMonitoring extends NodeMonitoringService {
    /** Profile parameter: how long an unreachable container is kept, in ms. */
    public static final String TOLERANCE = "lambo_dropout_ms";

    /** The service's name. */
    public static final String NAME = "org.lambo.DropoutTolerantMonitoring";

    private long toleranceMs = JadePlatform.DEFAULT_DROPOUT_MS;

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public void init(AgentContainer ac, Profile p) throws ProfileException {
        super.init(ac, p);
        String v = p.getParameter(TOLERANCE, null);
        if (v != null) {
            try {
                toleranceMs = Long.parseLong(v.strip());
            } catch (NumberFormatException e) {
                throw new ProfileException(TOLERANCE + " must be a whole number of ms, got '" + v + "'");
            }
            if (toleranceMs <= 0) throw new ProfileException(TOLERANCE + " must be > 0, got " + toleranceMs);
        }
    }

    /** How long this main container keeps a container it cannot reach. */
    public long toleranceMs() {
        return toleranceMs;
    }

    @Override
    public NodeFailureMonitor getFailureMonitor() {
        return new DropoutTolerantMonitor(toleranceMs);
    }

    /**
     * The monitors' "node unreachable / reachable" commands go nowhere: no service of a trial's platform listens to
     * them (JADE's UDP monitoring would), and JADE prints a stack trace when one cannot be processed.
     */
    @Override
    public Object submit(VerticalCommand cmd) throws ServiceException {
        return null;
    }
}
