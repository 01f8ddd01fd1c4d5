package org.lambo.ontology;

import java.util.List;
import org.lambo.check.Require;
import org.lambo.io.Limits;

/**
 * The orchestrator tells server {@code number} (agent {@code server}) which tasks it was given in a slot and with what
 * shares (FIPA REQUEST: the server reserves them and answers with its state). The shares sum to at most 1.
 */
public record ServerAllocation(int slot, String server, int number, List<ShareGrant> grants) implements LamboMessage {
    public ServerAllocation {
        Require.atLeast("slot", slot, 0);
        Require.name("server", server);
        Require.between("number", number, 1, Limits.MAX_SERVERS);
        grants = Require.list("grants", grants, org.lambo.io.Limits.MAX_UES);
        double sum = 0;
        for (ShareGrant g : grants) sum += g.share();
        if (sum > 1 + Require.SHARE_SLACK)
            throw new IllegalArgumentException("grants' shares must sum to at most 1, got " + sum);
    }

    public double totalShare() {
        return grants.stream().mapToDouble(ShareGrant::share).sum();
    }
}
