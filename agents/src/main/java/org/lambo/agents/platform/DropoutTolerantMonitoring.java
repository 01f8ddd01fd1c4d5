package org.lambo.agents.platform;

import jade.core.AgentContainer;
import jade.core.NodeFailureMonitor;
import jade.core.Profile;
import jade.core.ProfileException;
import jade.core.ServiceException;
import jade.core.VerticalCommand;
import jade.core.nodeMonitoring.NodeMonitoringService;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A JADE service of the main container that makes it watch every peripheral container with a
 * {@link DropoutTolerantMonitor}: a container whose connection breaks, or that answers no heartbeat, is kept until it
 * has answered no ping for {@value #TOLERANCE} ms (its profile parameter; {@link JadePlatform#DEFAULT_DROPOUT_MS} when
 * absent), then removed. JADE 4.3 asks the node monitoring service of the main container, when there is one, for the
 * monitor of each container that joins (else it uses its {@code BlockingNodeFailureMonitor}, which removes a container
 * whose connection breaks twice within a round trip). Peripheral containers do not need it. The dropouts its monitors
 * see go to the list registered under its {@value #RECORD} parameter ({@link #register};
 * {@link JadePlatform#dropouts()}).
 */
public final class DropoutTolerantMonitoring extends NodeMonitoringService {
    /** Profile parameter: how long an unreachable container is kept, in ms. */
    public static final String TOLERANCE = "lambo_dropout_ms";

    /** Profile parameter: the id under which the list that records this platform's dropouts was registered. */
    public static final String RECORD = "lambo_dropout_record";

    /** The lists that record dropouts, by id: the service is made by JADE, from the profile's strings only. */
    private static final Map<String, Consumer<ContainerDropout>> RECORDS = new ConcurrentHashMap<>();

    /** The service's name. */
    public static final String NAME = "org.lambo.DropoutTolerantMonitoring";

    /** What to do when a container is removed (its name and addresses), by the id of {@link #RECORDS}. */
    private static final Map<String, java.util.function.BiConsumer<String, List<String>>> REMOVALS =
            new ConcurrentHashMap<>();

    private long toleranceMs = JadePlatform.DEFAULT_DROPOUT_MS;
    private Consumer<ContainerDropout> record;
    private java.util.function.BiConsumer<String, List<String>> removed;

    /** Registers a list for a platform's dropouts; its id goes into the profile's {@value #RECORD}. */
    static String register(List<ContainerDropout> dropouts) {
        String id = UUID.randomUUID().toString();
        RECORDS.put(id, dropouts::add);
        return id;
    }

    /**
     * Registers what to do, beside cutting this JVM's connections to it, when a container is removed (its name and
     * addresses {@code host:port}): tell the other containers ({@link JadePlatform}). Under an id of {@link #register}.
     */
    static void onRemoved(String id, java.util.function.BiConsumer<String, List<String>> then) {
        REMOVALS.put(id, then);
    }

    /** Forgets a registered list (the platform is closed). */
    static void unregister(String id) {
        if (id == null) return;
        RECORDS.remove(id);
        REMOVALS.remove(id);
    }

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
        String id = p.getParameter(RECORD, null);
        record = id == null ? null : RECORDS.get(id);
        removed = id == null ? null : REMOVALS.get(id);
    }

    /** How long this main container keeps a container it cannot reach. */
    public long toleranceMs() {
        return toleranceMs;
    }

    @Override
    public NodeFailureMonitor getFailureMonitor() {
        DropoutTolerantMonitor m = new DropoutTolerantMonitor(toleranceMs, record);
        if (removed != null) m.onRemoved(removed);
        return m;
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
