package org.lambo.agents.orchestrator;

import java.util.ArrayList;
import java.util.List;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.Vocabulary;
import org.lambo.mec.Instance;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.ServerState;

/**
 * What the orchestrator's decider is given for slot 0 of a world, as the agents would send it: each UE's request
 * ({@code ue-i}) and each server's state ({@code server-j}, nothing granted yet).
 */
final class SlotInputs {
    private SlotInputs() {}

    /** The request of every UE of {@code world}, in slot 0. */
    static List<OffloadingRequest> requests(Instance world) {
        List<OffloadingRequest> out = new ArrayList<>();
        for (int i = 0; i < world.n(); i++)
            out.add(new OffloadingRequest(0, Vocabulary.ueState(world, i, "ue-" + i), Vocabulary.task(world, i, 0)));
        return out;
    }

    /** The state of every server of {@code world}, in slot 0. */
    static List<ServerState> servers(Instance world) {
        List<ServerState> out = new ArrayList<>();
        for (int j = 1; j <= world.m(); j++) out.add(Vocabulary.serverState(world, j, ServiceTypes.serverName(j), 0));
        return out;
    }
}
