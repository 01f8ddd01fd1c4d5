package org.lambo.agents;

/**
 * The DF service types the agents register under, and the agent names a trial gives them. Another agent finds them by
 * type, never by name; the names only make logs and tables readable.
 */
public final class ServiceTypes {
    /** A UE agent; one per UE of the scenario. */
    public static final String UE = "lambo-ue";
    /** An edge-server agent; one per server, service name {@code server-j}. */
    public static final String EDGE_SERVER = "lambo-edge-server";
    /** The orchestrator that decides every slot. */
    public static final String ORCHESTRATOR = "lambo-orchestrator";
    /** An expert that answers calls for proposals and label requests; service name = its policy. */
    public static final String EXPERT = "lambo-expert";
    /** The trial's clock, which starts the slots and collects the UEs' reports. */
    public static final String TRIAL_CLOCK = "lambo-trial-clock";

    /** Protocol of the clock's slot-start INFORMs. */
    public static final String SLOT_PROTOCOL = "lambo-slot";
    /** Protocol of the servers' state INFORMs to the orchestrator. */
    public static final String STATE_PROTOCOL = "lambo-state";
    /** Protocol of the UEs' task reports to the clock. */
    public static final String REPORT_PROTOCOL = "lambo-report";
    /** Protocol of an agent's word to the clock that it could not set up (FAILURE with the reason; CONFIRM back). */
    public static final String SETUP_PROTOCOL = "lambo-setup";

    public static final String ORCHESTRATOR_NAME = "orchestrator";
    public static final String CLOCK_NAME = "trial-clock";

    private ServiceTypes() {}

    /**
     * The local name a trial gives the agent of a role that has one agent (the orchestrator, the clock); null for the
     * others.
     */
    public static String wellKnownName(String type) {
        return switch (type) {
            case ORCHESTRATOR -> ORCHESTRATOR_NAME;
            case TRIAL_CLOCK -> CLOCK_NAME;
            default -> null;
        };
    }

    /** The lane ({@link Lanes}) of the orchestrator that UE {@code ue} sends its request to. */
    public static String orchestratorLane(int ue) {
        return Lanes.of(ORCHESTRATOR_NAME, ue);
    }

    /** The lane ({@link Lanes}) of the clock that UE {@code ue} sends its reports to. */
    public static String clockLane(int ue) {
        return Lanes.of(CLOCK_NAME, ue);
    }

    public static String ueName(int index) {
        return "ue-" + index;
    }

    public static String serverName(int number) {
        return "server-" + number;
    }

    public static String expertName(String policy) {
        return "expert-" + policy;
    }
}
