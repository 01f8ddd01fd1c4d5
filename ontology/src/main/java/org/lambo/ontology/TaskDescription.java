package org.lambo.ontology;

import org.lambo.check.Require;

/**
 * A UE's task of one slot: input size D (bit), workload F (cycles) and maximum delay T (s).
 *
 * @param taskId unique within a trial, e.g. {@code t12-ue3}
 */
public record TaskDescription(String taskId, double bits, double cycles, double deadlineS) {
    public TaskDescription {
        Require.name("taskId", taskId);
        Require.positive("bits", bits);
        Require.positive("cycles", cycles);
        Require.positive("deadlineS", deadlineS);
    }
}
