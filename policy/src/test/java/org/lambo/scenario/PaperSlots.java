package org.lambo.scenario;

import java.util.ArrayList;
import java.util.List;
import org.lambo.mec.Instance;

/** Slots of {@code paper} at other sizes, for tests of policies and their decorators. */
public final class PaperSlots {
    private PaperSlots() {}

    /** {@code count} consecutive slots of {@code paper} with n UEs and m servers (its four servers' CPUs in turn). */
    public static List<Instance> of(int n, int m, long seed, int count) {
        Scenario paper = ScenarioLoader.load("paper");
        List<Scenario.ServerSpec> servers = new ArrayList<>();
        for (int j = 0; j < m; j++)
            servers.add(paper.servers().get(j % paper.servers().size()));
        World w = new World(paper.withUes(n).withServers(servers), seed);
        List<Instance> out = new ArrayList<>();
        for (int k = 0; k < count; k++) out.add(w.next());
        return out;
    }
}
