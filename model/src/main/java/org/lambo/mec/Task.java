package org.lambo.mec;

import org.lambo.check.Require;

/**
 * The task of one UE in one slot: input size D (bit), workload F (cycles), maximum delay T (s).
 *
 * <p>By default the deadline binds every option, and an instance must then let every task meet it locally (T &gt;= F /
 * f_L). With {@code offloadOnly} the deadline binds only offloading (upload plus server time); local execution is
 * always allowed, however long it takes (a data set whose limit is a quality-of-service target for the edge, with the
 * UE's own CPU as the fallback). Every part of the model reads it in one place: {@link DecisionValidator} skips the
 * deadline of a local UE, and {@link CostModel#minShare} (what every policy and expert uses for offloading) is
 * unchanged.
 *
 * @param offloadOnly whether the deadline binds only an offloaded task (default false: every option)
 */
public record Task(double bits, double cycles, double deadlineS, boolean offloadOnly) {
    public Task {
        Require.positive("task bits", bits);
        Require.positive("task cycles", cycles);
        Require.positive("task deadlineS", deadlineS);
    }

    /** A task whose deadline binds every option. */
    public Task(double bits, double cycles, double deadlineS) {
        this(bits, cycles, deadlineS, false);
    }

    /** Whether running locally must meet the deadline too (the default). */
    public boolean deadlineBindsLocal() {
        return !offloadOnly;
    }
}
