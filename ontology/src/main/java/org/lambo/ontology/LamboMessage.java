package org.lambo.ontology;

/**
 * A value that travels between agents and devices as the content of one message. Every message type of the vocabulary
 * implements it; {@link LamboJson} writes and reads them in the one JSON form, and {@link MessageType} names them on
 * the wire.
 */
public sealed interface LamboMessage
        permits SlotStart,
                OffloadingRequest,
                OffloadingDecision,
                ServerState,
                ServerAllocation,
                TaskSubmission,
                TaskResult,
                TaskReport,
                LabelRequest,
                Proposal,
                Label,
                RelayBatch {}
