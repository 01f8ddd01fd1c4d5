package org.lambo.ontology;

import java.util.Arrays;
import java.util.Optional;

/** The message types of the vocabulary and their names on the wire (the JSON form's {@code type}). */
public enum MessageType {
    SLOT_START("slot-start", SlotStart.class),
    OFFLOADING_REQUEST("offloading-request", OffloadingRequest.class),
    OFFLOADING_DECISION("offloading-decision", OffloadingDecision.class),
    SERVER_STATE("server-state", ServerState.class),
    SERVER_ALLOCATION("server-allocation", ServerAllocation.class),
    TASK_SUBMISSION("task-submission", TaskSubmission.class),
    TASK_RESULT("task-result", TaskResult.class),
    TASK_REPORT("task-report", TaskReport.class),
    LABEL_REQUEST("label-request", LabelRequest.class),
    PROPOSAL("proposal", Proposal.class),
    LABEL("label", Label.class),
    RELAY_BATCH("relay-batch", RelayBatch.class);

    private final String wireName;
    private final Class<? extends LamboMessage> type;

    MessageType(String wireName, Class<? extends LamboMessage> type) {
        this.wireName = wireName;
        this.type = type;
    }

    public String wireName() {
        return wireName;
    }

    public Class<? extends LamboMessage> javaType() {
        return type;
    }

    public static Optional<MessageType> byWireName(String name) {
        return Optional.ofNullable(name == null ? null : BY_WIRE_NAME.get(name));
    }

    /** Every type by its wire name: looked up for every message read. */
    private static final java.util.Map<String, MessageType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(java.util.stream.Collectors.toUnmodifiableMap(t -> t.wireName, t -> t));

    public static MessageType of(Class<? extends LamboMessage> type) {
        return Arrays.stream(values())
                .filter(t -> t.type == type)
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("not a message type of the vocabulary: " + type.getName()));
    }

    public static MessageType of(LamboMessage message) {
        return of(message.getClass());
    }
}
