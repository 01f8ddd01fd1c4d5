package org.lambo.ontology;

import org.lambo.check.Require;
import org.lambo.io.Limits;

/**
 * What an edge server reports in a slot: its agent name, its server number j (1-based, the option that chooses it),
 * position, CPU capacity f_j, whether it is up, the share of its CPU given out this slot (its load) and how many tasks
 * hold a share.
 */
public record ServerState(
        String server, int number, int slot, double x, double y, double cpuHz, boolean up, double load, int tasks)
        implements LamboMessage {
    public ServerState {
        Require.name("server", server);
        Require.between("number", number, 1, Limits.MAX_SERVERS);
        Require.atLeast("slot", slot, 0);
        Require.finite("x", x);
        Require.finite("y", y);
        Require.positive("cpuHz", cpuHz);
        Require.share("load", load);
        Require.atLeast("tasks", tasks, 0);
    }
}
