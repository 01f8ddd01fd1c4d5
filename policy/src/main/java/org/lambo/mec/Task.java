package org.lambo.mec;

/** The task of one UE in one slot: input size D (bit), workload F (cycles), maximum delay T (s). */
public record Task(double bits, double cycles, double deadlineS) {
    public Task {
        Checks.positive("task bits", bits);
        Checks.positive("task cycles", cycles);
        Checks.positive("task deadlineS", deadlineS);
    }
}
